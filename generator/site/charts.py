"""Cumulative progress by month against the phase targets, drawn as SVG at build time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import Catalog

from .counting import counted
from .vietnamese import format_int


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    """First day of the month."""
    cumulative: int
    target: float
    """Where the plan expected the count to be at the end of this month."""


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    day = start.replace(day=1)
    while day <= end:
        out.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def progress_by_month(catalog: Catalog) -> list[MonthPoint]:
    program = catalog.program
    per_month: dict[dt.date, int] = {}
    for inn in counted(catalog):
        key = inn.registered.replace(day=1)
        per_month[key] = per_month.get(key, 0) + 1
    points = []
    running = 0
    for first in _months(program.counted_from, program.counted_until):
        running += per_month.get(first, 0)
        points.append(MonthPoint(first, running, _planned(catalog, _month_end(first))))
    return points


def _planned(catalog: Catalog, day: dt.date) -> float:
    """The plan's line: each phase's target spread evenly over its days, cumulated."""
    total = 0.0
    for phase in catalog.program.phases:
        start = max(phase.start, catalog.program.counted_from)
        if day >= phase.end:
            total += phase.target
        elif day >= start:
            span = (phase.end - start).days + 1
            total += phase.target * ((day - start).days + 1) / span
    return total


def progress_svg(points: list[MonthPoint], width: int = 720, height: int = 320) -> str:
    """An accessible SVG line chart: actual cumulative count vs the plan."""
    if not points:
        return ""
    left, right, top, bottom = 56, 12, 16, 40
    top_value = max(max(p.cumulative for p in points), max(p.target for p in points), 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top + plot_h - v / top_value * plot_h

    actual = " ".join(f"{x(i):.1f},{y(p.cumulative):.1f}" for i, p in enumerate(points))
    plan = " ".join(f"{x(i):.1f},{y(p.target):.1f}" for i, p in enumerate(points))
    parts = [
        f'<svg class="sk-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="sk-chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="sk-chart-title">Số sáng kiến cộng dồn theo tháng so với kế hoạch</title>',
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top_value * fraction
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'class="sk-chart-grid"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'class="sk-chart-label">{format_int(round(value))}</text>'
        )
    label_every = max(1, len(points) // 8)
    for i, p in enumerate(points):
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                         f'class="sk-chart-label">{p.month.month}/{p.month.year}</text>')
    parts.append(f'<polyline points="{plan}" class="sk-chart-plan"/>')
    parts.append(f'<polyline points="{actual}" class="sk-chart-actual"/>')
    last = points[-1]
    parts.append(f'<circle cx="{x(len(points) - 1):.1f}" cy="{y(last.cumulative):.1f}" r="4" '
                 'class="sk-chart-dot"/>')
    parts.append("</svg>")
    return "".join(parts)
