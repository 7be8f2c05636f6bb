"""The charts of /thong-ke/: their figures, their text alternatives, their fit on a phone."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PROGRAM, SAMPLE, ContentTree

from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.site import charts
from generator.site.counting import compute_stats
from generator.site.vietnamese import format_int, format_percent

SVG = "{http://www.w3.org/2000/svg}"
PHONE = 360
"""The narrowest phone the site is made for, in CSS px."""
CHART_IDS = ["sk-chart-phase-1", "sk-chart-phase-2", "sk-chart-months", "sk-chart-units",
             "sk-chart-benefit",
             "sk-chart-categories"]
LONG_CATEGORY = ("Giải pháp quản lý, tổ chức sản xuất, điều hành và chuyển đổi số trong toàn "
                 "bộ các khâu của đơn vị")


# --- the catalogs ------------------------------------------------------------------------------

KNOWN = [  # (unit, registered, category, draft)
    ("AAA", "2021-09-01", "ky-thuat", None),   # first counted day, phase 1
    ("AAA", "2022-05-31", "quan-ly", None),    # last day of phase 1
    ("BBB", "2022-06-01", "ky-thuat", None),   # first day of phase 2
    ("AAA", "2022-06-15", "quan-ly", None),
    ("BBB", "2023-09-30", "ky-thuat", None),   # last counted day
    ("AAA", "2021-08-31", "ky-thuat", None),   # before counted_from: not counted
    ("AAA", "2023-10-01", "ky-thuat", None),   # after the last phase: not counted
    ("BBB", "2022-01-10", "ky-thuat", "true"),  # a draft: not counted
]


def _catalog(root: Path, rows: list[tuple[str, str, str, str | None]],
             program: str = PROGRAM) -> Catalog:
    tree = ContentTree(root)
    tree.write("program.yml", program)
    for n, (unit, registered, category, draft) in enumerate(rows, start=1):
        tree.innovation(f"i{n}", id=f"{unit}-{registered[:4]}-{n:04d}", unit=unit,
                        registered=registered, category=category, draft=draft)
    result = load_content(tree.root)
    assert result.errors == [], [p.format_text() for p in result.errors]
    assert result.catalog is not None
    return result.catalog


@pytest.fixture
def known(tmp_path: Path) -> Catalog:
    return _catalog(tmp_path / "content", KNOWN)


@pytest.fixture
def near_target(tmp_path: Path) -> Catalog:
    """Phase 1 and unit AAA past a quarter of their targets: the targets are on the scale."""
    rows = [("AAA", f"2021-{m:02d}-0{d}", "ky-thuat", None) for m in (9, 10, 11, 12)
            for d in (1, 2, 3)]
    rows += [("BBB", "2022-07-01", "quan-ly", None)] * 2
    program = PROGRAM.replace("quan-ly: Giải pháp quản lý", f"quan-ly: {LONG_CATEGORY}")
    return _catalog(tmp_path / "content", rows, program)


# --- reading charts ----------------------------------------------------------------------------

def _by_hand(catalog: Catalog) -> list[tuple[str, dt.date, str]]:
    """(unit, registered, category) of every counted innovation, by the contract's words: not
    a draft, registered within [counted_from, end of the last phase], both ends included."""
    program = catalog.program
    last = max(p.end for p in program.phases)
    return [(i.unit, i.registered, i.category) for i in catalog.innovations
            if not i.draft and program.counted_from <= i.registered <= last]


def _svg(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def _all(drawn: charts.StatsCharts) -> list[charts.Chart]:
    return [*drawn.phases, drawn.months, drawn.units, drawn.categories]


def _font_size(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> float:
    node: ET.Element | None = element
    while node is not None:
        if "font-size" in node.attrib:
            return float(node.attrib["font-size"].removesuffix("px"))
        node = parents.get(node)
    return 16.0  # the browser's default: too big to hide a missing size, but never absent here


def _rough_width(text: str, size: float) -> float:
    """A lower estimate of a sans-serif text's width: narrow glyphs count less."""
    return sum(0.3 if c in " .,:;/|()ilI'-·" else 0.55 for c in text) * size


def geometry_problems(svg: ET.Element, width_px: float = PHONE) -> list[str]:
    """Texts that leave the viewBox or that would be under 11 px with the chart width_px wide."""
    x0, y0, vb_w, vb_h = (float(v) for v in svg.attrib["viewBox"].split())
    scale = width_px / vb_w
    parents = {child: parent for parent in svg.iter() for child in parent}
    problems = []
    for text in svg.iter(f"{SVG}text"):
        content = "".join(text.itertext())
        x, y = float(text.attrib["x"]), float(text.attrib["y"])
        size = _font_size(text, parents)
        width = _rough_width(content, size)
        anchor = text.attrib.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        if size * scale < 11:
            problems.append(f"{content!r}: {size * scale:.1f} px")
        if not (x0 <= left and left + width <= x0 + vb_w):
            problems.append(f"{content!r}: x {left:.1f}..{left + width:.1f} outside {vb_w}")
        if not (y0 <= y - 0.8 * size and y + 0.25 * size <= y0 + vb_h):
            problems.append(f"{content!r}: y {y} outside {vb_h}")
    return problems


