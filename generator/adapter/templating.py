"""Jinja filters the templates use: Vietnamese formats and small lookups."""

from __future__ import annotations

import json
import re
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from generator.content.definitions import EVENT_KINDS
from generator.site import urls
from generator.site import vietnamese as vi
from generator.site.csp import TrustedScripts, template_scripts
from generator.site.site_plan import PageKind, Site

TEMPLATES = {
    PageKind.HOME: "sk/home.html",
    PageKind.INNOVATION: "sk/innovation.html",
    PageKind.LISTING: "sk/list.html",
    PageKind.IMPACT: "sk/impact.html",
    PageKind.UNITS: "sk/units.html",
    PageKind.UNIT: "sk/unit.html",
    PageKind.CATEGORIES: "sk/categories.html",
    PageKind.TAGS: "sk/tags.html",
    PageKind.AWARDS: "sk/awards.html",
    PageKind.AWARD: "sk/award.html",
    PageKind.MONTH_PICKS_ARCHIVE: "sk/month_picks_archive.html",
    PageKind.MONTH_PICKS: "sk/month_picks.html",
    PageKind.STATS: "sk/stats.html",
    PageKind.SEARCH: "sk/search.html",
    PageKind.HONOUR: "sk/honour.html",
    PageKind.HONOUR_LETTER: "sk/honour_letter.html",
    PageKind.AWARD_YEAR: "sk/award_year.html",
    PageKind.EVENTS: "sk/events.html",
    PageKind.EVENT: "sk/event.html",
    PageKind.ADVISORY_TEAMS: "sk/advisory_teams.html",
    PageKind.REPORTS: "sk/reports.html",
    PageKind.UNIT_REPORT: "sk/unit_report.html",
    PageKind.PROGRAMME_REPORT: "sk/programme_report.html",
}
"""The template that renders each kind of planned page (under overrides/)."""
BODY_TEMPLATES = {
    PageKind.INNOVATION: "sk/body/innovation.html",
    PageKind.LISTING: "sk/body/list.html",
    PageKind.IMPACT: "sk/body/impact.html",
    PageKind.UNIT: "sk/body/unit.html",
    PageKind.UNIT_REPORT: "sk/body/unit_report.html",
    PageKind.PROGRAMME_REPORT: "sk/body/programme_report.html",
    PageKind.HONOUR_LETTER: "sk/body/honour_letter.html",
}
"""Kinds rendered as bulk pages: the body template that fills their shell's slot."""
PROBLEMS_TEMPLATE = "sk/problems.html"
"""While previewing content with errors, every page."""
OUR_TEMPLATES = "sk/"
"""Templates under this prefix are ours and autoescaped; Material's are left as they are."""


def is_ours(name: str | None) -> bool:
    """The Jinja environment's autoescape rule: our templates only."""
    return name is not None and name.startswith(OUR_TEMPLATES)


class RenderedOnce:
    """Markup made once per key for one build, the most recently used `size` kept.

    An innovation's card (sk/partials/cards.html) appears on about eight pages: its listings
    by unit, category, topic, phase and award, and under its related innovations. Only the
    way to the site's root and the level of its heading differ from page to page: it is made
    once with stand-ins for them (ROOT, LEVEL) and given to each page with the page's own
    in their place. Listings are made one kind after another, so a card comes back about one
    listing of every innovation later: the most recent (`size`) hold every card of a
    programme's size, and bound the memory at any size."""

    ROOT = Markup("\x00root")
    LEVEL = Markup("\x00level")
    """Stand-ins that begin with NUL, which no text that reaches a page can hold (the
    content's files are refused with one, generator/content/sources.py)."""

    def __init__(self, size: int = 32_768) -> None:
        self.size = size
        self.items: OrderedDict[str, str] = OrderedDict()

    def joined(self, items: Iterable[Any], root: str, level: int,
               make: Callable[..., Markup]) -> Markup:
        """The items' markup, one after another, with the page's root and level in place;
        make(item, level=LEVEL, root=ROOT) makes an item's markup when it is not kept (the
        key is the item's id). One loop here, not one in the template: a page shows up to
        fifty cards."""
        kept = self.items
        made: list[str] = []
        for item in items:
            value = kept.get(item.id)
            if value is None:
                value = kept[item.id] = str(make(item, level=self.LEVEL, root=self.ROOT))
                if len(kept) > self.size:
                    kept.popitem(last=False)
            else:
                kept.move_to_end(item.id)
            made.append(value)
        # No NUL outside the stand-ins: one card's end and the next one's start form none.
        return Markup("".join(made).replace(self.ROOT, escape(root))
                      .replace(self.LEVEL, escape(level)))


