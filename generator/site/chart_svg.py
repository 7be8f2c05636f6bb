"""The drawing shared by the site's SVG charts: the viewBox, a chart's parts, texts fitted to
their room, the SVG around them, and scales with round steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 320
"""The viewBox width of every chart: a 360 px phone shows it at about 1:1."""
FONT = 12
"""Font size of every text, in user units: at least 11 px wherever the chart is 293 px wide."""
SMALL_SHARE = 0.25
"""A target is drawn on the scale when the largest value reaches this share of it; below, the
scale follows the values (else they hug zero) and the target is written above the plot."""


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and the same figures as a sentence and as a table."""

    key: str
    """Unique in the page: the prefix of the SVG's ids."""
    title: str
    svg: str
    summary: str
    """The figures in one sentence, shown under the chart."""
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]




# --- text ------------------------------------------------------------------------------------

_NARROW = set(" .,:;!|/()[]'-·ilIjtfr")
_WIDE = set("MWmw%…—")


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of text in a sans-serif font (DejaVu Sans is wide)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.4
        elif char in _WIDE:
            total += 1.0
        elif char.isupper():
            total += 0.78
        else:
            total += 0.64
    return total * size


def fit(text: str, room: float, size: float = FONT) -> str:
    """text, or its longest prefix that fits in room followed by '…'."""
    if text_width(text, size) <= room:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + "…", size) > room:
        cut -= 1
    return text[:cut].rstrip() + "…"


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, content: str, anchor: str = "start", cls: str = "sk-ch-text",
          size: int = FONT) -> str:
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'class="{cls}">{escape(content)}</text>')


def _clamped_middle(x: float, content: str, low: float = 0, high: float = WIDTH) -> float:
    """x moved so that content, centred on it, stays within [low, high]."""
    half = text_width(content) / 2 + 1
    return min(max(x, low + half), high - half)


def _svg(key: str, height: float, title: str, desc: str, body: Sequence[str]) -> str:
    return "".join([
        f'<svg class="sk-chart" id="{key}" viewBox="0 0 {WIDTH} {_num(height)}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ])


# --- scales ----------------------------------------------------------------------------------

def nice_step(raw: float, whole: bool) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at least raw (whole numbers only when whole)."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw - 1e-12 and (not whole or step == int(step)):
            return max(step, 1.0) if whole else step
    return 10 * power


def scale_top(largest: float, target: float, whole: bool) -> tuple[float, float, bool]:
    """(top of the axis, tick step, whether the target is on the scale)."""
    on_scale = target > 0 and largest >= SMALL_SHARE * target
    reach = max(largest, target) if on_scale else largest
    step = nice_step(reach / 4, whole)
    top = step * max(1, math.ceil(reach / step - 1e-9))
    return top, step, on_scale
