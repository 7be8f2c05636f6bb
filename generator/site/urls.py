"""Every address of the built site, in one place.

The plan, the templates (the Jinja global `urls`), the search records, the exports, the
checker's reserved addresses and the sitemap all ask here. Addresses are site-relative, with
directory URLs: a page's address ends with '/', its file is that address + 'index.html'.
"""

from __future__ import annotations

HOME = ""
INNOVATIONS = "sang-kien/"
UNITS = "don-vi/"
CATEGORIES = "loai/"
TAGS = "chu-de/"
AWARDS = "giai-thuong/"
MONTH_PICKS = "tieu-bieu/"
"""The board's monthly picks (tiêu biểu tháng)."""
STATS = "thong-ke/"
SEARCH = "tim-kiem/"
HONOUR = "vinh-danh/"
PHASES = "giai-doan/"
ADVISORY_TEAMS = "to-tu-van/"
EVENTS = "su-kien/"
REPORTS = "bao-cao/"
IMPACT = "hieu-qua/"
"""v3: the programme's impact (giá trị làm lợi)."""
EDITOR = "bien-tap/"
"""The web editor (Decap CMS): a page of its own, not one of the plan's."""

SECTIONS = tuple(s.rstrip("/") for s in (
    INNOVATIONS, UNITS, CATEGORIES, TAGS, AWARDS, MONTH_PICKS, STATS, SEARCH, HONOUR, PHASES,
    ADVISORY_TEAMS, EVENTS, REPORTS, IMPACT))
"""First segments of the generated pages' addresses (v2's and v3's included)."""

NAV_SECTIONS = {
    INNOVATIONS: INNOVATIONS, CATEGORIES: INNOVATIONS, TAGS: INNOVATIONS, PHASES: INNOVATIONS,
    UNITS: UNITS, ADVISORY_TEAMS: UNITS, AWARDS: AWARDS, MONTH_PICKS: MONTH_PICKS,
    STATS: STATS, IMPACT: STATS, HONOUR: HONOUR, EVENTS: EVENTS, REPORTS: REPORTS,
}
"""A generated page's first segment -> the menu's entry it belongs under (the menu lists one
page per section; the others are marked as being in it)."""


def nav_section(url: str) -> str | None:
    """The address of the menu entry a page of this address belongs under, if any."""
    return NAV_SECTIONS.get(url.split("/", 1)[0] + "/")


STATS_JSON = "data/stats.json"
INNOVATIONS_JSON = "data/innovations.json"
INNOVATIONS_CSV = "data/innovations.csv"
DATA_FILES = (STATS_JSON, INNOVATIONS_JSON, INNOVATIONS_CSV)
SCHEMAS = "schema/"
SEARCH_PARTS = "chi-muc/"
"""The partitioned search index (generator/search/partitioned.py)."""
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")
SITEMAP_LIMIT = 50000
"""Addresses one sitemap may list (sitemaps.org); a larger site's sitemap.xml is an index of
parts."""


def sitemap_part(number: int) -> str:
    return f"sitemap-{number}.xml"
NOT_FOUND = "404.html"
THEME_ASSETS = "assets/"
SHARE_CARDS = "the-chia-se/"
"""Pictures a shared link shows (Zalo, Facebook): one per unit and one for the programme."""
PROGRAMME_CARD = f"{SHARE_CARDS}chuong-trinh.png"
PREVIEW_PROBLEMS = "loi-noi-dung/"
"""While previewing content with errors: every file left out, and why (preview_gaps.py)."""
RESERVED_FOLDERS = tuple(s.rstrip("/") for s in (
    THEME_ASSETS, "data/", SCHEMAS, "pagefind/", SEARCH_PARTS, "search/", EDITOR,
    SHARE_CARDS, PREVIEW_PROBLEMS)) + SECTIONS
"""Folders the theme, the open data, the schemas, the search index, the share cards and the
generated pages fill, and those of the search indexes the site had before (search/,
pagefind/): nothing of content/ may be published there."""
RESERVED_FILES = (NOT_FOUND, *SITEMAP_FILES)

PAGE_FILE = "index.md"
"""The name of a generated page's virtual Markdown file under its address."""


def innovation(innovation_id: str) -> str:
    return f"{INNOVATIONS}{innovation_id.lower()}/"


def unit(code: str) -> str:
    return f"{UNITS}{code.lower()}/"


def category(key: str) -> str:
    return f"{CATEGORIES}{key}/"


def tag(slug: str) -> str:
    return f"{TAGS}{slug}/"


def award(key: str) -> str:
    return f"{AWARDS}{key}/"


def month_picks(month: str) -> str:
    """month: YYYY-MM."""
    return f"{MONTH_PICKS}{month}/"


def award_year(key: str, year: int) -> str:
    return f"{AWARDS}{key}/nam-{year}/"


def honour_letter(slug: str) -> str:
    """slug: the letter as vietnamese.letter_slug writes it."""
    return f"{HONOUR}{slug}/"


def phase(phase_id: int) -> str:
    return f"{PHASES}{phase_id}/"


def event(slug: str) -> str:
    """slug: the event's file name, YYYY-MM-DD-SLUG."""
    return f"{EVENTS}{slug}/"


EVENTS_CALENDAR = f"{EVENTS}lich.ics"
INNOVATIONS_FEED = f"{INNOVATIONS}feed.xml"
MONTH_PICKS_FEED = f"{MONTH_PICKS}feed.xml"
AWARDS_FEED = f"{AWARDS}feed.xml"
FEEDS = (INNOVATIONS_FEED, MONTH_PICKS_FEED, AWARDS_FEED)
PROGRAMME_REPORTS = f"{REPORTS}tong-hop/"


def unit_report(code: str, month: str) -> str:
    return f"{REPORTS}{code.lower()}/{month}/"


def unit_workbook(code: str, month: str) -> str:
    return f"{REPORTS}{code.lower()}/{month}.xlsx"


def programme_report(month: str) -> str:
    return f"{PROGRAMME_REPORTS}{month}/"


def programme_workbook(month: str) -> str:
    return f"{PROGRAMME_REPORTS}{month}.xlsx"


def unit_workbook_name(code: str, month: str) -> str:
    """The name a unit's workbook is saved under (the link's `download`): what it is, whose
    and which month, in one name a union office can file as it is."""
    return f"bao-cao-{code.lower()}-{month}.xlsx"


def programme_workbook_name(month: str) -> str:
    return f"bao-cao-tong-hop-{month}.xlsx"


def unit_card(code: str) -> str:
    return f"{SHARE_CARDS}{code.lower()}.png"


def listing_page(base: str, number: int) -> str:
    """Page number of a paginated listing whose first page is base."""
    return base if number == 1 else f"{base}trang/{number}/"


def schema(name: str) -> str:
    return f"{SCHEMAS}{name}"


def markdown_page(src_uri: str) -> str:
    """The address MkDocs gives an ordinary Markdown page of content/ (its path there)."""
    stem = src_uri.removesuffix(".md")
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{stem}/"


def source_of(address: str) -> str:
    """The virtual Markdown file MkDocs renders at a page address."""
    return f"{address}{PAGE_FILE}"
