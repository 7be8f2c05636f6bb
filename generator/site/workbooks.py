"""The monthly reports as Excel workbooks (XlsxWriter): numbers as numbers, dates as dates.

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

from generator.content.model import Program

from .reports import ProgrammeMonth, UnitMonth
from .vietnamese import format_month

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"

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
        if isinstance(value, int):
            sheet.write_number(row, col, value, self.number)
            return f"{value:,}"
        sheet.write_string(row, col, str(value))
        return str(value)

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
