"""What each page gives the search index: one small record per innovation, month of picks
and page, and the values of the search page's filters.

A record holds what a reader searches for (title, summary, the opening of the body, people,
unit, tags), not the whole page, and adds words with "đ" folded to "d", so that "duong day"
finds "đường dây" ("đ" is a letter of its own in Unicode: removing marks leaves it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.content.model import Innovation, MonthPicks
from generator.site import urls
from generator.site.counting import is_counted
from generator.site.site_plan import Site
from generator.site.vietnamese import fold, format_date, slugify, text_key

from .search_record import AUTHOR_SEPARATOR, SearchRecord

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_D_WORD = re.compile(r"(?<!\w)\w*[đĐ]\w*")
"""A whole word with đ: it starts where no letter is before it, so a long word without đ is
scanned once, not once from each of its letters."""
MAX_CONTENT_CHARS = 6000
"""Text indexed per record for pages and monthly stories."""
MAX_BODY_CHARS = 400
"""Body text indexed per innovation, besides its title, summary, people, unit and tags: the
opening of Thực trạng. Every indexed word costs the reader's first search and the indexer's
time and memory."""

def plain_text(rendered: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", rendered))).strip()


def plain_text_start(rendered: str, limit: int, window: int = 0) -> str:
    """plain_text(rendered)[:limit], made from as little of rendered as gives that much.

    A piece that ends with ">" splits no tag (a tag's "<" finds its ">" inside the piece), no
    entity (">" is in no entity's name) and no run of spaces it does not end: its text is the
    start of the whole text, as far as it goes. window: the first piece's length."""
    window = window or 4 * limit + 64
    while window < len(rendered):
        cut = rendered.rfind(">", 0, window) + 1
        if cut:
            text = plain_text(rendered[:cut])
            if len(text) >= limit:
                return text[:limit]
        window *= 4
    return plain_text(rendered)[:limit]


def folded_d_words(text: str) -> str:
    """The words of text that contain đ, folded: 'Đường dây đo đếm' -> 'duong do dem'."""
    return " ".join(dict.fromkeys(fold(w) for w in _D_WORD.findall(text)))


def innovation_record(site: Site, inn: Innovation, body_html: str) -> SearchRecord:
    catalog = site.catalog
    program = catalog.program
    unit = catalog.unit_by_code[inn.unit]
    category = program.categories[inn.category]
    names = [a.name for a in inn.authors]
    authors = ", ".join(names)
    body = plain_text_start(body_html, MAX_BODY_CHARS)
    tags = " ".join(inn.tags)
    words = f"{inn.title} {inn.summary} {body} {authors} {unit.name} {tags}"
    # Title, summary, unit and tags are searched through the record's meta (partitioned.py
    # indexes them by field): in the content as well, each of their words would be stored
    # twice. The search page ranks its first results again by title, summary and tags
    # (sk-search.js).
    return SearchRecord(
        url=site.url_of(inn),
        title=inn.title,
        # The id and the unit's code are words a reader may type ("EVNNPT-2022-0034").
        # The unit's code and those of the units above it (v3: a search for the company finds
        # what its grassroots unions registered).
        content=f"{body} {authors} {inn.id} {' '.join(catalog.lineage(inn.unit))} "
                f"{folded_d_words(words)}",
        meta={"unit": unit.name, "category": category, "summary": inn.summary,
              "tags": ", ".join(inn.tags), "date": format_date(inn.registered),
              "kind": "Sáng kiến", "id": inn.id, "authors": AUTHOR_SEPARATOR.join(names)},
        filters=innovation_filters(site, inn),
        sort={"date": inn.registered.isoformat()},
    )


@dataclass(frozen=True)
class FilterOption:
    """One value of a search filter as the search page offers it."""

    token: str
    """In the page's address: ?don-vi=EVNNPC, ?giai-doan=1, ?chu-de=an-toan."""
    value: str
    """The value in the index (the record's filter value)."""
    label: str
    """What the reader reads."""
    count: int


@dataclass(frozen=True)
class SearchFilter:
    key: str
    """The records' filter name."""
    param: str
    """Its name in the page's address."""
    label: str
    options: tuple[FilterOption, ...]


FILTERS = (("unit", "don-vi", "Đơn vị"), ("phase", "giai-doan", "Giai đoạn"),
           ("category", "loai", "Loại giải pháp"), ("year", "nam", "Năm đăng ký"),
           ("award", "giai-thuong", "Giải thưởng"), ("tag", "chu-de", "Chủ đề"))
"""Filters of the search page: the records' name, the address's name, the label."""


def common_words(names: list[str]) -> int:
    """How many first words every name shares, leaving each at least one of its own:
    ['Công đoàn Tổng công ty Phát điện 1', 'Công đoàn Trường Đại học Điện lực'] -> 2."""
    split = [name.split() for name in names]
    if len(split) < 2:
        return 0
    shared = 0
    while all(len(words) > shared + 1 for words in split) \
            and len({words[shared] for words in split}) == 1:
        shared += 1
    return shared


def unit_labels(names: list[str]) -> dict[str, str]:
    """Units' names as the filter shows them: without the words they all start with
    ("Công đoàn"), which cut every name to the same first words in a narrow control."""
    shared = common_words(names)
    return {name: " ".join(name.split()[shared:]) for name in names}


def filter_choices(site: Site) -> list[SearchFilter]:
    """The values of each search filter with their counts, as the index will hold them.

    Written into the search page, so that a reader's browser downloads no filter data
    before a filter is actually chosen; each value has a short token for the page's address,
    so that a search with its filters can be shared.
    """
    catalog = site.catalog
    program = catalog.program
    counts: dict[str, dict[str, int]] = {key: {} for key, _, _ in FILTERS}
    for inn in catalog.published:
        for key, values in innovation_filters(site, inn).items():
            if key in counts:
                for value in values:
                    counts[key][value] = counts[key].get(value, 0) + 1
    units = {unit.name: unit for unit in catalog.units}
    short = unit_labels(list(units))
    categories = {name: key for key, name in program.categories.items()}
    awards = {kind.name: key for key, kind in program.awards.items()}
    phases = {phase.name: phase for phase in program.phases}

    def option(key: str, value: str, count: int) -> FilterOption:
        if key == "unit":
            return FilterOption(units[value].code, value, short[value], count)
        if key == "phase":
            return FilterOption(str(phases[value].id), value, value, count)
        if key == "category":
            return FilterOption(categories[value], value, value, count)
        if key == "award":
            return FilterOption(awards[value], value, value, count)
        if key == "tag":
            return FilterOption(slugify(value), value, value, count)
        return FilterOption(value, value, value, count)

    out = []
    for key, param, label in FILTERS:
        options = [option(key, value, count) for value, count in counts[key].items()]
        if key == "phase":
            options.sort(key=lambda o: phases[o.value].id)
        else:
            options.sort(key=lambda o: text_key(o.label))
        if key == "year":
            options.reverse()
        out.append(SearchFilter(key, param, label, tuple(options)))
    return out


def innovation_filters(site: Site, inn: Innovation) -> dict[str, list[str]]:
    program = site.catalog.program
    phase = program.phase_of(inn.registered)
    return {
        # The unit and every unit above it: a unit's filter holds its whole subtree (v3).
        "unit": [site.catalog.unit_by_code[code].name for code in site.catalog.lineage(inn.unit)],
        "phase": [phase.name] if phase is not None else [],
        "category": [program.categories[inn.category]],
        "year": [str(inn.registered.year)],
        "award": sorted({program.awards[a.kind].name for a in inn.awards}),
        "tag": list(dict.fromkeys(site.tag_name(tag) for tag in inn.tags)),
        "counted": ["Được tính" if is_counted(inn, program) else "Không được tính"],
    }


def month_picks_record(month: MonthPicks, story_html: str, site: Site) -> SearchRecord:
    headlines = " ".join(f"{site.catalog.by_id[p.id].title} {p.headline}" for p in month.picks)
    text = f"{plain_text(story_html)} {headlines}"[:MAX_CONTENT_CHARS]
    return SearchRecord(
        url=urls.month_picks(month.month),
        title=month.title,
        content=f"{text} {folded_d_words(month.title + ' ' + text)}",
        meta={"summary": text[:200], "kind": "Tiêu biểu"},
        sort={"date": f"{month.month}-01"},
    )


def page_record(url: str, title: str, page_html: str) -> SearchRecord:
    text = plain_text_start(page_html, MAX_CONTENT_CHARS)
    return SearchRecord(url=url, title=title,
                        content=f"{text} {folded_d_words(title + ' ' + text)}",
                        meta={"summary": text[:200], "kind": "Trang"})
