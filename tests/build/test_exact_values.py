"""What a user wrote reaches the workbooks and the open data whole: no text cut at Excel's
32,767 characters a cell, no integer rounded to Excel's (or a float's) 15 digits."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import PROGRAM, UNITS, ContentTree, check, innovation_text, line_of
from sitetools import build_site

from generator.content.definitions import MAX_AUTHORS as AUTHORS_MAX
from generator.site import vietnamese as vi
from generator.site.workbooks import (
    CELL_MAX_CHARS,
    LONG_NUMBER_NOTE,
    CellTooLong,
    WorkbookPlan,
    excel_length,
)

BIG = 123456789012345678
"""18 digits: a float (and Excel) would keep 123456789012345680."""
LARGEST_NUMERIC = 999_999_999_999_999
"""15 digits: Excel keeps every one, so it stays a number."""
HUGE_MEMBERS = 12345678901234567890


def worst_name(n: int) -> str:
    """100 characters, 193 UTF-16 units (astral letters count two in Excel), all distinct."""
    return f"Tác{n:03d}" + "𝐀" * 93 + "ữ"


WORST_TITLE = ("_x0041_ " + "Thiết bị đo 𝐗 " * 20)[:200]
"""Excel reads `_x0041_` in a cell as 'A' unless it is escaped: it must come back as written."""
WORST_BENEFIT = ("Giảm tổn thất 𝐗 " * 40)[:500]
WORST_CATEGORY = ("Giải pháp kỹ thuật 𝐗 " * 10)[:120]
WORST_UNIT = ("Công đoàn Đơn vị A 𝐗 " * 15)[:200]


def yaml_quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def worst_tree(root: Path) -> tuple[ContentTree, dict[str, str]]:
    tree = ContentTree(root)
    tree.write("program.yml", PROGRAM.replace("ky-thuat: Giải pháp kỹ thuật",
                                              f"ky-thuat: {yaml_quoted(WORST_CATEGORY)}"))
    tree.write("units.yml", UNITS.replace("name: Công đoàn Đơn vị A",
                                          f"name: {yaml_quoted(WORST_UNIT)}")
               .replace("members: 40", f"members: {HUGE_MEMBERS}"))
    authors = "".join(f"\n  - {{name: {yaml_quoted(worst_name(n))}}}"
                      for n in range(1, AUTHORS_MAX + 1))
    tree.innovation("worst", title=yaml_quoted(WORST_TITLE), authors=authors,
                    benefit=f"\n  value_vnd: {BIG}\n  text: {yaml_quoted(WORST_BENEFIT)}")
    tree.innovation("fifteen", id="AAA-2022-0002", registered="2022-03-20",
                    benefit=f"{{value_vnd: {LARGEST_NUMERIC}}}")
    tree.innovation("other", id="BBB-2022-0001", unit="BBB", registered="2022-03-21")
    return tree, {"authors": ", ".join(worst_name(n) for n in range(1, AUTHORS_MAX + 1))}


@pytest.fixture(scope="module")
def worst_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("worst")
    tree, expected = worst_tree(folder / "content")
    return build_site(tree.root, folder / "build", search=False), expected


def test_worst_allowed_content_fits_a_cell() -> None:
    authors = ", ".join(worst_name(n) for n in range(1, AUTHORS_MAX + 1))
    assert len(worst_name(1)) == 100 and excel_length(authors) <= CELL_MAX_CHARS
    assert excel_length(authors) > len(authors)


def test_more_authors_than_a_cell_holds_are_refused(tree: ContentTree) -> None:
    authors = "".join(f"\n  - {{name: Tác giả số {n}}}" for n in range(1, AUTHORS_MAX + 2))
    text = innovation_text(authors=authors)
    found = check(tree, "innovations/many.md", text,
                  ("authors", line_of(text, "Tác giả số 1}")))
    assert f"tối đa {AUTHORS_MAX}" in found[0].message
    tree.write("innovations/many.md", innovation_text(authors=authors.rsplit("\n", 1)[0]))
    from generator.site.checked import load_and_plan
    assert load_and_plan(tree.root).errors == []


def _data_rows(sheet: Any, first: str) -> list[tuple[Any, ...]]:
    """The cells of each row below the header row (the row holding `first`), from the header's
    column `first` on (the number STT before it left out)."""
    top = next(row[0].row for row in sheet.iter_rows(max_row=20)
               if any(c.value == first for c in row))
    start = [c.value for c in sheet[top]].index(first)
    return [row[start:] for row in sheet.iter_rows(min_row=top + 1)]


def test_unit_workbook_reads_back_what_the_page_shows(worst_site: tuple[Path, dict[str, str]]
                                                     ) -> None:
    site, expected = worst_site
    book = openpyxl.load_workbook(site / "bao-cao/aaa/2022-03.xlsx")
    rows = {row[0].value: row for row in _data_rows(book.worksheets[0], "Mã sáng kiến")}
    worst = rows["AAA-2022-0001"]
    assert [c.value for c in worst[1:4]] == [WORST_TITLE, expected["authors"], WORST_CATEGORY]
    assert worst[6].value == WORST_BENEFIT
    assert worst[4].value.date().isoformat() == "2022-03-15" and len(worst) == 7
    page = (site / "sang-kien/aaa-2022-0001/index.html").read_text(encoding="utf-8")
    for shown in (WORST_TITLE, WORST_BENEFIT, WORST_CATEGORY, worst_name(1),
                  worst_name(AUTHORS_MAX)):
        assert html.escape(shown, quote=False) in page, shown[:40]
    # 18 digits: text holding every digit, with a note saying why; 15 digits: a number.
    assert worst[5].value == str(BIG) and worst[5].data_type == "s"
    assert worst[5].comment is not None and worst[5].comment.text == LONG_NUMBER_NOTE
    assert "123.456.789.012.345.678 đ" in page
    fifteen = rows["AAA-2022-0002"][5]
    assert fifteen.value == LARGEST_NUMERIC and isinstance(fifteen.value, int)
    assert fifteen.comment is None and fifteen.number_format == "#,##0"
    report = (site / "bao-cao/aaa/2022-03/index.html").read_text(encoding="utf-8")
    assert "123.456.789.012.345.678 đ" in report and WORST_UNIT.split("𝐗")[0] in report


def test_programme_workbook_keeps_long_integers(worst_site: tuple[Path, dict[str, str]]
                                                ) -> None:
    site, _ = worst_site
    book = openpyxl.load_workbook(site / "bao-cao/tong-hop/2022-03.xlsx")
    rows = {row[0].value: row for row in _data_rows(book.worksheets[0], "Mã đơn vị")}
    assert rows["AAA"][1].value == WORST_UNIT
    members = rows["BBB"][8]
    assert members.value == str(HUGE_MEMBERS) and members.comment.text == LONG_NUMBER_NOTE
    assert rows["AAA"][8].value == 10 and rows["AAA"][8].comment is None


def test_open_data_keeps_long_integers(worst_site: tuple[Path, dict[str, str]]) -> None:
    site, expected = worst_site
    text = (site / "data/innovations.json").read_text(encoding="utf-8")
    assert f'"benefit_vnd": {BIG}' in text
    rows = {row["id"]: row for row in json.loads(text)}
    assert rows["AAA-2022-0001"]["benefit_vnd"] == BIG
    assert [a["name"] for a in rows["AAA-2022-0001"]["authors"]] == \
        expected["authors"].split(", ")
    table = list(csv.DictReader(io.StringIO(
        (site / "data/innovations.csv").read_bytes().decode("utf-8-sig"))))
    by_id = {row["Mã"]: row for row in table}
    assert by_id["AAA-2022-0001"]["Giá trị làm lợi (đồng/năm)"] == str(BIG)
    assert by_id["AAA-2022-0001"]["Tên sáng kiến"] == WORST_TITLE
    stats = (site / "data/stats.json").read_text(encoding="utf-8")
    json.loads(stats)  # parses; any integer in it is written by json, exactly
    assert "e+" not in stats.lower() and "1.2345678901234568e" not in stats


def test_money_is_formatted_without_floats() -> None:
    assert vi.format_money(BIG) == "123.456.789,01 tỷ đồng"
    assert vi.format_money(10**30 + 5 * 10**6) == "1.000.000.000.000.000.000.000,01 tỷ đồng"
    assert vi.format_money(1_255_000_000) == "1,26 tỷ đồng"
    assert vi.format_money_exact(BIG) == "123.456.789.012.345.678 đ"


def test_a_text_longer_than_a_cell_is_refused_not_cut() -> None:
    plan = WorkbookPlan("t", "2022-03", (("Sáng kiến", ("A",), (("x" * (CELL_MAX_CHARS + 1),),)),))
    with pytest.raises(CellTooLong, match=r"32\.767"):
        plan.render()
    astral = WorkbookPlan("t", "2022-03",
                          (("Sáng kiến", ("A",), (("𝐀" * (CELL_MAX_CHARS // 2 + 1),),)),))
    with pytest.raises(CellTooLong):
        astral.render()
    fits = "𝐀" * (CELL_MAX_CHARS // 2)
    data = WorkbookPlan("t", "2022-03", (("Sáng kiến", ("A",), ((fits,),)),)).render()
    assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value == fits
