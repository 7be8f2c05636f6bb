"""The statistics page's charts, drawn as SVG at build time: no script, readable on a phone.

Every chart is drawn in a viewBox WIDTH user units wide and shown at 100% of its container, so a
360 px phone draws it about 1:1; every text is FONT user units or more and placed so that its
estimated extent stays inside the viewBox. Each chart is an image with a <title> and a <desc>,
and comes with its figures as a sentence and a table for screen readers and for copying.
All figures follow the counting rules (`counting.counted`, `compute_stats`): the per-unit and
per-phase totals are the ones of /data/stats.json. One pass over the catalog; same content,
same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from generator.content.model import Catalog, Phase

from .chart_svg import (
    FONT,
    SMALL_SHARE,
    WIDTH,
    Chart,
    _clamped_middle,
    _num,
    _svg,
    _text,
    fit,
    nice_step,
    scale_top,
    text_width,
)
from .counting import Stats, counted, rate
from .months import month_end, months_between
from .vietnamese import format_int, format_percent


@dataclass(frozen=True)
class StatsCharts:
    phases: tuple[Chart, ...]
    """Cumulative progress against each phase's target, one chart per phase."""
    months: Chart
    units: Chart
    categories: Chart



# --- months ----------------------------------------------------------------------------------

def _value_grid(tick_labels: Sequence[str], step: float, y: Callable[[float], float],
                left: float, right: float) -> list[str]:
    """A value axis: a grid line across the plot and its label at each tick."""
    body: list[str] = []
    for i, label in enumerate(tick_labels):
        value = step * i
        body.append(f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(y(value))}" '
                    f'y2="{_num(y(value))}" class="sk-ch-grid"/>')
        body.append(_text(left - 5, y(value) + FONT * 0.35, label, "end", "sk-ch-axis"))
    return body


def _month_label(first: dt.date) -> str:
    return f"{first.month}/{first.year}"


def _month_name(first: dt.date) -> str:
    return f"tháng {first.month}/{first.year}"


def _label_every(count: int, spacing: float) -> int:
    """Label one month in this many so that the labels never touch."""
    room = text_width("12/2022") + 8
    return max(1, math.ceil(room / spacing)) if count > 1 else 1


# --- the charts ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tally:
    by_month: dict[dt.date, int]
    by_phase_month: dict[tuple[int, dt.date], int]
    by_category: dict[str, int]
    newest: dt.date | None


def _tally(catalog: Catalog) -> _Tally:
    program = catalog.program
    by_month: dict[dt.date, int] = {}
    by_phase_month: dict[tuple[int, dt.date], int] = {}
    by_category: dict[str, int] = {key: 0 for key in program.categories}
    newest: dt.date | None = None
    for inn in counted(catalog):
        month = inn.registered.replace(day=1)
        by_month[month] = by_month.get(month, 0) + 1
        phase = program.phase_of(inn.registered)
        if phase is not None:
            by_phase_month[phase.id, month] = by_phase_month.get((phase.id, month), 0) + 1
        by_category[inn.category] = by_category.get(inn.category, 0) + 1
        if newest is None or inn.registered > newest:
            newest = inn.registered
    return _Tally(by_month, by_phase_month, by_category, newest)


