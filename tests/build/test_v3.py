"""CONTENT-SPEC v3: levels of unions, replication and impact, checked on known trees with every
figure computed here from the files' own values, independently of the generator."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl
import pytest
from conftest import PROGRAM, ContentTree, check, line_of
from sitetools import build_site

# Three levels: AAA (top) > AA1 (middle, no figures of its own) > G11, G12 (grassroots);
# BBB (top, no children); CCC (top) > C01.
UNITS_V3 = """\
- code: AAA
  name: Công đoàn Tổng công ty A
  members: 100
  targets: {1: 10, 2: 20}
- code: AA1
  name: Công đoàn Công ty A1
  parent: AAA
- code: G11
  name: Công đoàn cơ sở Điện lực G11
  parent: AA1
  members: 30
  targets: {1: 2, 2: 3}
- code: G12
  name: Công đoàn cơ sở Điện lực G12
  parent: AA1
  members: 20
- code: BBB
  name: Công đoàn Đơn vị B
  members: 40
  targets: {1: 5, 2: 5}
- code: CCC
  name: Công đoàn Đơn vị C
- code: C01
  name: Công đoàn cơ sở C01
  parent: CCC
  members: 15
  targets: {1: 1, 2: 1}
"""

BIG = 10**18 + 7
"""A benefit no float holds exactly."""

# (file, id, unit, registered, authors, value_vnd, replicated_in, draft)
INNOVATIONS = [
    ("a1", "G11-0001", "G11", "2021-10-01", ["Ngô Văn Một"], 1_200_000, ["BBB", "G12"], False),
    ("a2", "G11-0002", "G11", "2022-07-01", ["ngô  văn một", "Lê Hai"], BIG, [], False),
    ("a3", "G12-0001", "G12", "2022-02-01", ["Ngô Văn Một"], None, ["CCC"], False),
    ("a4", "AA1-0001", "AA1", "2022-03-01", ["Trần Ba"], 500, [], False),
    ("a5", "AAA-0001", "AAA", "2023-01-05", ["Trần Ba"], 0, ["C01", "BBB"], False),
    ("b1", "BBB-0001", "BBB", "2022-06-10", ["Võ Bốn"], 7, ["AAA"], False),
    ("c1", "C01-0001", "C01", "2021-09-15", ["Đỗ Năm"], 3, [], False),
    ("old", "C01-0002", "C01", "2020-01-01", ["Đỗ Năm"], 99, ["BBB"], False),  # not counted
    ("d1", "G12-0099", "G12", "2022-04-01", ["Nháp"], 11, ["BBB"], True),
]


def v3_tree(root: Path, innovations: list = INNOVATIONS, units: str = UNITS_V3) -> ContentTree:
    tree = ContentTree(root)
    tree.write("units.yml", units)
    for name, iid, unit, registered, authors, value, replicated, draft in innovations:
        extra: dict[str, str] = {}
        if value is not None:
            extra["benefit"] = f"\n  value_vnd: {value}"
        if replicated:
            extra["replicated_in"] = "[" + ", ".join(replicated) + "]"
        if draft:
            extra["draft"] = "true"
        tree.innovation(name, id=iid, unit=unit, registered=registered,
                        authors="".join(f"\n  - {{name: {a}}}" for a in authors), **extra)
    return tree


def expected_figures(units_yaml: str, innovations: list) -> dict[str, dict]:
    """Every unit's figures over its subtree, by the contract's words alone."""
    import yaml

    units = yaml.safe_load(units_yaml)
    parent = {u["code"]: u.get("parent") for u in units}
    children: dict[str, list[str]] = {u["code"]: [] for u in units}
    for code, above in parent.items():
        if above:
            children[above].append(code)

    def subtree(code: str) -> set[str]:
        out = {code}
        for child in children[code]:
            out |= subtree(child)
        return out

    by_code = {u["code"]: u for u in units}

    def members(code: str) -> int:
        return by_code[code].get("members") or sum(members(c) for c in children[code])

    def targets(code: str) -> dict[int, int]:
        if "targets" in by_code[code]:
            return by_code[code]["targets"]
        out: dict[int, int] = {}
        for child in children[code]:
            for phase, target in targets(child).items():
                out[phase] = out.get(phase, 0) + target
        return out

    def level(code: str) -> int:
        return 1 if parent[code] is None else 1 + level(parent[code])

    counted = [i for i in innovations if not i[7] and "2021-09-01" <= i[3] <= "2023-09-30"]
    out = {}
    for code in by_code:
        mine = [i for i in counted if i[2] in subtree(code)]
        authors = {(i[2], " ".join(a.split()).casefold()) for i in mine for a in i[4]}
        valued = [i[5] for i in mine if i[5] is not None]
        out[code] = {
            "count": len(mine), "target": sum(targets(code).values()),
            "authors": len(authors), "members": members(code),
            "parent": parent[code], "level": level(code),
            "benefit_vnd": sum(valued), "replications": sum(len(i[6]) for i in mine),
        }
    return out


@pytest.fixture(scope="module")
def v3_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("v3")
    return build_site(v3_tree(root / "content").root, root / "build")


def page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


# -- the checker --------------------------------------------------------------------------------

def test_parents_are_checked_all_at_once_and_a_cycle_names_every_unit(tree: ContentTree) -> None:
    text = """\
