"""CONTENT-SPEC v2: advisory teams, award criteria, events, phases and the monthly reports,
checked on known trees with every figure computed here independently of the generator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest
from conftest import PROGRAM, UNITS, ContentTree, check, line_of
from sitetools import build_site

TEAM = """\
  advisory_team:
    contact: "Văn phòng Công đoàn, (024) 0000 0000"
    members:
      - {name: Nguyễn Văn An, position: Phó Chủ tịch}
      - {name: Trần Thị Bình}
      - {name: Lê Văn Cường}
"""
CRITERIA = """\
    criteria: |
      Sáng kiến có **giá trị làm lợi** lớn, theo quy chế của Tổng Liên đoàn.
"""


def v2_units(team: str = TEAM) -> str:
    """Unit AAA with a team, BBB without."""
    first, second = UNITS.split("- code: BBB")
    return first + team + "- code: BBB" + second


def v2_program() -> str:
    return PROGRAM.replace(
        "  bang-ldst: {name: Bằng Lao động sáng tạo, issuer: Tổng Liên đoàn Lao động Việt Nam, "
        "target: 3}",
        "  bang-ldst:\n    name: Bằng Lao động sáng tạo\n    issuer: Tổng Liên đoàn Lao động "
        "Việt Nam\n    target: 3\n" + CRITERIA.rstrip("\n"))


EVENT = """\
---
title: Giao lưu kinh nghiệm sáng kiến
date: {date}
kind: {kind}
units: [{units}]
place: Hà Nội
innovations: [{ids}]
summary: Hai đơn vị kết nghĩa trao đổi kinh nghiệm.
---

