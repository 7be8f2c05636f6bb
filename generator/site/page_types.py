"""The site's pages as data: their kinds, a planned page, a listing's pagination, the site
with its plan, and the sequences of pages made when asked for. Pure, no MkDocs."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, overload

from generator.content.model import Catalog, Event, Innovation, MonthPicks

from . import urls
from .counting import Stats, is_counted
from .impact import Impact
from .reports import ProgrammeMonth

PER_PAGE = 20
"""Cards per listing page: short enough for a phone, long enough to skim."""
PEOPLE_PER_PAGE = 20
"""People per page of the honour roll: under 20 phone screens at 10,000 innovations."""
ROLL_PER_PAGE = 25
"""Entries per page of an award's roll: under 20 phone screens as cards."""
LATEST_AWARDS = 10
"""Entries of each roll shown on the awards' index."""
REPLICATED_SHOWN = 30
"""Innovations from other units replicated in a unit, listed on its page (newest first)."""


class PageKind(Enum):
    """What a planned page shows; the adapter picks its template by kind."""

    HOME = "home"
    INNOVATION = "innovation"
    LISTING = "listing"
    """A paginated list of innovations: all of them, a category's, a tag's."""
    UNITS = "units"
    UNIT = "unit"
    CATEGORIES = "categories"
    TAGS = "tags"
    AWARDS = "awards"
    AWARD = "award"
    MONTH_PICKS_ARCHIVE = "month_picks_archive"
    """Every month's picks of the board, newest first."""
    MONTH_PICKS = "month_picks"
    STATS = "stats"
    SEARCH = "search"
    HONOUR = "honour"
    HONOUR_LETTER = "honour_letter"
    """The people of the honour roll whose given name starts with one letter, paginated."""
    AWARD_YEAR = "award_year"
    """One award kind's roll for one year."""
    EVENTS = "events"
    EVENT = "event"
    ADVISORY_TEAMS = "advisory_teams"
    REPORTS = "reports"
    """The index of the monthly reports, by unit and month."""
    UNIT_REPORT = "unit_report"
    PROGRAMME_REPORT = "programme_report"
    IMPACT = "impact"
    """v3: counted initiatives with a benefit, highest first; totals on page 1."""


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str
    """Path of the virtual Markdown file, e.g. 'sang-kien/evnnpc-2022-0042/index.md'."""
    kind: PageKind
    title: str
    markdown: str = ""
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = False
    description: str = ""
    hide: tuple[str, ...] = ("navigation", "toc")
    """Material's sidebars to hide: listings have no headings worth a table of contents."""

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix(urls.PAGE_FILE)


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    base: str
    """URL of page 1; page n lives at base + 'trang/n/'."""

    def url_of(self, number: int) -> str:
        return urls.listing_page(self.base, number)

    @property
    def previous(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to show, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.count} | set(range(self.number - radius, self.number + radius + 1))
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        out: list[int | None] = []
        for n in numbers:
            if out and out[-1] is not None and n - out[-1] > 1:  # type: ignore[operator]
                out.append(None)
            out.append(n)
        return out


@dataclass(frozen=True)
class Site:
    catalog: Catalog
    stats: Stats
    pages: ChainedPages
    """Every page: the innovations' made one at a time when asked for (InnovationPages)."""
    tag_slugs: dict[str, str]
    featured_in: dict[str, tuple[MonthPicks, ...]]
    reports: tuple[ProgrammeMonth, ...] = ()
    """The monthly reports, oldest month first."""
    events: tuple[Event, ...] = ()
    """Published events, newest first."""
    impact: Impact | None = None

    def url_of(self, innovation: Innovation) -> str:
        return urls.innovation(innovation.id)

    @functools.cached_property
    def tag_names(self) -> dict[str, str]:
        """The one spelling shown for each topic's address, as its page shows it: tags
        written differently ("An toàn", "an toàn") are one topic, one filter."""
        return tag_names(self.tag_slugs)

    def tag_name(self, tag: str) -> str:
        return self.tag_names[self.tag_slugs[tag]]


