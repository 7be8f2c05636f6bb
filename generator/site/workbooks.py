"""The monthly reports as Excel workbooks (XlsxWriter): numbers as numbers, dates as dates.

What a cell holds is what the page shows, never less. Excel keeps 15 significant digits of a
number, so an integer of more digits (a benefit of 10^18 đồng) is written as its digits, as
text, with a note saying why; and a cell holds at most 32,767 characters, so a longer text is
refused here rather than cut (the checker keeps content below it: at most AUTHORS_MAX authors,
every other text field far shorter).

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

from generator.content.model import Program

from .reports import ProgrammeMonth, UnitMonth
from .vietnamese import format_int, format_month

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"

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


class _Book:
    def __init__(self, title: str, month: str) -> None:
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {"in_memory": True})
        year, number = int(month[:4]), int(month[5:])
        self.book.set_properties({"title": title, "created": dt.datetime(year, number, 1),
                                  "author": "", "company": ""})
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.date = self.book.add_format({"num_format": DATE_FORMAT})
        self.number = self.book.add_format({"num_format": NUMBER_FORMAT})
        self.percent = self.book.add_format({"num_format": PERCENT_FORMAT})
        self.digits = self.book.add_format({"num_format": "@", "align": "right"})

    def table(self, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A sheet with a frozen header row and columns as wide as what they hold."""
        sheet = self.book.add_worksheet(name)
        widths = [len(h) for h in header]
        for col, heading in enumerate(header):
            sheet.write_string(0, col, heading, self.bold)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                shown = self._write(sheet, row, col, value)
                widths[col] = max(widths[col], min(len(shown), 60))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width + 2)
        sheet.freeze_panes(1, 0)

    def _write(self, sheet: Any, row: int, col: int, value: Any) -> str:
        if value is None:
            sheet.write_blank(row, col, None)
            return ""
        if isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day),
                                 self.date)
            return "00/00/0000"
        if isinstance(value, float):
            sheet.write_number(row, col, value, self.percent)
            return f"{value:.1%}"
        if isinstance(value, int) and not isinstance(value, bool):
            if is_exact_number(value):
                sheet.write_number(row, col, value, self.number)
                return f"{value:,}"
            sheet.write_string(row, col, str(value), self.digits)
            sheet.write_comment(row, col, LONG_NUMBER_NOTE, {"author": ""})
            return str(value)
        text = str(value)
        if excel_length(text) > CELL_MAX_CHARS:
            raise CellTooLong(
                f"ô {sheet.name}!{xl_rowcol(row, col)} dài {format_int(excel_length(text))} ký tự, "
                f"một ô Excel chứa tối đa {format_int(CELL_MAX_CHARS)}: không cắt bớt, hãy rút gọn "
                "nội dung")
        sheet.write_string(row, col, text)
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
    sheets: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]
    """(name, header, rows) of each sheet, in order."""

    def render(self) -> bytes:
        book = _Book(self.title, self.month)
        for name, header, rows in self.sheets:
            book.table(name, header, rows)
        return book.close()


def unit_workbook(report: UnitMonth, program: Program) -> bytes:
    return unit_workbook_plan(report, program).render()


def unit_workbook_plan(report: UnitMonth, program: Program) -> WorkbookPlan:
    rows = tuple(
        (inn.id, inn.title, ", ".join(a.name for a in inn.authors),
         program.categories.get(inn.category, inn.category), inn.registered,
         inn.benefit.value_vnd if inn.benefit else None,
         inn.benefit.text if inn.benefit else None)
        for inn in report.registered)
    return WorkbookPlan(
        f"Báo cáo sáng kiến {format_month(report.month)} – {report.unit.name}", report.month,
        (("Sáng kiến", INNOVATION_COLUMNS, rows),
         ("Số liệu", ("Chỉ số", "Giá trị", "Chỉ tiêu"), _figures(report, program))))


def _figures(report: UnitMonth, program: Program) -> tuple[tuple[str, Any, Any], ...]:
    phase = report.phase.name if report.phase else "Giai đoạn"
    return (
        ("Sáng kiến đăng ký trong tháng", len(report.registered), None),
        ("Lũy kế đến hết tháng", report.cumulative, report.target),
        (f"Lũy kế {phase}", report.phase_cumulative, report.phase_target),
        ("Tác giả (lũy kế)", report.authors, None),
        ("Đoàn viên", report.unit.members, None),
        ("Tỷ lệ đoàn viên tham gia", report.participation, program.participation_target),
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
                        report.month, (("Tổng hợp", PROGRAMME_COLUMNS, rows),))