def _accessible(svg: ET.Element) -> None:
    assert svg.attrib["role"] == "img"
    assert svg.attrib["class"] == "sk-chart"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.attrib["aria-labelledby"].split() == [title.attrib["id"], desc.attrib["id"]]
    assert (title.text or "").strip() and (desc.text or "").strip()
    assert title.attrib["id"].startswith(svg.attrib["id"])


# --- unit tests on known catalogs -----------------------------------------------------------

def test_figures_of_a_known_catalog(known: Catalog) -> None:
    drawn = charts.stats_charts(known, compute_stats(known))
    counted = _by_hand(known)
    assert len(counted) == 5
    # Phases: the last cumulative row is the phase's count, by the contract's phase rule.
    for chart, (phase_id, count, target) in zip(drawn.phases, [(1, 2, 30), (2, 3, 70)],
                                                strict=True):
        phase = next(p for p in known.program.phases if p.id == phase_id)
        assert count == sum(1 for _, day, _ in counted if phase.start <= day <= phase.end)
        filled = [row for row in chart.rows if row[2]]
        assert filled[-1][2] == format_int(count)
        assert f"{format_int(count)} sáng kiến được tính trên chỉ tiêu {format_int(target)}" \
            in chart.summary
    # Months: one row per month from counted_from to the newest counted registration.
    months = dict(drawn.months.rows)
    assert len(months) == 25
    assert months["tháng 9/2021"] == "1" and months["tháng 5/2022"] == "1"
    assert months["tháng 6/2022"] == "2" and months["tháng 9/2023"] == "1"
    assert sum(int(v) for v in months.values()) == len(counted)
    # Units: sorted by % of target; count/target as in stats.json.
    assert [r[1:] for r in drawn.units.rows] == [
        ("BBB", "2", "10", format_percent(0.2)), ("AAA", "3", "30", format_percent(0.1))]
    # Categories, in the programme's order.
    assert [r[:2] for r in drawn.categories.rows] == [
        ("Giải pháp kỹ thuật", "3"), ("Giải pháp quản lý", "2")]


def test_every_chart_is_an_image_with_a_title_a_description_and_a_table(
        known: Catalog) -> None:
    drawn = charts.stats_charts(known, compute_stats(known))
    assert [c.key for c in _all(drawn)] == ["sk-chart-phase-1", "sk-chart-phase-2",
                                            "sk-chart-months", "sk-chart-units",
                                            "sk-chart-categories"]
    for chart in _all(drawn):
        svg = _svg(chart)
        assert svg.attrib["id"] == chart.key
        _accessible(svg)
        assert chart.caption and chart.header and chart.rows and chart.summary
        assert all(len(row) == len(chart.header) for row in chart.rows)


@pytest.mark.parametrize("which", ["known", "near_target"])
def test_texts_stay_inside_and_readable_at_360_px(which: str,
                                                  request: pytest.FixtureRequest) -> None:
    catalog = request.getfixturevalue(which)
    for chart in _all(charts.stats_charts(catalog, compute_stats(catalog))):
        assert geometry_problems(_svg(chart)) == [], chart.key


def test_off_scale_targets_are_written_above_and_the_line_shows(known: Catalog) -> None:
    drawn = charts.stats_charts(known, compute_stats(known))
    svg = _svg(drawn.phases[0])
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "▲ Chỉ tiêu 30: cao hơn thang đo" in texts
    # The axis follows the values (2 here), not the target (30): the line reaches high.
    ticks = [t for t in texts if t.isdigit()]
    assert max(int(t) for t in ticks) < 30
    line = svg.find(f"{SVG}polyline[@class='sk-ch-actual']")
    assert line is not None
    ys = [float(p.split(",")[1]) for p in line.attrib["points"].split()]
    height = float(svg.attrib["viewBox"].split()[3])
    assert min(ys) < height / 2  # its top is in the upper half of the chart
    assert "cao hơn thang đo" in "".join(_svg(drawn.units).itertext())


def test_targets_within_reach_are_drawn_on_the_scale(near_target: Catalog) -> None:
    drawn = charts.stats_charts(near_target, compute_stats(near_target))
    svg = _svg(drawn.phases[0])
    assert svg.find(f"{SVG}line[@class='sk-ch-target']") is not None
    assert svg.find(f"{SVG}polyline[@class='sk-ch-plan']") is not None
    assert "Chỉ tiêu 30" in ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    units = "".join(_svg(drawn.units).itertext())
    assert "100%" in units and "cao hơn thang đo" not in units


