"""The counting rules of the content contract, as pure functions over a catalog."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
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
    code: str
    name: str
    count: int
    target: int
    authors: int
    members: int
    phases: tuple[PhaseCount, ...]

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
    rank: int | None
    block_size: int | None
    """Our union and its peers: the number ranked."""
    rank_target: int | None

    @property
    def participation(self) -> float:
        return rate(self.authors, self.members)

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
            "units": [
                {
                    "code": u.code,
                    "name": u.name,
                    "count": u.count,
                    "target": u.target,
                    "authors": u.authors,
                    "members": u.members,
                    "rate": u.participation,
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


def compute_stats(catalog: Catalog) -> Stats:
    program = catalog.program
    items = counted(catalog)
    by_phase: dict[int, int] = {p.id: 0 for p in program.phases}
    by_unit_phase: dict[tuple[str, int], int] = {}
    by_unit: dict[str, list[Innovation]] = {u.code: [] for u in catalog.units}
    for inn in items:
        phase = program.phase_of(inn.registered)
        by_unit[inn.unit].append(inn)
        if phase is not None:
            by_phase[phase.id] += 1
            by_unit_phase[inn.unit, phase.id] = by_unit_phase.get((inn.unit, phase.id), 0) + 1
    units = tuple(
        UnitCount(
            code=u.code,
            name=u.name,
            count=len(by_unit[u.code]),
            target=u.target,
            authors=len(distinct_authors(by_unit[u.code])),
            members=u.members,
            phases=tuple(
                PhaseCount(p.id, p.name, by_unit_phase.get((u.code, p.id), 0),
                           u.targets.get(p.id, 0))
                for p in program.phases
            ),
        )
        for u in catalog.units
    )
    authors = sum(u.authors for u in units)
    members = sum(u.members for u in units)
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
    )