def _phase_chart(catalog: Catalog, phase: Phase, tally: _Tally, count: int) -> Chart:
    key = f"sk-chart-phase-{phase.id}"
    start = max(phase.start, catalog.program.counted_from)
    months = months_between(start, phase.end)
    span = (phase.end - start).days + 1
    shown = [m for m in months if tally.newest is not None and m <= tally.newest]
    shown_set = set(shown)
    cumulative: list[int] = []
    running = 0
    for month in shown:
        running += tally.by_phase_month.get((phase.id, month), 0)
        cumulative.append(running)
    plan = [phase.target * min(span, (month_end(m) - start).days + 1) / span for m in months]

    top, step, on_scale = scale_top(max(cumulative, default=0), phase.target, whole=True)
    tick_labels = [format_int(round(step * i)) for i in range(round(top / step) + 1)]
    left = max(text_width(t) for t in tick_labels) + 8
    right, top_margin, bottom, height = 10, 30, 28, 210
    plot_w, plot_h = WIDTH - left - right, height - top_margin - bottom
    spacing = plot_w / len(months)

    def x(i: float) -> float:
        """The end of month i: the axis runs from the phase's first day to its last."""
        return left + (i + 1) * spacing

    def y(value: float) -> float:
        return top_margin + plot_h - value / top * plot_h

    body = _value_grid(tick_labels, step, y, left, WIDTH - right)
    every = _label_every(len(months), spacing)
    for i, month in enumerate(months):
        if (len(months) - 1 - i) % every == 0:
            label = _month_label(month)
            body.append(_text(_clamped_middle(x(i - 0.5), label), height - 8, label,
                              "middle", "sk-ch-axis"))
    target_text = f"Chỉ tiêu {format_int(phase.target)}"
    if on_scale:
        points = " ".join(f"{_num(x(i))},{_num(y(v))}" for i, v in enumerate(plan))
        body.append(f'<polyline points="{_num(left)},{_num(y(0))} {points}" '
                    'class="sk-ch-plan"/>')
        body.append(f'<line x1="{_num(left)}" x2="{_num(WIDTH - right)}" '
                    f'y1="{_num(y(phase.target))}" y2="{_num(y(phase.target))}" '
                    'class="sk-ch-target"/>')
        # At the left, above the line: the actual line starts low there.
        body.append(_text(left + 4, y(phase.target) - 5, target_text, "start", "sk-ch-note"))
    else:
        body.append(_text(left, 16, fit(f"▲ {target_text}: cao hơn thang đo", WIDTH - left),
                          "start", "sk-ch-note"))
    if cumulative:
        points = " ".join(f"{_num(x(i))},{_num(y(v))}" for i, v in enumerate(cumulative))
        body.append(f'<polyline points="{_num(left)},{_num(y(0))} {points}" '
                    'class="sk-ch-actual"/>')
        last = len(cumulative) - 1
        body.append(f'<circle cx="{_num(x(last))}" cy="{_num(y(cumulative[-1]))}" r="4" '
                    'class="sk-ch-dot"/>')
        value = format_int(cumulative[-1])
        anchor = "end" if x(last) + text_width(value) + 8 > WIDTH else "start"
        value_x = x(last) - 7 if anchor == "end" else x(last) + 7
        body.append(_text(value_x, max(y(cumulative[-1]) - 7, FONT + 2), value, anchor,
                          "sk-ch-value"))

    share = format_percent(rate(count, phase.target))
    period = f"{_month_name(months[0])} đến {_month_name(months[-1])}"
    summary = (f"{phase.name} ({period}): {format_int(count)} sáng kiến được tính trên chỉ tiêu "
               f"{format_int(phase.target)}, đạt {share}.")
    desc = summary + ("" if on_scale else
                      " Thang đo theo số sáng kiến; chỉ tiêu cao hơn thang đo nên ghi ở trên.")
    rows = []
    running = 0
    for i, month in enumerate(months):
        added = tally.by_phase_month.get((phase.id, month), 0) if month in shown_set else None
        running += added or 0
        rows.append((_month_name(month), "" if added is None else format_int(added),
                     "" if added is None else format_int(running), format_int(round(plan[i]))))
    return Chart(
        key=key,
        title=f"{phase.name}: số sáng kiến cộng dồn so với chỉ tiêu",
        svg=_svg(key, height, f"{phase.name}: sáng kiến cộng dồn theo tháng", desc, body),
        summary=summary,
        caption=f"{phase.name}: sáng kiến được tính theo tháng, cộng dồn và kế hoạch",
        header=("Tháng", "Đăng ký trong tháng", "Cộng dồn", "Kế hoạch cộng dồn"),
        rows=tuple(rows),
    )