def _listing(base: str, title: str, items: Sequence[Innovation], kind: PageKind,
             extra: dict[str, Any] | None = None, in_nav: bool = False,
             description: str = "", first: dict[str, Any] | None = None
             ) -> Iterator[PlannedPage]:
    """first: what only page 1 shows (a unit's children, ...): not carried by every page."""
    count = max(1, -(-len(items) // PER_PAGE))
    for number in range(1, count + 1):
        pagination = Pagination(number, count, base)
        url = pagination.url_of(number)
        chunk = items[(number - 1) * PER_PAGE: number * PER_PAGE]
        page_title = title if number == 1 else f"{title} (trang {number})"
        yield PlannedPage(
            src_uri=urls.source_of(url),
            kind=kind,
            title=page_title,
            context={"items": chunk, "pagination": pagination, "total": len(items),
                     **(extra or {}), **((first or {}) if number == 1 else {})},
            in_nav=in_nav and number == 1,
            description=description,
        )


class InnovationPages(Sequence[PlannedPage]):
    """The innovations' pages, each made when asked for: a million planned pages would not
    fit in a build's memory; a slice is another InnovationPages (forked workers take every
    k-th)."""

    def __init__(self, catalog: Catalog, innovations: Sequence[Innovation],
                 featured_in: dict[str, tuple[MonthPicks, ...]],
                 presented_at: dict[str, tuple[Event, ...]],
                 related: dict[str, tuple[Innovation, ...]]) -> None:
        self.catalog = catalog
        self.innovations = innovations
        self.featured_in = featured_in
        self.presented_at = presented_at
        self.related = related

    def __len__(self) -> int:
        return len(self.innovations)

    @overload
    def __getitem__(self, index: int) -> PlannedPage: ...

    @overload
    def __getitem__(self, index: slice) -> InnovationPages: ...

    def __getitem__(self, index: int | slice) -> PlannedPage | InnovationPages:
        if isinstance(index, slice):
            return InnovationPages(self.catalog, self.innovations[index], self.featured_in,
                                   self.presented_at, self.related)
        return self._page(self.innovations[index])

    def __iter__(self) -> Iterator[PlannedPage]:
        return map(self._page, self.innovations)

    def _page(self, inn: Innovation) -> PlannedPage:
        program = self.catalog.program
        return PlannedPage(
            src_uri=urls.source_of(urls.innovation(inn.id)),
            kind=PageKind.INNOVATION,
            title=inn.title,
            markdown=inn.body,
            context={
                "innovation": inn,
                "unit": self.catalog.unit_by_code[inn.unit],
                "counted": is_counted(inn, program),
                "phase": program.phase_of(inn.registered),
                "featured_in": self.featured_in.get(inn.id, ()),
                "presented_at": self.presented_at.get(inn.id, ()),
                "related": self.related.get(inn.id, ()),
            },
            description=inn.summary,
        )


class ChainedPages(Sequence[PlannedPage]):
    """Sequences of pages one after the other, sliced without making their pages."""

    def __init__(self, parts: Sequence[Sequence[PlannedPage]]) -> None:
        self.parts = tuple(part for part in parts if len(part))
        self.starts = list(itertools.accumulate((len(p) for p in self.parts), initial=0))

    def __len__(self) -> int:
        return self.starts[-1]

    @overload
    def __getitem__(self, index: int) -> PlannedPage: ...

    @overload
    def __getitem__(self, index: slice) -> ChainedPages: ...

    def __getitem__(self, index: int | slice) -> PlannedPage | ChainedPages:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step < 1:
                raise ValueError("only forward slices")
            parts = []
            for part, offset in zip(self.parts, self.starts, strict=False):
                first = max(start, offset)
                first += (start - first) % step  # the next index of the slice in this part
                if first < min(stop, offset + len(part)):
                    parts.append(part[first - offset:min(stop, offset + len(part)) - offset:step])
            return ChainedPages(parts)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        at = bisect.bisect_right(self.starts, index) - 1
        return self.parts[at][index - self.starts[at]]

    def __iter__(self) -> Iterator[PlannedPage]:
        return itertools.chain.from_iterable(self.parts)


def tag_names(tag_slugs: dict[str, str]) -> dict[str, str]:
    """Each topic's address to the spelling shown for it (the last one met)."""
    return {slug: tag for tag, slug in tag_slugs.items()}