- code: AAA
  name: A
  members: 10
  targets: {1: 1}
- code: BBB
  name: B
  parent: DDD
  members: 5
- code: XXA
  name: X
  parent: XXC
  members: 5
- code: XXB
  name: Y
  parent: XXA
  members: 5
- code: XXC
  name: Z
  parent: XXB
  members: 5
- code: SELF
  name: S
  parent: SELF
  members: 5
"""
    found = check(tree, "units.yml", text,
                  ("units[2].parent", line_of(text, "parent: DDD")),
                  ("units[3].parent", line_of(text, "parent: XXC")),
                  ("units[4].parent", line_of(text, "parent: XXA")),
                  ("units[5].parent", line_of(text, "parent: XXB")),
                  ("units[6].parent", line_of(text, "parent: SELF")))
    cycle = next(p.message for p in found if p.field == "units[3].parent")
    assert all(code in cycle for code in ("XXA", "XXB", "XXC")), cycle


def test_at_most_four_levels_and_figures_where_the_tree_needs_them(tree: ContentTree) -> None:
    text = """\
- code: L1
  name: A
  targets: {1: 1}
- code: L2
  name: B
  parent: L1
- code: L3
  name: C
  parent: L2
- code: L4
  name: D
  parent: L3
  members: 5
- code: L5
  name: E
  parent: L4
  members: 5
- code: TOP
  name: T
  members: 3
- code: BIG
  name: U
  members: 4
  targets: {1: 1}
- code: SUB
  name: V
  parent: BIG
  members: 9
- code: LEAF
  name: W
  parent: L1
