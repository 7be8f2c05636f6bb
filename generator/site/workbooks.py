"""The monthly reports as Excel workbooks (XlsxWriter): numbers as numbers, dates as dates.

What a cell holds is what the page shows, never less. Excel keeps 15 significant digits of a
number, so an integer of more digits (a benefit of 10^18 đồng) is written as its digits, as
text, with a note saying why; and a cell holds at most 32,767 characters, so a longer text is
refused here rather than cut (the checker keeps content below it: at most AUTHORS_MAX authors,
every other text field far shorter).

Each sheet is one a union office can send as it is: the organisation, the programme, the unit
(name and code) and the month in its first lines, then the header row, the rows numbered (STT)
and a total row (Tổng cộng); shares with the digits the page shows; printed on A4 landscape one
page wide, the lines above and the header repeated on every page.

The same report gives the same bytes: the document's properties are fixed (its date is the
report month's first day) and XlsxWriter stamps the zip entries with that date.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell as xl_rowcol
from xlsxwriter.worksheet import Worksheet

from generator.content.model import Program

from .counting import rate
from .reports import ProgrammeMonth, UnitMonth
from .vietnamese import format_int, format_month

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
PERCENT_SMALL_FORMAT = "0.00%"
"""A share below 1%: two decimals, as the page shows it (0,09%, never 0,1% or 0,0%)."""

CELL_MAX_CHARS = 32_767
"""Excel's limit on a cell's text, in UTF-16 code units (how Excel counts characters)."""
EXACT_DIGITS = 15
"""Excel keeps this many significant digits of a number: an integer of more becomes text."""
EXACT_MAX = 10**EXACT_DIGITS - 1
LONG_NUMBER_NOTE = ("Số có hơn 15 chữ số, ghi dạng chữ để giữ đúng từng chữ số "
                    "(Excel chỉ giữ 15 chữ số của một số).")


class CellTooLong(ValueError):
    """A text longer than a cell holds: refused rather than cut."""


def excel_length(text: str) -> int:
    """A text's length as Excel counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def is_exact_number(value: int) -> bool:
    """Whether Excel keeps every digit of the integer as a number."""
    return -EXACT_MAX <= value <= EXACT_MAX

INNOVATION_COLUMNS = ("Mã sáng kiến", "Tên sáng kiến", "Tác giả", "Loại giải pháp",
                      "Ngày đăng ký", "Giá trị làm lợi (đồng/năm)", "Hiệu quả")
PROGRAMME_COLUMNS = ("Mã đơn vị", "Công đoàn", "Đăng ký trong tháng", "Lũy kế",
                     "Chỉ tiêu cả chương trình", "Lũy kế giai đoạn", "Chỉ tiêu giai đoạn",
                     "Tác giả (lũy kế)", "Đoàn viên", "Tỷ lệ tham gia", "Khen thưởng trong tháng")
FIGURE_COLUMNS = ("Chỉ số", "Giá trị", "Chỉ tiêu")
ROW_NUMBER = "STT"
"""The header of the rows' numbers, first column of a numbered table."""
TOTAL = "Tổng cộng"
"""The label of a table's total row, in its first column."""
A4 = 9
"""XlsxWriter's (and Excel's) paper size number of A4."""


def percent_format(value: float) -> str:
    """The number format showing a share with the digits the page shows
    (vietnamese.format_percent): two decimals below 1% (0,09%), one otherwise (7,3%)."""
    return PERCENT_SMALL_FORMAT if 0 < value < 0.01 else PERCENT_FORMAT


@dataclass(frozen=True)
class Share:
    """A share shown with a fixed number of decimals (a target the page shows as 10%)."""

    value: float
    digits: int

    @property
    def number_format(self) -> str:
        return "0" + ("." + "0" * self.digits if self.digits else "") + "%"


@dataclass(frozen=True)
class Table:
    """One sheet: a header row, rows, and optionally their numbers (STT) and a total row."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numbered: bool = False
    """A first column STT numbering the rows 1, 2, 3, ..."""
    total: tuple[Any, ...] | None = None
    """The total row's values under the header's columns (a sum, a rate or None each)."""


class _Worksheet(Worksheet):
    """A worksheet whose page setup says "one page wide" in so many words: XlsxWriter leaves
    fitToWidth="1" out as Excel's default, and a reader (openpyxl) then finds no width."""

    def _xml_empty_tag(self, tag: str, attributes: Any = None) -> None:
        if tag == "pageSetup" and self.fit_page and self.fit_width == 1:
            attributes = [*(attributes or []), ("fitToWidth", 1)]
        super()._xml_empty_tag(tag, attributes)


