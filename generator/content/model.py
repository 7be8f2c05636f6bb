"""The catalog: immutable records of everything the content says, checked."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Phase:
    id: int
    name: str
    start: dt.date
    end: dt.date
    target: int

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class AwardKind:
    key: str
    name: str
    issuer: str
    target: int
    criteria: str | None = None
    """Markdown: who may get it and how (v2)."""


@dataclass(frozen=True)
class Peer:
    name: str
    participation: float


@dataclass(frozen=True)
class EmulationBlock:
    name: str
    rank_target: int | None
    peers: tuple[Peer, ...]


@dataclass(frozen=True)
class Program:
    name: str
    organization: str
    counted_from: dt.date
    target: int
    phases: tuple[Phase, ...]
    participation_target: float
    featured_per_month: int
    categories: dict[str, str]
    awards: dict[str, AwardKind]
    emulation_block: EmulationBlock | None

    @functools.cached_property
    def counted_until(self) -> dt.date:
        return max(phase.end for phase in self.phases)

    def phase_of(self, day: dt.date) -> Phase | None:
        for phase in self.phases:
            if phase.holds(day):
                return phase
        return None


@dataclass(frozen=True)
class Adviser:
    name: str
    position: str | None = None


@dataclass(frozen=True)
class AdvisoryTeam:
    """Tổ tư vấn hỗ trợ sáng kiến (plan II.1)."""

    members: tuple[Adviser, ...]
    contact: str | None = None


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    members: int
    """Of the whole unit, every unit below it included (v3: given, or its children's sum)."""
    targets: dict[int, int]
    """Phase id -> target: its own when given, else the sum of its children's (v3)."""
    advisory_team: AdvisoryTeam | None = None
    parent: str | None = None
    """v3: the code of the unit it belongs to; None for an affiliated (top-level) union."""
    level: int = 1
    """1 for a top-level unit, 2 for one below it, ..."""
    children: tuple[str, ...] = ()
    """The codes of the units directly below it, in the order of units.yml."""

    def __hash__(self) -> int:
        # targets is a dict: hashed by its items, so that a unit can key caches.
        return hash((self.code, self.name, self.members, tuple(sorted(self.targets.items())),
                     self.advisory_team, self.parent, self.children))

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def target(self) -> int:
        return sum(self.targets.values())


@dataclass(frozen=True)
class Author:
    name: str
    position: str | None = None


@dataclass(frozen=True)
class Award:
    kind: str
    date: dt.date
    decision: str | None = None


@dataclass(frozen=True)
class Benefit:
    value_vnd: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class Innovation:
    id: str
    title: str
    unit: str
    authors: tuple[Author, ...]
    category: str
    registered: dt.date
    summary: str
    body: str
    source: str
    """Path of the file, relative to the content folder, with '/' separators."""
    status: str = "registered"
    applied: dt.date | None = None
    benefit: Benefit | None = None
    awards: tuple[Award, ...] = ()
    tags: tuple[str, ...] = ()
    replicated_in: tuple[str, ...] = ()
    """v3: codes of the other units where it is applied too (nhân rộng)."""
    image: Path | None = None
    """Absolute path of the image file, checked to lie inside the content folder."""
    draft: bool = False
    body_line: int = 1
    body_digest: str = ""
    """Of the body as checked: a catalog that does not hold bodies (body is "") reads each
    from its file when its page is made, and refuses one that has changed since."""
    links: tuple[tuple[str, int, int], ...] = ()
    """The body's links to pages' files (bodylinks.Link: path under content/, line, column):
    checked against the other files, and resolved to their addresses, at every build."""

    def __hash__(self) -> int:
        # Computed once: a preview server's page cache hashes every innovation every rebuild.
        return self._hash

    @functools.cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    def __getstate__(self) -> dict[str, object]:
        # String hashes differ between interpreters: never carry one along.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @property
    def slug(self) -> str:
        return self.id.lower()

    def award_kinds(self) -> set[str]:
        return {award.kind for award in self.awards}


@dataclass(frozen=True)
class Pick:
    id: str
    headline: str


@dataclass(frozen=True)
class MonthPicks:
    month: str
    title: str
    picks: tuple[Pick, ...]
    body: str
    source: str


@dataclass(frozen=True)
class Event:
    """A seminar (tọa đàm) or an exchange between units (giao lưu): plan II.4."""

    slug: str
    """The file's name without .md: YYYY-MM-DD-SLUG, the event's address."""
    title: str
    date: dt.date
    kind: str
    units: tuple[str, ...]
    summary: str
    body: str
    source: str
    place: str | None = None
    innovations: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class Catalog:
    program: Program
    units: tuple[Unit, ...]
    innovations: tuple[Innovation, ...]
    """Every innovation, drafts included, newest registration first, then by id."""
    months: tuple[MonthPicks, ...]
    """Monthly picks, oldest month first."""
    events: tuple[Event, ...] = ()
    """Events, drafts included, newest first."""
    unit_by_code: dict[str, Unit] = field(default_factory=dict, compare=False)
    by_id: dict[str, Innovation] = field(default_factory=dict, compare=False)

    @functools.cached_property
    def published(self) -> tuple[Innovation, ...]:
        return tuple(i for i in self.innovations if not i.draft)

    @functools.cached_property
    def top_units(self) -> tuple[Unit, ...]:
        """The affiliated unions: units without a parent (every unit before v3)."""
        return tuple(u for u in self.units if u.parent is None)

    @functools.cached_property
    def _lineages(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for unit in self.units:  # parents come before their children
            out[unit.code] = (unit.code, *(out[unit.parent] if unit.parent else ()))
        return out

    def lineage(self, code: str) -> tuple[str, ...]:
        """The unit and every unit above it, nearest first: the units whose figures (over
        their subtree) count what is done in this one. At most MAX_UNIT_LEVELS long."""
        return self._lineages[code]
