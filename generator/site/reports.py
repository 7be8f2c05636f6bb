"""The monthly reports each union owes (plan III.3), computed in one pass over the catalog.

A report exists for every unit and every month from the month of `counted_from` to the month
of the last phase's end, up to the month of the newest counted registration. Everything is
bucketed by (unit, month) in one pass over the counted initiatives, then summed month by
month: time grows with innovations + units × months, never with their product.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.content.model import Award, Catalog, Innovation, Phase, Unit

from .counting import author_key, counted, rate
from .months import first_day, month_end, month_of


@dataclass(frozen=True)
class UnitMonth:
    """One unit's report for one month."""

    unit: Unit
    month: str
    """YYYY-MM."""
    registered: tuple[Innovation, ...]
    """Counted initiatives registered in the month, oldest first."""
    cumulative: int
    """Counted initiatives registered up to the end of the month."""
    target: int
    """The unit's total target."""
    phase: Phase | None
    """The phase the month's last day falls in (None past the programme's end)."""
    phase_cumulative: int
    """Counted initiatives of that phase registered up to the end of the month."""
    phase_target: int
    authors: int
    """Distinct authors of the counted initiatives up to the end of the month."""
    awards: tuple[tuple[Innovation, Award], ...]
    """Awards dated in the month, of the unit's counted initiatives."""

    @property
    def participation(self) -> float:
        return rate(self.authors, self.unit.members)


@dataclass(frozen=True)
class ProgrammeMonth:
    """The whole programme's report for one month, and every unit's."""

    month: str
    units: tuple[UnitMonth, ...]
    """Every unit's report, at every level (each over its subtree), parents first."""

    @property
    def rows(self) -> tuple[UnitMonth, ...]:
        """The programme report's rows: one per top-level unit (their subtrees are the
        whole programme, each unit counted once)."""
        return tuple(r for r in self.units if r.unit.parent is None)

    @property
    def registered(self) -> int:
        return sum(len(r.registered) for r in self.rows)

    @property
    def cumulative(self) -> int:
        return sum(r.cumulative for r in self.rows)

    @property
    def authors(self) -> int:
        return sum(r.authors for r in self.rows)

    @property
    def members(self) -> int:
        return sum(r.unit.members for r in self.rows)

    @property
    def participation(self) -> float:
        return rate(self.authors, self.members)

    @property
    def awards(self) -> int:
        return sum(len(r.awards) for r in self.rows)


def report_months(catalog: Catalog, items: list[Innovation] | None = None) -> list[str]:
    """The months that have reports, oldest first."""
    program = catalog.program
    items = counted(catalog) if items is None else items
    if not items:
        return []
    last = min(program.counted_until, max(inn.registered for inn in items))
    months = []
    year, number = program.counted_from.year, program.counted_from.month
    while (year, number) <= (last.year, last.month):
        months.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return months


def monthly_reports(catalog: Catalog) -> list[ProgrammeMonth]:
    """Every unit's report (over its subtree: v3) for every month with reports."""
    program = catalog.program
    items = counted(catalog)
    months = report_months(catalog, items)
    by_unit_month: dict[tuple[str, str], list[Innovation]] = defaultdict(list)
    awards: dict[tuple[str, str], list[tuple[Innovation, Award]]] = defaultdict(list)
    for inn in items:
        lineage = catalog.lineage(inn.unit)  # the unit and those above it: a few at most
        month = month_of(inn.registered)
        for code in lineage:
            by_unit_month[code, month].append(inn)
        for award in inn.awards:
            for code in lineage:
                awards[code, month_of(award.date)].append((inn, award))
    running = {u.code: 0 for u in catalog.units}
    by_phase: dict[tuple[str, int], int] = defaultdict(int)
    own_authors: dict[str, set[tuple[str, str]]] = {u.code: set() for u in catalog.units}
    reports = []
    for month in months:
        phase = program.phase_of(month_end(first_day(month)))
        registered_in: dict[str, list[Innovation]] = {}
        for unit in catalog.units:
            registered = sorted(by_unit_month.get((unit.code, month), ()),
                                key=lambda i: (i.registered, i.id))
            registered_in[unit.code] = registered
            running[unit.code] += len(registered)
            for inn in registered:
                own_phase = program.phase_of(inn.registered)
                if own_phase is not None:
                    by_phase[unit.code, own_phase.id] += 1
                if inn.unit == unit.code:
                    own_authors[unit.code].update(author_key(inn.unit, a.name)
                                                  for a in inn.authors)
        # An author is (unit, name): a subtree's distinct authors are its units' own, summed.
        authors = {code: len(found) for code, found in own_authors.items()}
        for unit in reversed(catalog.units):  # children after their parent: leaves first
            if unit.parent is not None:
                authors[unit.parent] += authors[unit.code]
        rows = []
        for unit in catalog.units:
            rows.append(UnitMonth(
                unit=unit, month=month, registered=tuple(registered_in[unit.code]),
                cumulative=running[unit.code], target=unit.target, phase=phase,
                phase_cumulative=by_phase[unit.code, phase.id] if phase else 0,
                phase_target=unit.targets.get(phase.id, 0) if phase else 0,
                authors=authors[unit.code],
                awards=tuple(sorted(awards.get((unit.code, month), ()),
                                    key=lambda e: (e[1].date, e[0].id, e[1].kind))),
            ))
        reports.append(ProgrammeMonth(month, tuple(rows)))
    return reports
