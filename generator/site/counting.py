"""The counting rules of the content contract, as pure functions over a catalog."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.content.model import Catalog, Innovation, Program

_SPACES = re.compile(r"\s+")


def is_counted(innovation: Innovation, program: Program) -> bool:
    """Not a draft, registered within [counted_from, end of the last phase]."""
    return (
        not innovation.draft
        and program.counted_from <= innovation.registered <= program.counted_until
    )


@functools.lru_cache(maxsize=1 << 17)
def author_key(unit: str, name: str) -> tuple[str, str]:
    """One person: same unit, same name after NFC, collapsed spaces and case folding."""
    folded = _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold()
    return unit, unicodedata.normalize("NFC", folded)


def distinct_authors(innovations: Iterable[Innovation]) -> set[tuple[str, str]]:
    return {author_key(inn.unit, a.name) for inn in innovations for a in inn.authors}


def rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class PhaseCount:
    id: int
    name: str
    count: int
    target: int


@dataclass(frozen=True)
class UnitCount:
    """A unit's figures, over its subtree (the unit and every unit below it)."""

    code: str
    name: str
    count: int
    target: int
    authors: int
    members: int
    phases: tuple[PhaseCount, ...]
    parent: str | None = None
    level: int = 1
    benefit_vnd: int = 0
    """Sum of the counted initiatives' value_vnd, đồng per year: an exact integer."""
    benefit_count: int = 0
    """How many counted initiatives give a value_vnd."""
    replications: int = 0
    """Entries in the replicated_in lists of the counted initiatives."""

    @property
    def participation(self) -> float:
        return rate(self.authors, self.members)

    @property
    def progress(self) -> float:
        return rate(self.count, self.target)


@dataclass(frozen=True)
class Stats:
    total: int
    target: int
    phases: tuple[PhaseCount, ...]
    authors: int
    members: int
    participation_target: float
    awards: dict[str, tuple[int, int]]
    """Award kind -> (count, target)."""
    units: tuple[UnitCount, ...]
    """Every unit, each parent before its children."""
    rank: int | None
    block_size: int | None
    """Our union and its peers: the number ranked."""
    rank_target: int | None
    benefit_vnd: int = 0
    """The programme's impact: sum of the counted initiatives' value_vnd (exact)."""
    benefit_count: int = 0

    @property
    def participation(self) -> float:
        return rate(self.authors, self.members)

    @functools.cached_property
    def top_units(self) -> tuple[UnitCount, ...]:
        """The affiliated unions' figures: the leaderboard's rows."""
        return tuple(u for u in self.units if u.parent is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": {"count": self.total, "target": self.target},
            "phases": [
                {"id": p.id, "name": p.name, "count": p.count, "target": p.target}
                for p in self.phases
            ],
            "participation": {
                "authors": self.authors,
                "members": self.members,
                "rate": self.participation,
                "target": self.participation_target,
            },
            "awards": {k: {"count": c, "target": t} for k, (c, t) in self.awards.items()},
            "benefit": {"total_vnd": self.benefit_vnd, "innovations": self.benefit_count},
            "units": [
                {
                    "code": u.code,
                    "name": u.name,
                    "parent": u.parent,
                    "level": u.level,
                    "count": u.count,
                    "target": u.target,
                    "authors": u.authors,
                    "members": u.members,
                    "rate": u.participation,
                    "benefit_vnd": u.benefit_vnd,
                    "replications": u.replications,
                    "phases": [{"id": p.id, "count": p.count, "target": p.target}
                               for p in u.phases],
                }
                for u in self.units
            ],
            "block": (
                {"rank": self.rank, "of": self.block_size, "target": self.rank_target}
                if self.rank is not None else None
            ),
        }


def counted(catalog: Catalog) -> list[Innovation]:
    return [inn for inn in catalog.innovations if is_counted(inn, catalog.program)]


@dataclass
class _Tally:
    """One unit's own figures (its own initiatives only), summed up the tree afterwards."""

    count: int = 0
    authors: int = 0
    benefit_vnd: int = 0
    benefit_count: int = 0
    replications: int = 0
    phases: dict[int, int] = field(default_factory=dict)

    def add(self, other: _Tally) -> None:
        self.count += other.count
        self.authors += other.authors
        self.benefit_vnd += other.benefit_vnd
        self.benefit_count += other.benefit_count
        self.replications += other.replications
        for phase, count in other.phases.items():
            self.phases[phase] = self.phases.get(phase, 0) + count


def unit_tallies(catalog: Catalog, items: Iterable[Innovation]) -> dict[str, _Tally]:
    """Each unit's figures over its subtree, in one pass over the initiatives and one up the
    tree. An author is (unit, name): two units never share one, so a subtree's distinct
    authors are the sum of its units' own."""
    program = catalog.program
    tallies = {u.code: _Tally() for u in catalog.units}
    people: dict[str, set[tuple[str, str]]] = {u.code: set() for u in catalog.units}
    for inn in items:
        tally = tallies[inn.unit]
        tally.count += 1
        phase = program.phase_of(inn.registered)
        if phase is not None:
            tally.phases[phase.id] = tally.phases.get(phase.id, 0) + 1
        if inn.benefit is not None and inn.benefit.value_vnd is not None:
            tally.benefit_vnd += inn.benefit.value_vnd
            tally.benefit_count += 1
        tally.replications += len(inn.replicated_in)
        people[inn.unit].update(author_key(inn.unit, a.name) for a in inn.authors)
    for code, found in people.items():
        tallies[code].authors = len(found)
    del people
    for unit in reversed(catalog.units):  # children come after their parent: leaves first
        if unit.parent is not None:
            tallies[unit.parent].add(tallies[unit.code])
    return tallies


def compute_stats(catalog: Catalog) -> Stats:
    program = catalog.program
    items = counted(catalog)
    by_phase: dict[int, int] = {p.id: 0 for p in program.phases}
    for inn in items:
        phase = program.phase_of(inn.registered)
        if phase is not None:
            by_phase[phase.id] += 1
    tallies = unit_tallies(catalog, items)
    units = tuple(
        UnitCount(
            code=u.code,
            name=u.name,
            count=tallies[u.code].count,
            target=u.target,
            authors=tallies[u.code].authors,
            members=u.members,
            phases=tuple(
                PhaseCount(p.id, p.name, tallies[u.code].phases.get(p.id, 0),
                           u.targets.get(p.id, 0))
                for p in program.phases
            ),
            parent=u.parent,
            level=u.level,
            benefit_vnd=tallies[u.code].benefit_vnd,
            benefit_count=tallies[u.code].benefit_count,
            replications=tallies[u.code].replications,
        )
        for u in catalog.units
    )
    top = [u for u in units if u.parent is None]
    authors = sum(u.authors for u in top)
    members = sum(u.members for u in top)
    awards = {
        key: (sum(1 for inn in items if key in inn.award_kinds()), kind.target)
        for key, kind in program.awards.items()
    }
    block = program.emulation_block
    ours = rate(authors, members)
    return Stats(
        total=len(items),
        target=program.target,
        phases=tuple(PhaseCount(p.id, p.name, by_phase[p.id], p.target) for p in program.phases),
        authors=authors,
        members=members,
        participation_target=program.participation_target,
        awards=awards,
        units=units,
        rank=1 + sum(1 for peer in block.peers if peer.participation > ours) if block else None,
        block_size=len(block.peers) + 1 if block else None,
        rank_target=block.rank_target if block else None,
        benefit_vnd=sum(u.benefit_vnd for u in top),
        benefit_count=sum(u.benefit_count for u in top),
    )