Báo cáo của buổi giao lưu.
"""


def v2_tree(root: Path) -> ContentTree:
    tree = ContentTree(root)
    tree.write("units.yml", v2_units())
    tree.write("program.yml", v2_program())
    registrations = [("AAA", "2021-09-15", "Ngô Văn Một"), ("AAA", "2021-09-20", "Ngô Văn Một"),
                     ("AAA", "2021-11-02", "Phan Thị Hai"), ("BBB", "2022-06-10", "Võ Văn Ba"),
                     ("BBB", "2021-09-30", "Võ Văn Ba")]
    for n, (unit, registered, author) in enumerate(registrations, start=1):
        tree.innovation(f"i{n}", id=f"{unit}-2022-{n:04d}", unit=unit, registered=registered,
                        authors=f"\n  - {{name: {author}}}")
    tree.innovation("i6", id="AAA-2022-0006", unit="AAA", registered="2021-10-01",
                    awards="\n  - {kind: bang-ldst, date: 2021-11-20, decision: 7/QĐ-TLĐ}")
    tree.innovation("draft", id="AAA-2022-0099", draft="true")
    tree.write("events/2022-07-01-giao-luu-a-b.md", EVENT.format(
        date="2022-07-01", kind="giao-luu", units="AAA, BBB", ids="AAA-2022-0001, BBB-2022-0004"))
    tree.write("events/2021-12-01-toa-dam-an-toan.md", EVENT.format(
        date="2021-12-01", kind="toa-dam", units="AAA", ids="AAA-2022-0003"))
    return tree


@pytest.fixture(scope="module")
def v2_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("v2")
    return build_site(v2_tree(root / "content").root, root / "build")


def text_of(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


# -- the checker --------------------------------------------------------------------------------

def test_an_advisory_team_needs_three_named_members_and_no_other_key(tree: ContentTree) -> None:
    team = TEAM.replace("      - {name: Lê Văn Cường}\n", "").replace("contact:", "phone:")
    text = v2_units(team)
    found = check(tree, "units.yml", text,
                  ("units[1].advisory_team.phone", line_of(text, "phone:")),
                  ("units[1].advisory_team.members", line_of(text, "- {name: Nguyễn Văn An")))
    assert "ít nhất 3 mục" in found[0].message + found[1].message


def test_criteria_are_judged_as_a_body_on_their_own_line(tree: ContentTree) -> None:
    text = v2_program().replace("theo quy chế", "<script>alert(1)</script> theo quy chế")
    (problem,) = check(tree, "program.yml", text, ("(nội dung)", line_of(text, "<script>")))
    assert "<script>" in problem.message


def test_an_event_presenting_a_draft_is_an_error(tree: ContentTree) -> None:
    tree.innovation("d", id="AAA-2022-0002", draft="true")
    text = EVENT.format(date="2022-07-01", kind="toa-dam", units="AAA", ids="AAA-2022-0002")
    (problem,) = check(tree, "events/2022-07-01-toa-dam.md", text,
                       ("innovations[1]", line_of(text, "innovations:")))
    assert "bản nháp" in problem.message


# -- the pages ----------------------------------------------------------------------------------

def test_advisory_teams_page_shows_teams_and_counts_the_gap(v2_site: Path) -> None:
    html = text_of(v2_site, "to-tu-van")
    assert "1 trên 2 đơn vị chưa có tổ tư vấn." in html
    assert "Trần Thị Bình" in html and "(024) 0000 0000" in html
    assert "Đơn vị chưa có tổ tư vấn sáng kiến." in text_of(v2_site, "don-vi/bbb")
    assert "Lê Văn Cường" in text_of(v2_site, "don-vi/aaa")


def test_events_newest_first_linked_both_ways(v2_site: Path) -> None:
    html = text_of(v2_site, "su-kien")
    assert html.index("2022-07-01-giao-luu-a-b") < html.index("2021-12-01-toa-dam-an-toan")
    event = text_of(v2_site, "su-kien/2022-07-01-giao-luu-a-b")
    assert "Báo cáo của buổi giao lưu." in event and "Giao lưu" in event
    assert "aaa-2022-0001" in event and "bbb-2022-0004" in event
    innovation = text_of(v2_site, "sang-kien/aaa-2022-0001")
    assert "Được giới thiệu tại:" in innovation and "2022-07-01-giao-luu-a-b" in innovation
    assert "2021-12-01-toa-dam-an-toan" in text_of(v2_site, "don-vi/aaa")
    assert "Được giới thiệu tại" not in text_of(v2_site, "sang-kien/aaa-2022-0006")


def test_calendar_is_rfc_5545_one_event_each(v2_site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((v2_site / "su-kien/lich.ics").read_bytes())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2021, 12, 1), dt.date(2022, 7, 1)]
    assert [e.decoded("DTEND") for e in events] == [dt.date(2021, 12, 2), dt.date(2022, 7, 2)]
    assert str(events[1]["SUMMARY"]) == "Giao lưu kinh nghiệm sáng kiến"
    assert str(events[1]["URL"]).endswith("/su-kien/2022-07-01-giao-luu-a-b/")
    assert len({str(e["UID"]) for e in events}) == 2 and all("DTSTAMP" in e for e in events)


def test_award_page_shows_its_criteria_and_phase_pages_their_own(v2_site: Path) -> None:
    award = text_of(v2_site, "giai-thuong/bang-ldst")
    assert "Tiêu chí xét tặng" in award and "<strong>giá trị làm lợi</strong>" in award
    phase_one = text_of(v2_site, "giai-doan/1")
    phase_two = text_of(v2_site, "giai-doan/2")
    assert "aaa-2022-0001" in phase_one and "bbb-2022-0004" not in phase_one
    assert "bbb-2022-0004" in phase_two and "aaa-2022-0001" not in phase_two


# -- the monthly reports ------------------------------------------------------------------------

REGISTERED = {"AAA": ["2021-09-15", "2021-09-20", "2021-11-02", "2021-10-01"],
              "BBB": ["2022-06-10", "2021-09-30"]}
"""The tree's counted registrations, as written above: the figures below come from these."""


def expected_months() -> list[str]:
    newest = max(d for dates in REGISTERED.values() for d in dates)[:7]
    months, year, month = [], 2021, 9
    while f"{year:04d}-{month:02d}" <= newest:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def test_reports_exist_for_every_unit_and_month_and_nothing_else(v2_site: Path) -> None:
    months = expected_months()
    assert months[0] == "2021-09" and months[-1] == "2022-06"
    for month in months:
        for code in ("aaa", "bbb"):
            assert (v2_site / f"bao-cao/{code}/{month}/index.html").is_file()
            assert (v2_site / f"bao-cao/{code}/{month}.xlsx").is_file()
        assert (v2_site / f"bao-cao/tong-hop/{month}.xlsx").is_file()
    assert not (v2_site / "bao-cao/aaa/2022-07").exists()
    index = text_of(v2_site, "bao-cao")
    assert all(f'href="tong-hop/{m}/"' in index for m in months), index


def header_row(sheet: Any, first: str) -> int:
    """The number of the sheet's header row: the first row holding the header `first`."""
    for row in sheet.iter_rows(max_row=20):
        if any(c.value == first for c in row):
            return row[0].row
    raise AssertionError(f"no header {first!r} in {sheet.title}")