def _months_chart(catalog: Catalog, tally: _Tally) -> Chart:
    key = "sk-chart-months"
    program = catalog.program
    months = months_between(program.counted_from, program.counted_until)
    if tally.newest is not None and tally.newest.replace(day=1) < months[-1]:
        months = [m for m in months if m <= tally.newest.replace(day=1)] or months[:1]
    values = [tally.by_month.get(m, 0) for m in months]
    top, step, _ = scale_top(max(values, default=0), 0, whole=True)
    tick_labels = [format_int(round(step * i)) for i in range(round(top / step) + 1)]
    left = max(text_width(t) for t in tick_labels) + 8
    right, top_margin, bottom, height = 6, 26, 28, 200
    plot_w, plot_h = WIDTH - left - right, height - top_margin - bottom
    band = plot_w / len(months)

    def y(value: float) -> float:
        return top_margin + plot_h - value / top * plot_h

    body = _value_grid(tick_labels, step, y, left, WIDTH - right)
    gap = min(2.0, band * 0.2)
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        if value:
            body.append(f'<rect x="{_num(left + i * band + gap / 2)}" y="{_num(y(value))}" '
                        f'width="{_num(band - gap)}" height="{_num(y(0) - y(value))}" '
                        f'class="sk-ch-bar"><title>{escape(_month_name(month))}: '
                        f'{format_int(value)} sáng kiến</title></rect>')
    # Where each later phase begins.
    for phase in program.phases:
        first = phase.start.replace(day=1)
        if first in months and first != months[0]:
            at = left + months.index(first) * band
            body.append(f'<line x1="{_num(at)}" x2="{_num(at)}" y1="{_num(top_margin - 4)}" '
                        f'y2="{_num(y(0))}" class="sk-ch-phase"/>')
            label = f"GĐ {phase.id} →"
            if at + 3 + text_width(label) <= WIDTH:
                body.append(_text(at + 3, top_margin - 8, label, "start", "sk-ch-note"))
    every = _label_every(len(months), band)
    for i, month in enumerate(months):
        if (len(months) - 1 - i) % every == 0:
            label = _month_label(month)
            body.append(_text(_clamped_middle(left + (i + 0.5) * band, label), height - 8,
                              label, "middle", "sk-ch-axis"))

    total = sum(values)
    busiest = max(range(len(months)), key=lambda i: (values[i], -i))
    summary = (f"{format_int(total)} sáng kiến được tính, đăng ký từ {_month_name(months[0])} "
               f"đến {_month_name(months[-1])}")
    summary += (f"; nhiều nhất {_month_name(months[busiest])}: "
                f"{format_int(values[busiest])} sáng kiến." if total else ".")
    return Chart(
        key=key,
        title="Số sáng kiến đăng ký theo tháng",
        svg=_svg(key, height, "Số sáng kiến đăng ký theo tháng", summary, body),
        summary=summary,
        caption="Sáng kiến được tính theo tháng đăng ký",
        header=("Tháng", "Sáng kiến"),
        rows=tuple((_month_name(m), format_int(v)) for m, v in zip(months, values, strict=True)),
    )


def _hbar_axis(left: float, right_edge: float, y_top: float, y_bottom: float, top: float,
               percent: bool) -> list[str]:
    """Gridlines at 0, half and top of a horizontal bar chart, labelled above the bars."""
    body = []
    for fraction, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
        at = left + fraction * (right_edge - left)
        value = top * fraction
        label = format_percent(value) if percent else format_int(round(value))
        if not percent and value != round(value):
            continue
        body.append(f'<line x1="{_num(at)}" x2="{_num(at)}" y1="{_num(y_top)}" '
                    f'y2="{_num(y_bottom)}" class="sk-ch-grid"/>')
        body.append(_text(at, y_top - 5, label, anchor, "sk-ch-axis"))
    return body


