"""The programme's impact (contract v3): benefit totals of the counted initiatives.

The benefit of a counted initiative is its `benefit.value_vnd` (đồng per year), when given.
Every total is a Python integer, never a float: 10^15 đồng and more stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from generator.content.model import Catalog, Innovation

from .chart_svg import WIDTH, Chart, _num, _svg, _text, fit, text_width
from .counting import Stats, counted
from .vietnamese import format_int, format_money


def benefit_of(innovation: Innovation) -> int | None:
    benefit = innovation.benefit
    return benefit.value_vnd if benefit is not None else None


@dataclass(frozen=True)
class Share:
    """One group's part of the impact: a phase, a category or a top-level unit."""

    name: str
    key: str
    count: int
    """Counted initiatives of the group with a value_vnd."""
    total: int


@dataclass(frozen=True)
class Impact:
    total: int
    count: int
    counted: int
    """Every counted initiative, with a value or not: what the count is out of."""
    items: tuple[Innovation, ...]
    """Counted initiatives with a value_vnd, highest first, then by id."""
    by_phase: tuple[Share, ...]
    by_category: tuple[Share, ...]
    by_unit: tuple[Share, ...]
    """Each top-level unit, over its subtree, in the order of units.yml."""


def compute_impact(catalog: Catalog, stats: Stats) -> Impact:
    program = catalog.program
    items = counted(catalog)
    valued = [inn for inn in items if benefit_of(inn) is not None]
    valued.sort(key=lambda inn: (-(benefit_of(inn) or 0), inn.id))
    phases = {p.id: [0, 0] for p in program.phases}
    categories = {key: [0, 0] for key in program.categories}
    for inn in valued:
        value = benefit_of(inn) or 0
        phase = program.phase_of(inn.registered)
        for tally in (phases[phase.id] if phase else None, categories[inn.category]):
            if tally is not None:
                tally[0] += 1
                tally[1] += value
    return Impact(
        total=stats.benefit_vnd, count=stats.benefit_count, counted=stats.total,
        items=tuple(valued),
        by_phase=tuple(Share(p.name, str(p.id), *phases[p.id]) for p in program.phases),
        by_category=tuple(Share(label, key, *categories[key])
                          for key, label in program.categories.items()),
        by_unit=tuple(Share(u.name, u.code, u.benefit_count, u.benefit_vnd)
                      for u in stats.top_units),
    )


def benefit_chart(impact: Impact) -> Chart:
    """The benefit of each top-level unit as horizontal bars, largest first."""
    key = "sk-chart-benefit"
    shares = sorted(impact.by_unit, key=lambda s: -s.total)  # stable: ties keep the file's order
    values = [format_money(s.total) for s in shares]
    largest = max((s.total for s in shares), default=0)
    label_room = min(96.0, max((text_width(s.key) for s in shares), default=0) + 2)
    value_room = max((text_width(v) for v in values), default=0)
    left, right_edge = label_room + 6, WIDTH - value_room - 8
    row, top_margin = 24, 8
    height = top_margin + row * len(shares) + 8
    body: list[str] = []
    for i, (share, value) in enumerate(zip(shares, values, strict=True)):
        y0 = top_margin + i * row
        # Drawn in floats (a bar's length); every figure written is the exact integer's.
        length = (right_edge - left) * share.total / largest if largest else 0
        body.append(f"<g><title>{escape(f'{share.name} ({share.key}): {value}/năm')}</title>")
        body.append(_text(label_room, y0 + 16, fit(share.key, label_room), "end", "sk-ch-text"))
        body.append(f'<rect x="{_num(left)}" y="{_num(y0 + 5)}" width="{_num(length)}" '
                    'height="14" class="sk-ch-bar"/>')
        body.append(_text(WIDTH - 2, y0 + 16, value, "end", "sk-ch-value"))
        body.append("</g>")
    summary = (f"Tổng giá trị làm lợi {format_money(impact.total)}/năm từ "
               f"{format_int(impact.count)} sáng kiến được tính có ghi giá trị"
               + (f"; cao nhất {shares[0].name}: {values[0]}/năm." if shares and largest
                  else "."))
    title = "Giá trị làm lợi theo công đoàn trực thuộc"
    return Chart(
        key=key, title=title, svg=_svg(key, height, title, summary, body), summary=summary,
        caption="Giá trị làm lợi (đồng/năm) của các sáng kiến được tính, theo đơn vị",
        header=("Đơn vị", "Mã", "Sáng kiến có giá trị", "Giá trị làm lợi (đồng/năm)"),
        rows=tuple((s.name, s.key, format_int(s.count), format_int(s.total)) for s in shares),
    )