def table(sheet: Any, first: str
          ) -> tuple[list[Any], list[tuple[Any, ...]], tuple[Any, ...] | None]:
    """(header, data rows, total row or None) of a report sheet whose header holds `first`."""
    top = header_row(sheet, first)
    header = [c.value for c in sheet[top]]
    rows = list(sheet.iter_rows(min_row=top + 1, values_only=True))
    if rows and rows[-1][0] == "Tổng cộng":
        return header, rows[:-1], rows[-1]
    return header, rows, None


def test_unit_workbook_rows_and_figures(v2_site: Path) -> None:
    for month in expected_months():
        for code in ("AAA", "BBB"):
            book = openpyxl.load_workbook(v2_site / f"bao-cao/{code.lower()}/{month}.xlsx")
            rows_sheet, figures_sheet = book.worksheets
            top = header_row(rows_sheet, "Mã sáng kiến")
            assert rows_sheet.freeze_panes == f"A{top + 1}"
            header, got, total = table(rows_sheet, "Mã sáng kiến")
            assert header[:6] == ["STT", "Mã sáng kiến", "Tên sáng kiến", "Tác giả",
                                  "Loại giải pháp", "Ngày đăng ký"]
            dates = sorted(d for d in REGISTERED[code] if d.startswith(month))
            assert [r[5].date().isoformat() for r in got] == dates
            assert [r[0] for r in got] == list(range(1, len(dates) + 1))
            assert all(rows_sheet.cell(r, 6).number_format == "dd/mm/yyyy"
                       for r in range(top + 1, top + len(got) + 1))
            _, figure_rows, _ = table(figures_sheet, "Chỉ số")
            figures = {row[0]: row[1:] for row in figure_rows}
            cumulative = sum(1 for d in REGISTERED[code] if d[:7] <= month)
            target = {"AAA": 30, "BBB": 10}[code]
            assert figures["Sáng kiến đăng ký trong tháng"][0] == len(dates)
            assert figures["Lũy kế đến hết tháng"] == (cumulative, target)
            assert isinstance(figures["Lũy kế đến hết tháng"][0], int)
            awards = 1 if (code, month) == ("AAA", "2021-11") else 0
            assert figures["Khen thưởng trong tháng"][0] == awards
            assert total is not None and total[0] == "Tổng cộng" and total[1] is None
            top = header_row(figures_sheet, "Chỉ số")
            rate = next(r for r in range(top + 1, figures_sheet.max_row + 1)
                        if figures_sheet.cell(r, 1).value == "Tỷ lệ đoàn viên tham gia")
            target = figures_sheet.cell(rate, 3)
            assert target.value == 0.1 and target.number_format == "0%"  # the page: 10%


def test_participation_is_cumulative_distinct_authors(v2_site: Path) -> None:
    def authors(month: str) -> float:
        book = openpyxl.load_workbook(v2_site / f"bao-cao/aaa/{month}.xlsx")
        figures = {row[0]: row[1] for row in table(book.worksheets[1], "Chỉ số")[1]}
        return figures["Tác giả (lũy kế)"]

    # AAA: Ngô Văn Một twice in 09, Nguyễn Văn An (i6, the default author) in 10, Phan Thị Hai in 11
    assert [authors(m) for m in ("2021-09", "2021-10", "2021-11")] == [1, 2, 3]


def test_programme_workbook_has_a_row_per_unit_matching_the_unit_pages(v2_site: Path) -> None:
    for month in expected_months():
        book = openpyxl.load_workbook(v2_site / f"bao-cao/tong-hop/{month}.xlsx")
        _, data, _ = table(book.worksheets[0], "Mã đơn vị")
        rows = {row[1]: row[1:] for row in data}
        assert set(rows) == {"AAA", "BBB"}
        for code, dates in REGISTERED.items():
            in_month = Counter(d[:7] for d in dates)[month]
            assert rows[code][2] == in_month
            assert rows[code][3] == sum(1 for d in dates if d[:7] <= month)
        html = text_of(v2_site, f"bao-cao/tong-hop/{month}")
        assert f'data-figure="cumulative">{sum(r[3] for r in rows.values())}<' in html


UNIT_NAMES = {"AAA": "Công đoàn Đơn vị A", "BBB": "Công đoàn Đơn vị B"}


def _lines_above(sheet: Any, first: str) -> str:
    top = header_row(sheet, first)
    return "\n".join(str(c.value) for row in sheet.iter_rows(max_row=top - 1) for c in row
                     if c.value is not None)