def _units_chart(catalog: Catalog, stats: Stats) -> Chart:
    key = "sk-chart-units"
    units = sorted(stats.top_units, key=lambda u: -u.progress)  # stable: ties: the file's order
    values = [f"{format_int(u.count)}/{format_int(u.target)}" for u in units]
    largest = max((u.progress for u in units), default=0.0)
    on_scale = largest >= SMALL_SHARE
    reach = max(largest, 1.0) if on_scale else largest
    step = nice_step(reach / 2, whole=False) if reach > 0 else 0.005
    top = step * max(1, math.ceil(reach / step - 1e-9))
    label_room = min(96.0, max((text_width(u.code) for u in units), default=0) + 2)
    value_room = max((text_width(v) for v in values), default=0)
    left = label_room + 6
    right_edge = WIDTH - value_room - 8
    row, top_margin = 24, 46
    height = top_margin + row * len(units) + 8
    body: list[str] = []
    if not on_scale:
        body.append(_text(0, 16, "Thang đo theo % chỉ tiêu; 100% cao hơn thang đo", "start",
                          "sk-ch-note"))
    body += _hbar_axis(left, right_edge, top_margin - 4, height - 6, top, percent=True)
    if on_scale and top > 1.0:
        at = left + (right_edge - left) / top
        body.append(f'<line x1="{_num(at)}" x2="{_num(at)}" y1="{_num(top_margin - 4)}" '
                    f'y2="{_num(height - 6)}" class="sk-ch-target"/>')
    for i, (unit, value) in enumerate(zip(units, values, strict=True)):
        y0 = top_margin + i * row
        length = (right_edge - left) * min(unit.progress, top) / top if top else 0
        title = f"{unit.name} ({unit.code}): {value} sáng kiến, {format_percent(unit.progress)}"
        body.append(f"<g><title>{escape(title)}</title>")
        body.append(_text(label_room, y0 + 16, fit(unit.code, label_room), "end", "sk-ch-text"))
        body.append(f'<rect x="{_num(left)}" y="{_num(y0 + 5)}" width="{_num(length)}" '
                    f'height="14" class="sk-ch-bar"/>')
        body.append(_text(WIDTH - 2, y0 + 16, value, "end", "sk-ch-value"))
        body.append("</g>")
    ahead = units[0] if units else None
    summary = (f"{len(units)} đơn vị; cao nhất {ahead.name} ({ahead.code}): "
               f"{format_int(ahead.count)}/{format_int(ahead.target)} sáng kiến, "
               f"{format_percent(ahead.progress)} chỉ tiêu." if ahead else "Chưa có đơn vị.")
    return Chart(
        key=key,
        title="Số sáng kiến so với chỉ tiêu của từng đơn vị",
        svg=_svg(key, height, "Số sáng kiến so với chỉ tiêu của từng đơn vị",
                 summary + " Các thanh là % chỉ tiêu; số ghi bên phải là sáng kiến/chỉ tiêu.",
                 body),
        summary=summary,
        caption="Sáng kiến được tính và chỉ tiêu của từng đơn vị",
        header=("Đơn vị", "Mã", "Sáng kiến", "Chỉ tiêu", "% chỉ tiêu"),
        rows=tuple((u.name, u.code, format_int(u.count), format_int(u.target),
                    format_percent(u.progress)) for u in units),
    )


def _categories_chart(catalog: Catalog, tally: _Tally, total: int) -> Chart:
    key = "sk-chart-categories"
    names = catalog.program.categories
    items = [(names.get(k, k), n) for k, n in tally.by_category.items()]
    top, _, _ = scale_top(max((n for _, n in items), default=0), 0, whole=True)
    values = [f"{format_int(n)} · {format_percent(rate(n, total))}" for _, n in items]
    value_room = max((text_width(v) for v in values), default=0)
    right_edge = WIDTH - value_room - 8
    row, top_margin = 40, 8
    height = top_margin + row * len(items) + 4
    body: list[str] = []
    for i, ((name, count), value) in enumerate(zip(items, values, strict=True)):
        y0 = top_margin + i * row
        length = right_edge * count / top if top else 0
        body.append(f"<g><title>{escape(f'{name}: {value} sáng kiến')}</title>")
        body.append(_text(0, y0 + 12, fit(name, WIDTH), "start", "sk-ch-text"))
        body.append(f'<rect x="0" y="{_num(y0 + 18)}" width="{_num(right_edge)}" height="14" '
                    'class="sk-ch-track"/>')
        body.append(f'<rect x="0" y="{_num(y0 + 18)}" width="{_num(length)}" height="14" '
                    'class="sk-ch-bar"/>')
        body.append(_text(WIDTH - 2, y0 + 29, value, "end", "sk-ch-value"))
        body.append("</g>")
    parts = [f"{name}: {format_int(n)}" for name, n in items]
    summary = f"{format_int(total)} sáng kiến được tính, theo loại giải pháp: " + "; ".join(parts)
    summary += "."
    return Chart(
        key=key,
        title="Sáng kiến theo loại giải pháp",
        svg=_svg(key, height, "Sáng kiến theo loại giải pháp", summary, body),
        summary=summary,
        caption="Sáng kiến được tính theo loại giải pháp",
        header=("Loại giải pháp", "Sáng kiến", "Tỷ lệ"),
        rows=tuple((name, format_int(n), format_percent(rate(n, total))) for name, n in items),
    )


def stats_charts(catalog: Catalog, stats: Stats) -> StatsCharts:
    """Every chart of /thong-ke/; stats is compute_stats(catalog), the figures of stats.json."""
    tally = _tally(catalog)
    counts = {p.id: p.count for p in stats.phases}
    return StatsCharts(
        phases=tuple(_phase_chart(catalog, phase, tally, counts.get(phase.id, 0))
                     for phase in catalog.program.phases),
        months=_months_chart(catalog, tally),
        units=_units_chart(catalog, stats),
        categories=_categories_chart(catalog, tally, stats.total),
    )
