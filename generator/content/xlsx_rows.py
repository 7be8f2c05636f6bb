"""The first worksheet of an .xlsx, streamed row by row: each cell's value as openpyxl's
read-only, data-only reader gives it, at a small part of its cost.

openpyxl reads the workbook's parts (its manifest, shared strings, workbook with its date
system, styles with their date formats), so what a value means is decided by the same code;
only the worksheet's own XML is read here, with one XML parser pass, each row's elements
dropped once read (memory stays flat whatever the rows). openpyxl's streaming reader built an
object per cell, and measured the sheet's size by reading it whole first when the file holds no
dimension (the costs of both: docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = f"{SHEET_NS}row"
_CELL = f"{SHEET_NS}c"
_VALUE = f"{SHEET_NS}v"
_INLINE = f"{SHEET_NS}is"
_TEXT = f"{SHEET_NS}t"
_RUN = f"{SHEET_NS}r"
_SHEET_DATA = f"{SHEET_NS}sheetData"

Value = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


class Workbook:
    """An .xlsx opened for its first worksheet's rows; close() when done."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self._reader = ExcelReader(str(path), read_only=True, data_only=True)
        try:
            reader = self._reader
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.member = next((rel.target for _, rel in reader.parser.find_sheets()
                                if rel.target in reader.valid_files
                                and "chartsheet" not in rel.Type), "")
        except BaseException:
            self.close()
            raise
        book = reader.wb
        self.strings: list[Any] = reader.shared_strings
        self.epoch: dt.datetime = book.epoch
        self.dates: set[int] = set(book._date_formats)
        self.durations: set[int] = set(book._timedelta_formats)

    def close(self) -> None:
        archive = getattr(self._reader, "archive", None)
        if archive is not None:
            archive.close()

    def rows(self) -> Iterator[tuple[int, tuple[Value, ...]]]:
        """(row number, values from column A to the row's last cell), every row number from 1
        to the last row's (an absent row as an empty tuple), as openpyxl numbers them."""
        from openpyxl.xml.functions import iterparse

        if not self.member:
            return
        counter = 0
        with self._reader.archive.open(self.member) as xml:
            parent = None
            for event, element in iterparse(xml, events=("start", "end")):
                if event == "start":
                    if element.tag == _SHEET_DATA:
                        parent = element
                    continue
                if element.tag != _ROW:
                    continue
                number = element.get("r")
                row = int(number) if number else counter + 1
                while counter + 1 < row:
                    counter += 1
                    yield counter, ()
                counter = row
                values = self._row(element)
                if parent is not None:
                    parent.clear()
                else:
                    element.clear()
                yield row, values

    def _row(self, element: Any) -> tuple[Value, ...]:
        values: list[Value] = []
        column = 0
        for cell in element.iter(_CELL):
            ref = cell.get("r")
            if ref:
                column = _column(ref)
            else:
                column += 1
            value = self._value(cell, ref or "")
            if value is None:
                continue
            if len(values) < column - 1:
                values.extend([None] * (column - 1 - len(values)))
            if len(values) == column - 1:
                values.append(value)
            else:
                values[column - 1] = value
        return tuple(values)

    def _value(self, cell: Any, ref: str) -> Value:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return None if inline is None else _inline_text(inline)
        text = cell.findtext(_VALUE) or None
        if text is None:
            return None
        if kind == "n":
            number: int | float = (float(text) if "." in text or "E" in text or "e" in text
                                   else int(text))
            style = cell.get("s")
            if style and int(style) in self.dates:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, self.epoch,
                                      timedelta=int(style) in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # as openpyxl: a date cell out of the dates' range
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)


def _column(ref: str) -> int:
    """'AB12' -> 28 (1-based)."""
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def _inline_text(inline: Any) -> str:
    """An inline string's text: its <t>, or its runs' <t> (phonetic runs left out), as
    openpyxl's Text.content."""
    parts = []
    for child in inline:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)