def test_every_workbook_names_its_unit_month_and_programme_above_the_header(v2_site: Path
                                                                          ) -> None:
    for month in expected_months():
        year, number = month.split("-")
        shown = f"Tháng {int(number)}/{year}"
        for code, name in UNIT_NAMES.items():
            book = openpyxl.load_workbook(v2_site / f"bao-cao/{code.lower()}/{month}.xlsx")
            for sheet, first in zip(book.worksheets, ("Mã sáng kiến", "Chỉ số"), strict=True):
                above = _lines_above(sheet, first)
                assert name in above and code in above, above
                assert shown in above and "Chương trình 01 triệu sáng kiến" in above, above
        book = openpyxl.load_workbook(v2_site / f"bao-cao/tong-hop/{month}.xlsx")
        above = _lines_above(book.worksheets[0], "Mã đơn vị")
        assert shown in above and "Chương trình 01 triệu sáng kiến" in above, above
        assert "Báo cáo tổng hợp" in above and "Công đoàn Điện lực Việt Nam" in above


def test_workbook_rows_are_numbered_and_totalled(v2_site: Path) -> None:
    for month in expected_months():
        book = openpyxl.load_workbook(v2_site / f"bao-cao/tong-hop/{month}.xlsx")
        header, data, total = table(book.worksheets[0], "Mã đơn vị")
        assert header[0] == "STT" and [r[0] for r in data] == list(range(1, len(data) + 1))
        assert total is not None and total[0] == "Tổng cộng"
        summed = ("Đăng ký trong tháng", "Lũy kế", "Chỉ tiêu cả chương trình",
                  "Tác giả (lũy kế)", "Đoàn viên", "Khen thưởng trong tháng")
        for column in summed:
            index = header.index(column)
            assert total[index] == sum(r[index] for r in data), (month, column)
            assert isinstance(total[index], int)
        rate = header.index("Tỷ lệ tham gia")
        authors, members = header.index("Tác giả (lũy kế)"), header.index("Đoàn viên")
        assert total[rate] == pytest.approx(total[authors] / total[members])
        html = text_of(v2_site, f"bao-cao/tong-hop/{month}")
        assert f'data-figure="registered">{total[header.index("Đăng ký trong tháng")]}<' in html
    # a unit's rows: the benefit column summed (the tree's innovations give none: 0)
    book = openpyxl.load_workbook(v2_site / "bao-cao/aaa/2021-09.xlsx")
    header, data, total = table(book.worksheets[0], "Mã sáng kiến")
    assert [r[0] for r in data] == [1, 2] and total is not None and total[0] == "Tổng cộng"
    benefit = header.index("Giá trị làm lợi (đồng/năm)")
    assert total[benefit] == sum(r[benefit] or 0 for r in data)


def test_workbooks_print_on_a4_landscape_one_page_wide(v2_site: Path) -> None:
    for path in sorted(v2_site.glob("bao-cao/**/*.xlsx")):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            first = {"Sáng kiến": "Mã sáng kiến", "Số liệu": "Chỉ số",
                     "Tổng hợp": "Mã đơn vị"}[sheet.title]
            top = header_row(sheet, first)
            assert sheet.page_setup.orientation == "landscape", path
            assert int(sheet.page_setup.paperSize) == 9, path
            assert sheet.print_title_rows == f"$1:${top}", path
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, path
            assert int(sheet.page_setup.fitToWidth) == 1, path
            assert int(sheet.page_setup.fitToHeight) == 0, path
            assert sheet.freeze_panes == f"A{top + 1}", path


def test_rates_show_the_digits_the_page_shows(v2_site: Path) -> None:
    from generator.site import vietnamese as vi

    for month in expected_months():
        book = openpyxl.load_workbook(v2_site / f"bao-cao/tong-hop/{month}.xlsx")
        sheet = book.worksheets[0]
        top = header_row(sheet, "Mã đơn vị")
        header = [c.value for c in sheet[top]]
        column = header.index("Tỷ lệ tham gia") + 1
        html = text_of(v2_site, f"bao-cao/tong-hop/{month}")
        for row in range(top + 1, sheet.max_row + 1):
            cell = sheet.cell(row, column)
            digits = cell.number_format.split(".")[1].count("0") if "." in cell.number_format \
                else 0
            assert vi.format_percent(cell.value) == vi.format_percent(cell.value, digits)
            if row < sheet.max_row:  # the units' rows, shown on the page as they are here
                assert f">{vi.format_percent(cell.value)}</td>" in html