class _Book:
    def __init__(self, title: str, month: str) -> None:
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {"in_memory": True})
        year, number = int(month[:4]), int(month[5:])
        self.book.set_properties({"title": title, "created": dt.datetime(year, number, 1),
                                  "author": "", "company": ""})
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                          "border": 1})
        self.heading = self.book.add_format({"bold": True})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.total_label = self.book.add_format({"bold": True})
        self.date = self.book.add_format({"num_format": DATE_FORMAT})
        self.number = self.book.add_format({"num_format": NUMBER_FORMAT})
        self.percent = self.book.add_format({"num_format": PERCENT_FORMAT})
        self.percent_small = self.book.add_format({"num_format": PERCENT_SMALL_FORMAT})
        self.digits = self.book.add_format({"num_format": "@", "align": "right"})
        self.formats = {
            "date": self.date, "number": self.number, PERCENT_FORMAT: self.percent,
            PERCENT_SMALL_FORMAT: self.percent_small, "digits": self.digits,
        }
        self.bold_formats: dict[str, Any] = {}

    def _bold(self, kind: str | None) -> Any:
        """The total row's format: bold, with the number format of kind."""
        key = kind or ""
        if key not in self.bold_formats:
            spec: dict[str, Any] = {"bold": True}
            if kind == "digits":
                spec.update(num_format="@", align="right")
            elif kind:
                spec["num_format"] = {"number": NUMBER_FORMAT, "date": DATE_FORMAT}.get(kind, kind)
            self.bold_formats[key] = self.book.add_format(spec)
        return self.bold_formats[key]

    def table(self, table: Table, heading: Sequence[str] = ()) -> None:
        """A sheet: the heading's lines (the last one as the title), a blank line, the header
        row and the rows, printed on A4 landscape one page wide, with the heading and the
        header repeated on every page and the panes frozen under the header."""
        sheet = self.book.add_worksheet(table.name, worksheet_class=_Worksheet)
        top = len(heading) + 1 if heading else 0
        for line, text in enumerate(heading):
            sheet.write_string(line, 0, text,
                               self.title if line == len(heading) - 1 else self.heading)
        header = ((ROW_NUMBER,) if table.numbered else ()) + table.header
        widths = [len(h) for h in header]
        for col, text in enumerate(header):
            sheet.write_string(top, col, text, self.bold)
        row = top
        for number, values in enumerate(table.rows, start=1):
            row += 1
            cells = ((number,) if table.numbered else ()) + tuple(values)
            for col, value in enumerate(cells):
                shown = self._write(sheet, row, col, value)
                widths[col] = max(widths[col], min(len(shown), 60))
        if table.total is not None:
            row += 1
            cells = ((TOTAL,) if table.numbered else ()) + tuple(table.total)
            for col, value in enumerate(cells):
                if isinstance(value, str):
                    sheet.write_string(row, col, value, self.total_label)
                    shown = value
                else:
                    shown = self._write(sheet, row, col, value, bold=True)
                widths[col] = max(widths[col], min(len(shown), 60))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width + 2)
        sheet.freeze_panes(top + 1, 0)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.repeat_rows(0, top)
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&CTrang &P/&N")

    def _write(self, sheet: Any, row: int, col: int, value: Any, bold: bool = False) -> str:
        def fmt(kind: str) -> Any:
            return self._bold(kind) if bold else self.formats[kind]

        if value is None:
            sheet.write_blank(row, col, None)
            return ""
        if isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day),
                                 fmt("date"))
            return "00/00/0000"
        if isinstance(value, Share):
            kind = value.number_format
            if kind not in self.formats:
                self.formats[kind] = self.book.add_format({"num_format": kind})
            sheet.write_number(row, col, value.value, self._bold(kind) if bold else
                               self.formats[kind])
            return f"{value.value:.2%}"
        if isinstance(value, float):
            kind = percent_format(value)
            sheet.write_number(row, col, value, fmt(kind))
            return f"{value:.2%}"
        if isinstance(value, int) and not isinstance(value, bool):
            if is_exact_number(value):
                sheet.write_number(row, col, value, fmt("number"))
                return f"{value:,}"
            sheet.write_string(row, col, str(value), fmt("digits"))
            sheet.write_comment(row, col, LONG_NUMBER_NOTE, {"author": ""})
            return str(value)
        text = str(value)
        if excel_length(text) > CELL_MAX_CHARS:
            raise CellTooLong(
                f"ô {sheet.name}!{xl_rowcol(row, col)} dài {format_int(excel_length(text))} ký tự, "
                f"một ô Excel chứa tối đa {format_int(CELL_MAX_CHARS)}: không cắt bớt, hãy rút gọn "
                "nội dung")
        sheet.write_string(row, col, text, self.total_label if bold else None)
        return text

    def close(self) -> bytes:
        self.book.close()
        return self.out.getvalue()