"""
    check(tree, "units.yml", text,
          ("units[5].parent", line_of(text, "parent: L4")),
          ("units[6].targets", line_of(text, "- code: TOP")),
          ("units[7].members", line_of(text, "members: 4")),
          ("units[9].members", line_of(text, "- code: LEAF")))


def test_replicated_in_names_other_existing_units_once(tree: ContentTree) -> None:
    tree.write("units.yml", UNITS_V3)
    text = (tree.innovation("x", unit="G11", id="G11-0001",
                            replicated_in="[BBB, G11, BBB, ZZZ]")).read_text(encoding="utf-8")
    check(tree, "innovations/x.md", text,
          ("replicated_in[2]", line_of(text, "replicated_in")),
          ("replicated_in[3]", line_of(text, "replicated_in")),
          ("replicated_in[4]", line_of(text, "replicated_in")))


# -- the figures --------------------------------------------------------------------------------

def test_stats_json_figures_are_over_each_subtree(v3_site: Path) -> None:
    stats = json.loads((v3_site / "data/stats.json").read_text(encoding="utf-8"))
    want = expected_figures(UNITS_V3, INNOVATIONS)
    got = {u["code"]: {k: u[k] for k in want["AAA"]} for u in stats["units"]}
    assert got == want
    codes = [u["code"] for u in stats["units"]]
    assert codes == ["AAA", "AA1", "G11", "G12", "BBB", "CCC", "C01"]  # parents first
    tops = [c for c in want if want[c]["parent"] is None]
    assert stats["total"]["count"] == sum(want[c]["count"] for c in tops) == 7
    assert stats["participation"]["members"] == sum(want[c]["members"] for c in tops)
    assert stats["participation"]["authors"] == sum(want[c]["authors"] for c in tops)
    assert stats["benefit"] == {"total_vnd": 1_200_000 + BIG + 500 + 0 + 7 + 3,
                                "innovations": 6}
    assert isinstance(stats["benefit"]["total_vnd"], int)


def test_exports_carry_replicated_in_and_exact_benefits(v3_site: Path) -> None:
    rows = json.loads((v3_site / "data/innovations.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in rows}
    assert by_id["G11-0001"]["replicated_in"] == ["BBB", "G12"]
    assert by_id["G11-0002"]["benefit_vnd"] == BIG and by_id["C01-0001"]["replicated_in"] == []
    with (v3_site / "data/innovations.csv").open(encoding="utf-8-sig", newline="") as f:
        table = {r["Mã"]: r for r in csv.DictReader(f)}
    assert table["AAA-0001"]["Nhân rộng tại"] == "C01; BBB"
    assert table["G11-0002"]["Giá trị làm lợi (đồng/năm)"] == str(BIG)


# -- the pages ----------------------------------------------------------------------------------

def test_home_and_impact_page_show_the_exact_total(v3_site: Path) -> None:
    total = 1_200_000 + BIG + 500 + 7 + 3
    exact = f"{total:,}".replace(",", ".")
    assert exact in page(v3_site, "") and "Giá trị làm lợi" in page(v3_site, "")
    impact = page(v3_site, "hieu-qua")
    assert exact in impact and "6 trên 7 sáng kiến" in impact
    # highest first; the draft and the uncounted one are not there
    order = [impact.index(i.lower()) for i in ("G11-0002", "G11-0001", "AA1-0001", "BBB-0001")]
    assert order == sorted(order)
    assert "g12-0099" not in impact and "c01-0002" not in impact
    assert "Giá trị làm lợi theo công đoàn trực thuộc" in page(v3_site, "thong-ke")


def test_unit_pages_show_parent_children_and_what_they_took(v3_site: Path) -> None:
    middle = page(v3_site, "don-vi/aa1")
    assert 'href="../aaa/"' in middle and "Trực thuộc" in middle
    assert "Công đoàn cơ sở Điện lực G11" in middle and "Công đoàn cơ sở Điện lực G12" in middle
    assert "g11-0001" in middle and "g12-0001" in middle  # the subtree's initiatives
    bbb = page(v3_site, "don-vi/bbb")
    assert "nhân rộng tại đây" in bbb and "g11-0001" in bbb and "aaa-0001" in bbb
    assert "g12-0099" not in bbb  # a draft is not shown
    g12 = page(v3_site, "don-vi/g12")  # from its sibling G11: from elsewhere
    assert "nhân rộng tại đây" in g12 and "g11-0001" in g12
    assert "nhân rộng tại đây" not in page(v3_site, "don-vi/aa1")  # G11 is its own
    innovation = page(v3_site, "sang-kien/g11-0001")
    assert "Đã nhân rộng tại" in innovation and 'href="../../don-vi/bbb/"' in innovation


def test_reports_exist_at_every_level_and_the_programme_has_top_rows(v3_site: Path) -> None:
    for code in ("aaa", "aa1", "g11", "c01"):
        assert (v3_site / f"bao-cao/{code}/2022-07.xlsx").is_file()
        assert (v3_site / f"bao-cao/{code}/2022-07/index.html").is_file()
    book = openpyxl.load_workbook(v3_site / "bao-cao/tong-hop/2022-07.xlsx", read_only=True)
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert {"AAA", "BBB", "CCC"} <= set(cells) and not {"AA1", "G11", "C01"} & set(cells)


# -- scale: hundreds of grassroots unions ----------------------------------------------------

def synthetic_units(tops: int, middles: int, grassroots: int) -> str:
    lines = []
    for t in range(tops):
        lines += [f"- code: T{t:02d}", f"  name: Công đoàn trực thuộc {t}",
                  "  targets: {1: 50, 2: 50}"]
        for m in range(middles):
            lines += [f"- code: T{t:02d}M{m:02d}", f"  name: Công đoàn công ty {t}.{m}",
                      f"  parent: T{t:02d}"]
            for g in range(grassroots):
                lines += [f"- code: T{t:02d}M{m:02d}G{g:02d}",
                          f"  name: Công đoàn cơ sở {t}.{m}.{g}",
                          f"  parent: T{t:02d}M{m:02d}", f"  members: {20 + g}"]
    return "\n".join(lines) + "\n"


def test_a_tree_of_hundreds_of_grassroots_unions(tmp_path: Path) -> None:
    units = synthetic_units(3, 6, 12)  # 3 + 18 + 216 units
    program = PROGRAM.replace("end: 2023-09-30", "end: 2022-08-31")
    rng = random.Random(3)
    codes = [line.split(": ")[1] for line in units.splitlines() if line.startswith("- code")]
    leaves = [c for c in codes if "G" in c[1:]]
    innovations = []
    for n in range(400):
        unit = rng.choice(leaves)
        others = rng.sample([c for c in codes if c != unit], rng.choice((0, 0, 1, 2)))
        innovations.append((f"i{n}", f"X-{n:04d}", unit,
                            f"2022-0{rng.randint(6, 8)}-{rng.randint(1, 28):02d}",
                            [f"Người {rng.randint(0, 300)}"],
                            rng.choice((None, rng.randint(0, 10**9))), others, False))
    tree = v3_tree(tmp_path / "content", innovations, units)
    tree.write("program.yml", program)
    site = build_site(tree.root, tmp_path / "build")
    stats = json.loads((site / "data/stats.json").read_text(encoding="utf-8"))
    want = expected_figures(units, innovations)
    assert {u["code"]: {k: u[k] for k in want[u["code"]]} for u in stats["units"]} == want
    assert (site / "bao-cao/t02m05g11/2022-08.xlsx").is_file()
    assert "Công đoàn cơ sở 0.0.0" in page(site, "don-vi/t00m00")


# -- finding one's way ----------------------------------------------------------------------

def _active_tab(html: str) -> str:
    start = html.index("md-tabs__item--active")
    link = html.index("md-tabs__link", start)
    return html[html.index(">", link) + 1:html.index("</a>", link)].strip()


@pytest.mark.parametrize(("address", "section"), [
    ("sang-kien/g11-0001", "Sáng kiến"), ("don-vi/g12", "Đơn vị"), ("to-tu-van", "Đơn vị"),
    ("hieu-qua", "Thống kê"), ("loai/ky-thuat", "Sáng kiến"), ("giai-doan/1", "Sáng kiến"),
    ("bao-cao/aa1/2022-07", "Báo cáo"), ("sang-kien", "Sáng kiến"),
])
def test_the_menu_shows_the_section_of_every_page(v3_site: Path, address: str,
                                                  section: str) -> None:
    html = page(v3_site, address)
    assert _active_tab(html) == section
    assert html.count("md-tabs__item--active") == 1


def test_listing_pages_have_breadcrumbs_and_say_why_counts_differ(v3_site: Path) -> None:
    assert 'aria-label="Đường dẫn"' in page(v3_site, "loai/ky-thuat")
    assert 'aria-label="Đường dẫn"' in page(v3_site, "giai-doan/1")
    listing, home = page(v3_site, "sang-kien"), page(v3_site, "")
    # 8 published, 7 counted: one registered before counted_from
    assert "sk-count-why" in listing and "sk-count-why" in home
    assert 'href="../hieu-qua/"' in listing and 'href="giai-doan/1/"' in home
    assert 'href="to-tu-van/"' in home
