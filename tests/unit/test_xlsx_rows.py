"""The import's own streaming reader of a worksheet (generator/content/xlsx_rows.py) gives
every cell as openpyxl's read-only, data-only reader does, on workbooks written three ways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from generator.content.xlsx_rows import Workbook

VALUES: list[list[Any]] = [
    ["DANH SÁCH SÁNG KIẾN"],
    [],
    ["STT", "Mã sáng kiến", "Tên sáng kiến", "Ngày đăng ký", "Giá trị làm lợi", "Ghi chú"],
    [1, "EVNNPC-2023-0001", "Cải tiến  dao cách ly", dt.datetime(2023, 9, 15), 1_200_000, True],
    [2, "EVNNPC-2023-0002", "Tiếng Việt có dấu: Đường dây", dt.datetime(2023, 9, 30, 8, 30),
     1.5, False],
    [None, None, "chỉ một ô giữa dòng"],
    [3, "EVNNPC-2023-0003", " khoảng trắng ", dt.date(2022, 1, 2), -7, "=1+1"],
]


def _openpyxl_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    out = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        out.append((number, tuple(values)))
    book.close()
    return out


def _ours(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    book = Workbook(path)
    try:
        return list(book.rows())
    finally:
        book.close()


def test_a_workbook_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in VALUES:
        sheet.append(row)
    sheet["D4"].number_format = "dd/mm/yyyy"
    sheet["G9"] = CellRichText([TextBlock(InlineFont(b=True), "đậm"), " thường"])
    sheet["A12"] = dt.time(7, 45)
    sheet["B12"] = dt.timedelta(hours=30)
    sheet.merge_cells("A1:D1")
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)
    assert _ours(path) == _openpyxl_rows(path)


def test_a_workbook_written_in_write_only_mode_has_inline_strings(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sáng kiến")
    for row in VALUES:
        sheet.append(row)
    path = tmp_path / "inline.xlsx"
    book.save(path)
    assert b"inlineStr" in _sheet_xml(path)
    ours = _ours(path)
    assert ours == _openpyxl_rows(path)
    assert ours[3][1][1] == "EVNNPC-2023-0001"


def test_a_workbook_written_by_xlsxwriter_with_1904_dates(tmp_path: Path) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    sheet = book.add_worksheet("Sáng kiến")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Mã sáng kiến", "Tên sáng kiến", "Ngày đăng ký"])
    sheet.write_string(1, 0, "A-1")
    sheet.write_datetime(1, 2, dt.datetime(2023, 9, 15), date)
    sheet.write_formula(2, 0, "=1+2", None, 3)
    sheet.write_boolean(2, 1, True)
    sheet.write_number(5, 3, 12345678901234)
    book.add_worksheet("Khác").write(0, 0, "trang thứ hai: không đọc")
    book.close()
    ours = _ours(path)
    assert ours == _openpyxl_rows(path)
    assert ours[1] == (2, ("A-1", None, dt.datetime(2023, 9, 15)))
    assert ours[2] == (3, (3, True)) and ours[5] == (6, (None, None, None, 12345678901234))


def _sheet_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