@dataclass(frozen=True)
class WorkbookPlan:
    """Everything a workbook shows, as plain values: the same plan gives the same bytes, so
    its repr is what a build cache keys the workbook by."""

    title: str
    month: str
    sheets: tuple[Table | tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]
    """Each sheet, in order: a Table, or (name, header, rows)."""
    heading: tuple[str, ...] = ()
    """The lines above each sheet's header row: the organisation, the programme, the unit and
    the report's title with its month."""

    def render(self) -> bytes:
        book = _Book(self.title, self.month)
        for sheet in self.sheets:
            book.table(sheet if isinstance(sheet, Table) else Table(*sheet), self.heading)
        return book.close()


def month_title(month: str) -> str:
    """'2023-09' -> 'Tháng 9/2023', as a line of its own."""
    shown = format_month(month)
    return shown[:1].upper() + shown[1:]


def unit_heading(report: UnitMonth, program: Program) -> tuple[str, ...]:
    return (program.organization, program.name,
            f"Đơn vị: {report.unit.name} (mã {report.unit.code})",
            f"Báo cáo sáng kiến – {month_title(report.month)}")


def programme_heading(report: ProgrammeMonth, program: Program) -> tuple[str, ...]:
    return (program.organization, program.name,
            f"Đơn vị: {program.organization} (tổng hợp {len(report.rows)} công đoàn)",
            f"Báo cáo tổng hợp – {month_title(report.month)}")


def unit_workbook(report: UnitMonth, program: Program) -> bytes:
    return unit_workbook_plan(report, program).render()


def unit_workbook_plan(report: UnitMonth, program: Program) -> WorkbookPlan:
    rows = tuple(
        (inn.id, inn.title, ", ".join(a.name for a in inn.authors),
         program.categories.get(inn.category, inn.category), inn.registered,
         inn.benefit.value_vnd if inn.benefit else None,
         inn.benefit.text if inn.benefit else None)
        for inn in report.registered)
    benefit = sum(row[5] for row in rows if row[5] is not None)
    # Only sums below the columns: an id or a title column holds ids and titles, nothing else.
    total = (None, None, None, None, None, benefit, None)
    return WorkbookPlan(
        f"Báo cáo sáng kiến {format_month(report.month)} – {report.unit.name}", report.month,
        (Table("Sáng kiến", INNOVATION_COLUMNS, rows, numbered=True, total=total),
         Table("Số liệu", FIGURE_COLUMNS, _figures(report, program))),
        unit_heading(report, program))


def _figures(report: UnitMonth, program: Program) -> tuple[tuple[str, Any, Any], ...]:
    phase = report.phase.name if report.phase else "Giai đoạn"
    return (
        ("Sáng kiến đăng ký trong tháng", len(report.registered), None),
        ("Lũy kế đến hết tháng", report.cumulative, report.target),
        (f"Lũy kế {phase}", report.phase_cumulative, report.phase_target),
        ("Tác giả (lũy kế)", report.authors, None),
        ("Đoàn viên", report.unit.members, None),
        ("Tỷ lệ đoàn viên tham gia", report.participation,
         Share(program.participation_target, 0)),  # the page: "10%"
        ("Khen thưởng trong tháng", len(report.awards), None),
    )


def programme_workbook(report: ProgrammeMonth, program: Program) -> bytes:
    return programme_workbook_plan(report, program).render()


def programme_workbook_plan(report: ProgrammeMonth, program: Program) -> WorkbookPlan:
    rows = tuple(
        (r.unit.code, r.unit.name, len(r.registered), r.cumulative, r.target,
         r.phase_cumulative, r.phase_target, r.authors, r.unit.members, r.participation,
         len(r.awards))
        for r in report.rows)
    return WorkbookPlan(f"Báo cáo tổng hợp {format_month(report.month)} – {program.name}",
                        report.month,
                        (Table("Tổng hợp", PROGRAMME_COLUMNS, rows, numbered=True,
                               total=_programme_total(report, rows)),),
                        programme_heading(report, program))


def _programme_total(report: ProgrammeMonth, rows: tuple[tuple[Any, ...], ...]
                     ) -> tuple[Any, ...]:
    """Sums of the top-level units' rows (a unit's figures are over its subtree, so its
    children are in them already), the rate of those sums."""
    top = [row for row, r in zip(rows, report.rows, strict=True)
           if getattr(r.unit, "parent", None) is None]

    def total(index: int) -> int | None:
        given = [row[index] for row in top if row[index] is not None]
        return sum(given) if given else None

    authors, members = total(7), total(8)
    share = rate(authors or 0, members or 0)
    return (None, None, total(2), total(3), total(4), total(5), total(6), authors, members,
            share, total(10))