def test_a_small_rate_keeps_two_decimals_in_the_workbook() -> None:
    import io

    from generator.site.workbooks import Table, WorkbookPlan

    plan = WorkbookPlan("t", "2023-09", (Table("Tổng hợp", ("Mã đơn vị", "Tỷ lệ tham gia"),
                                               (("A", 0.0009), ("B", 0.0734), ("C", 0.0)),
                                               numbered=True, total=(None, 0.01)),),
                        ("Công đoàn X", "Chương trình Y", "Đơn vị: Z (mã Z)", "Tháng 9/2023"))
    sheet = openpyxl.load_workbook(io.BytesIO(plan.render())).worksheets[0]
    assert [sheet.cell(r, 3).number_format for r in range(7, 11)] == [
        "0.00%", "0.0%", "0.0%", "0.0%"]
    assert sheet.cell(7, 3).value == 0.0009 and sheet["A10"].value == "Tổng cộng"


def test_download_names_say_what_the_workbook_is(v2_site: Path) -> None:
    page = text_of(v2_site, "bao-cao/aaa/2021-09")
    assert 'href="../2021-09.xlsx" download="bao-cao-aaa-2021-09.xlsx"' in page, page
    page = text_of(v2_site, "bao-cao/tong-hop/2021-09")
    assert 'download="bao-cao-tong-hop-2021-09.xlsx"' in page
    index = text_of(v2_site, "bao-cao")
    assert 'href="tong-hop/2022-06.xlsx" download="bao-cao-tong-hop-2022-06.xlsx"' in index


def test_the_index_says_up_to_which_month_reports_exist(v2_site: Path, tmp_path: Path) -> None:
    index = text_of(v2_site, "bao-cao")
    # the newest registration is in June 2022, the programme ends on 30/09/2023
    assert ("Chương trình kết thúc ngày 30/09/2023. Báo cáo tháng hiện có đến tháng 6/2022"
            in index), index
    tree = v2_tree(tmp_path / "content")
    tree.innovation("last", id="BBB-2023-0001", unit="BBB", registered="2023-09-29")
    site = build_site(tree.root, tmp_path / "build")
    assert ("Chương trình kết thúc ngày 30/09/2023, nên báo cáo tháng chỉ có đến tháng 9/2023."
            in text_of(site, "bao-cao"))


def test_report_page_is_printable(v2_site: Path) -> None:
    html = text_of(v2_site, "bao-cao/aaa/2021-09")
    assert "Công đoàn Đơn vị A" in html and "Báo cáo sáng kiến tháng 9/2021" in html
    assert 'data-figure="cumulative">2<' in html and 'data-figure="target">30<' in html
    css = (v2_site / "assets/stylesheets/sk.css").read_text(encoding="utf-8")
    assert "@page { size: A4" in css and ".sk-no-print" in css


def test_workbooks_are_the_same_bytes_on_every_build(v2_site: Path, tmp_path: Path) -> None:
    again = build_site(v2_tree(tmp_path / "content").root, tmp_path / "build")
    for path in sorted(v2_site.glob("bao-cao/**/*.xlsx")):
        assert (again / path.relative_to(v2_site)).read_bytes() == path.read_bytes(), path
    assert (again / "su-kien/lich.ics").read_bytes() == (v2_site / "su-kien/lich.ics").read_bytes()


def test_long_rolls_are_split_into_pages_a_phone_can_scroll(tree: ContentTree) -> None:
    from generator.content.loader import load_content
    from generator.site.site_plan import PEOPLE_PER_PAGE, ROLL_PER_PAGE, PageKind, plan_site

    extra = 5
    for n in range(1, ROLL_PER_PAGE + extra + 1):
        tree.innovation(f"i{n}", id=f"AAA-2022-{n:04d}", registered="2022-03-01",
                        authors=f"\n  - {{name: Ngô Văn Hải {n}}}\n  - {{name: Lê Thị Hà {n}}}",
                        awards="\n  - {kind: chung-nhan-ldst, date: 2022-06-01}")
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    pages = {p.url: p for p in plan_site(catalog).pages}
    first = pages["giai-thuong/chung-nhan-ldst/nam-2022/"]
    second = pages["giai-thuong/chung-nhan-ldst/nam-2022/trang/2/"]
    assert len(first.context["roll"]) == ROLL_PER_PAGE and len(second.context["roll"]) == extra
    award = pages["giai-thuong/chung-nhan-ldst/"]
    assert len(award.context["roll"]) == ROLL_PER_PAGE and award.context["more"] == extra
    honour = [p for p in pages.values() if p.kind is PageKind.HONOUR_LETTER]
    assert all(len(p.context["people"]) <= PEOPLE_PER_PAGE for p in honour)
    assert sum(len(p.context["people"]) for p in honour) == 2 * (ROLL_PER_PAGE + extra)