def test_long_names_are_shortened_with_the_full_name_in_a_title(near_target: Catalog) -> None:
    svg = _svg(charts.stats_charts(near_target, compute_stats(near_target)).categories)
    shown = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert LONG_CATEGORY not in shown
    short = next(t for t in shown if t.endswith("…"))
    assert LONG_CATEGORY.startswith(short[:-1])
    titles = ["".join(t.itertext()) for t in svg.iter(f"{SVG}title")]
    assert any(t.startswith(LONG_CATEGORY + ":") for t in titles)
    units = _svg(charts.stats_charts(near_target, compute_stats(near_target)).units)
    assert any(t.startswith("Công đoàn Đơn vị A (AAA)")
               for t in ("".join(x.itertext()) for x in units.iter(f"{SVG}title")))


def test_same_content_same_bytes(tmp_path: Path) -> None:
    first = _catalog(tmp_path / "a", KNOWN)
    second = _catalog(tmp_path / "b", list(reversed(KNOWN)))
    assert charts.stats_charts(first, compute_stats(first)) == \
        charts.stats_charts(first, compute_stats(first))
    one = charts.stats_charts(first, compute_stats(first))
    other = charts.stats_charts(second, compute_stats(second))
    assert [c.svg for c in _all(one)] == [c.svg for c in _all(other)]


def test_an_empty_catalog_still_draws(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path / "content", [])
    drawn = charts.stats_charts(catalog, compute_stats(catalog))
    for chart in _all(drawn):
        _accessible(_svg(chart))
        assert geometry_problems(_svg(chart)) == [], chart.key


# --- the built sample ----------------------------------------------------------------------------

class _Tables(HTMLParser):
    """The rows of every table with an id, as text cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.captions: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id"):
            self._table = dict(attrs)["id"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []
        elif self._table and tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption and self._table:
            self.captions[self._table] = self.captions.get(self._table, "") + data


@pytest.fixture(scope="module")
def stats_html(sample_site: Path) -> str:
    return (sample_site / "thong-ke/index.html").read_text(encoding="utf-8")


def _page_svgs(html: str) -> dict[str, ET.Element]:
    found = [ET.fromstring(s) for s in re.findall(r'<svg class="sk-chart".*?</svg>', html, re.S)]
    return {svg.attrib["id"]: svg for svg in found}


def test_the_page_has_every_chart_with_its_table(stats_html: str) -> None:
    svgs = _page_svgs(stats_html)
    assert sorted(svgs) == sorted(CHART_IDS)
    parser = _Tables()
    parser.feed(stats_html)
    for key, svg in svgs.items():
        _accessible(svg)
        assert geometry_problems(svg) == [], key
        assert parser.captions.get(f"{key}-table", "").strip(), key
        assert len(parser.tables[f"{key}-table"]) > 1, key
    assert len(set(re.findall(r'\bid="([^"]+)"', stats_html))) == \
        len(re.findall(r'\bid="([^"]+)"', stats_html))


def test_the_page_figures_are_those_of_stats_json(sample_site: Path, stats_html: str) -> None:
    published = json.loads((sample_site / "data/stats.json").read_text(encoding="utf-8"))
    parser = _Tables()
    parser.feed(stats_html)
    tables = {key: rows[1:] for key, rows in parser.tables.items()}  # without the header
    units = {row[1]: (row[2], row[3]) for row in tables["sk-chart-units-table"]}
    assert units == {u["code"]: (format_int(u["count"]), format_int(u["target"]))
                     for u in published["units"] if u["parent"] is None}
    for phase in published["phases"]:
        rows = [r for r in tables[f"sk-chart-phase-{phase['id']}-table"] if r[2]]
        assert rows[-1][2] == format_int(phase["count"])
        assert sum(int(r[1].replace(".", "")) for r in rows) == phase["count"]
    total = published["total"]["count"]
    assert sum(int(r[1].replace(".", "")) for r in tables["sk-chart-months-table"]) == total
    assert sum(int(r[1].replace(".", "")) for r in tables["sk-chart-categories-table"]) == total


def test_the_page_figures_match_a_count_by_hand(stats_html: str) -> None:
    result = load_content(SAMPLE)
    assert result.catalog is not None
    catalog = result.catalog
    counted = _by_hand(catalog)
    parser = _Tables()
    parser.feed(stats_html)
    tables = {key: rows[1:] for key, rows in parser.tables.items()}
    by_category = {name: sum(1 for _, _, c in counted if c == key)
                   for key, name in catalog.program.categories.items()}
    assert {r[0]: int(r[1]) for r in tables["sk-chart-categories-table"]} == by_category
    by_month: dict[str, int] = {}
    for _, day, _ in counted:
        name = f"tháng {day.month}/{day.year}"
        by_month[name] = by_month.get(name, 0) + 1
    months = {r[0]: int(r[1]) for r in tables["sk-chart-months-table"]}
    assert {k: v for k, v in months.items() if v} == by_month
    by_unit = {u.code: sum(1 for unit, _, _ in counted if u.code in catalog.lineage(unit))
               for u in catalog.top_units}  # each over its subtree (contract v3)
    assert {r[1]: int(r[2]) for r in tables["sk-chart-units-table"]} == by_unit


# --- in a browser, 360 px wide ------------------------------------------------------------------