def register_filters(env: jinja2.Environment, site: Site | None) -> None:
    """Our filters, the site's addresses as the global `urls` (templates spell none) and the
    site as `sk_site` (the templates that read no page, sk/partials/cards.html, see it).
    Called for every build: what one build rendered once is not the next one's."""
    env.globals["urls"] = urls
    env.globals["sk_site"] = site
    env.globals["made_cards"] = RenderedOnce()
    env.globals["event_kinds"] = EVENT_KINDS
    env.filters["vn_int"] = vi.format_int
    env.filters["vn_money"] = vi.format_money
    env.filters["vn_money_exact"] = vi.format_money_exact
    env.filters["vn_date"] = vi.format_date
    env.filters["vn_month"] = vi.format_month
    env.filters["vn_percent"] = vi.format_percent
    env.filters["progress_width"] = progress_width
    env.filters["json_script"] = json_script
    env.filters["site_root"] = site_root
    env.filters["query_value"] = query_value


def query_value(value: str) -> str:
    """A value percent-encoded whole for a query string: `/`, `:` and `&` too (a shared
    address in a sharer's `?u=`)."""
    return quote(str(value), safe="")


_TABLE_TAG = re.compile(r"<table\b[^>]*>|</table>")
_WRAP_OPEN = '<div class="sk-table-wrap" tabindex="0" role="region" aria-label="Bảng">'


_TRUSTED: weakref.WeakKeyDictionary[jinja2.Environment, TrustedScripts] = (
    weakref.WeakKeyDictionary())


def trusted_scripts(env: jinja2.Environment) -> TrustedScripts:
    """The inline scripts the theme's templates can write (csp.py), read once per build (per
    environment: MkDocs makes one each build) from the folders it loads templates from."""
    known = _TRUSTED.get(env)
    if known is None:
        loader = env.loader
        folders = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
        known = _TRUSTED[env] = template_scripts(folders)
    return known


def focusable_tables(html: str) -> str:
    """Markdown's tables in a wrapper a keyboard can scroll (WCAG: a scrollable region must be
    focusable); Material would otherwise wrap them, in JavaScript, without a tabindex. Only
    bare <table>s (Markdown's) are wrapped; a stack pairs each with its own closing tag."""
    if "<table>" not in html:
        return html
    ours: list[bool] = []

    def wrap(match: re.Match[str]) -> str:
        tag = match.group()
        if tag.startswith("</"):
            return "</table></div>" if ours and ours.pop() else tag
        ours.append(tag == "<table>")
        return f'{_WRAP_OPEN}<table class="sk-table">' if tag == "<table>" else tag

    return _TABLE_TAG.sub(wrap, html)


def site_root(base_url: str) -> str:
    """The page's way to the site's root (base_url) without its closing "/"."""
    return base_url[:-1] if base_url.endswith("/") else base_url


def progress_width(count: float, target: float) -> str:
    """CSS width of a progress bar, capped at 100%."""
    if target <= 0:
        return "0%"
    return f"{min(100.0, 100.0 * count / target):.1f}%"


def json_script(value: object) -> Markup:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the rebuilds of a preview server.

    MkDocs makes a new Jinja environment for every build, which compiles the theme's
    templates again. Jinja checks each template's source against the checksum
    stored with its code, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
