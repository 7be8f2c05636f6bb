"""A spreadsheet's rows (.xlsx or .csv), streamed: its header row found, its columns named.

Only reading: which cell holds what, by column and row. What the values mean is the
importer's (generator/cli/importer.py), and whether they are right is the contract's.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | None

MIN_HEADERS = 3
"""A row with at least this many recognised column headers is the header row."""
ROW_NUMBER = "#row-number"
"""The key of a column of row numbers (STT): read, and ignored."""


@dataclass(frozen=True)
class Column:
    key: str
    """What the column holds: a field of the contract, or what the site's export derives."""
    headers: tuple[str, ...]
    """As a spreadsheet may head it: in Vietnamese, by the contract's key, or as the site's
    own export (/data/innovations.csv) heads it."""


COLUMNS: tuple[Column, ...] = (
    Column(ROW_NUMBER, ("STT", "Số thứ tự", "TT")),
    Column("id", ("Mã sáng kiến", "id", "Mã")),
    Column("title", ("Tên sáng kiến", "title")),
    Column("unit", ("Đơn vị", "unit", "Mã đơn vị", "unit_name")),
    Column("authors", ("Tác giả", "authors")),
    Column("positions", ("Chức danh tác giả", "positions")),
    Column("category", ("Loại giải pháp", "category", "category_name")),
    Column("registered", ("Ngày đăng ký", "registered")),
    Column("summary", ("Tóm tắt", "summary")),
    Column("status", ("Trạng thái", "status")),
    Column("applied", ("Ngày áp dụng", "applied")),
    Column("value_vnd", ("Giá trị làm lợi", "value_vnd", "Giá trị làm lợi (đồng/năm)",
                         "benefit_vnd")),
    Column("benefit_text", ("Diễn giải giá trị làm lợi", "benefit_text")),
    Column("awards", ("Khen thưởng", "awards")),
    Column("tags", ("Chủ đề", "tags")),
    Column("replicated_in", ("Nhân rộng tại", "replicated_in", "Đã nhân rộng tại")),
    Column("body", ("Nội dung", "body")),
    Column("draft", ("Bản nháp", "draft")),
    Column("phase", ("Giai đoạn", "phase")),
    Column("counted", ("Được tính", "counted")),
    Column("url", ("Địa chỉ", "url")),
)
"""Every column an import reads. Several columns may give one key (the export writes the
unit's code and its name): their values must then agree."""

DERIVED = frozenset({"phase", "counted", "url"})
"""Columns the site derives: checked against what they derive from, never stored."""


def fold(text: str) -> str:
    """A header as compared: NFC, accents and case ignored, 'đ' as 'd', spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


_BY_HEADER = {fold(header): column.key for column in COLUMNS for header in column.headers}


def column_key(header: CellValue) -> str | None:
    """The key of a recognised header, None for any other."""
    if not isinstance(header, str):
        return None
    return _BY_HEADER.get(fold(header))


@functools.lru_cache(maxsize=1024)
def letter(index: int) -> str:
    """A 0-based column index as the spreadsheet names it: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _index(name: str) -> int:
    number = 0
    for char in name:
        number = number * 26 + ord(char) - ord("A") + 1
    return number - 1


class SheetError(Exception):
    """A sheet that cannot be read on: where, and why, in Vietnamese."""

    def __init__(self, row: int, column: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str
    message: str
    hint: str = ""


@dataclass
class Header:
    row: int
    keys: dict[int, str]
    """By 0-based column index: the key of every recognised column (STT included)."""
    problems: list[CellProblem] = field(default_factory=list)
    """Columns the import does not know: their data would be lost."""
    unknown: set[int] = field(default_factory=set)
    """Their indexes: reported once, at the header."""


def _empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def find_header(row: int, values: tuple[CellValue, ...]) -> Header | None:
    keys = {i: key for i, v in enumerate(values) if (key := column_key(v)) is not None}
    if len(keys) < MIN_HEADERS:
        return None
    header = Header(row, keys)
    known = {c.key: c.headers[0] for c in COLUMNS if c.key != ROW_NUMBER}
    for index, value in enumerate(values):
        if index not in keys and not _empty(value):
            header.unknown.add(index)
            header.problems.append(CellProblem(
                row, letter(index), f"cột `{str(value).strip()}` không phải cột nào của sáng "
                "kiến: dữ liệu của nó sẽ bị mất",
                "đổi tiêu đề thành một trong: " + ", ".join(known.values())
                + "; hoặc xóa cột"))
    return header


@dataclass(frozen=True)
class Row:
    number: int
    """As the spreadsheet numbers it (1 for its first row)."""
    cells: dict[str, list[tuple[str, CellValue]]]
    """By key: each (column letter, value) given in the row, empty cells included."""


class Sheet:
    """The rows below the header of a spreadsheet, streamed; problems of the sheet itself
    (merged cells, formulas without a value, cells under no header) in `problems`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: Header | None = None
        self.problems: list[CellProblem] = []
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            hint = ("mở bằng Excel rồi lưu lại dạng .xlsx (Excel Workbook)" if suffix in
                    (".xls", ".xlsm", ".ods", ".numbers") else "dùng tệp .xlsx hoặc .csv (UTF-8)")
            raise SheetError(1, "A", f"tệp đuôi `{suffix or '(không có)'}` không phải bảng tính "
                             "đọc được: chỉ nhận .xlsx hoặc .csv", hint)
        if not path.is_file():
            raise SheetError(1, "A", "không tìm thấy tệp")
        self._xlsx = suffix == ".xlsx"

    def rows(self) -> Iterator[Row]:
        """Every non-empty row below the header row, one at a time."""
        values = self._xlsx_values() if self._xlsx else self._csv_values()
        for number, row in values:
            if all(_empty(v) for v in row):
                continue
            if self.header is None:
                self.header = find_header(number, row)
                if self.header is not None:
                    self.problems.extend(self.header.problems)
                continue
            cells: dict[str, list[tuple[str, CellValue]]] = {}
            keys = self.header.keys
            for index, value in enumerate(row):
                key = keys.get(index)
                if key is None:
                    if not _empty(value) and index not in self.header.unknown:
                        self.problems.append(CellProblem(
                            number, letter(index), "ô có dữ liệu nhưng cột không có tiêu đề",
                            "đặt tiêu đề cho cột hoặc xóa dữ liệu"))
                    continue
                if key != ROW_NUMBER:
                    cells.setdefault(key, []).append((letter(index), value))
            yield Row(number, cells)
        if self.header is None:
            raise SheetError(1, "A", "không tìm thấy dòng tiêu đề: cần một dòng có ít nhất "
                             f"{MIN_HEADERS} tiêu đề cột như Mã sáng kiến, Tên sáng kiến, Đơn vị",
                             "xem mẫu docs/mau-nhap-sang-kien.xlsx")

    # -- .csv ---------------------------------------------------------------------------------

    def _csv_values(self) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
        delimiter = self._delimiter()
        with self.path.open("rb") as handle:
            reader = csv.reader(_decoded_lines(handle), delimiter=delimiter)
            number = 0
            try:
                for row in reader:
                    number += 1
                    yield number, tuple(unicodedata.normalize("NFC", v) for v in row)
            except csv.Error as exc:
                raise SheetError(number + 1, "A", f"tệp CSV hỏng: {exc}",
                                 "lưu lại tệp từ Excel dạng CSV UTF-8, hoặc dùng .xlsx") from None

    def _delimiter(self) -> str:
        """',' unless the first lines' header row is found only with ';' or a tab (Excel in
        some locales saves CSV with ';')."""
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                head = handle.read(65536)
        except UnicodeDecodeError:
            return ","  # reported by the reading itself, with its row
        lines = head.splitlines()[:50]
        for delimiter in (",", ";", "\t"):
            try:
                if any(find_header(0, tuple(row)) for row in csv.reader(lines,
                                                                       delimiter=delimiter)):
                    return delimiter
            except csv.Error:
                continue
        return ","

    # -- .xlsx --------------------------------------------------------------------------------

    def _xlsx_values(self) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
        from .xlsx_rows import Workbook  # only an import of a workbook needs openpyxl

        try:
            book = Workbook(self.path)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise SheetError(1, "A", "tệp không phải bảng tính .xlsx đọc được"
                             f" ({type(exc).__name__})",
                             "mở bằng Excel rồi lưu lại dạng Excel Workbook (.xlsx)") from None
        except Exception as exc:  # openpyxl's own errors, for a file it cannot make sense of
            raise SheetError(1, "A", f"tệp .xlsx hỏng hoặc không được hỗ trợ ({exc})",
                             "mở bằng Excel rồi lưu lại dạng Excel Workbook (.xlsx)") from None
        try:
            merged, formulas = _scan_sheet_xml(self.path, book.member)
            for number, row in book.rows():
                for ref in formulas.pop(number, ()):
                    if self.header is not None and number > self.header.row:
                        self.problems.append(CellProblem(
                            number, ref, "ô có công thức nhưng chưa có giá trị tính sẵn",
                            "mở tệp bằng Excel và lưu lại (Excel lưu kết quả công thức), hoặc "
                            "dán giá trị (Paste Values) thay cho công thức"))
                for first, last, span in merged.pop(number, ()):
                    if self.header is not None:
                        self.problems.append(CellProblem(
                            number, first.rstrip("0123456789"), f"ô gộp {span}: mỗi ô một giá "
                            "trị, không gộp ô dưới dòng tiêu đề",
                            f"bỏ gộp ô (Unmerge) {first}:{last} và điền từng ô"))
                yield number, tuple(_nfc(v) for v in row)
        except SheetError:
            raise
        except Exception as exc:  # a damaged part of the workbook, found while streaming
            raise SheetError(1, "A", f"tệp .xlsx hỏng hoặc không được hỗ trợ ({exc})",
                             "mở bằng Excel rồi lưu lại dạng Excel Workbook (.xlsx)") from None
        finally:
            book.close()


def _decoded_lines(handle: Any) -> Iterator[str]:
    """The file's lines as text, one at a time; a line that is not UTF-8 stops the reading
    with its number."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SheetError(number, "A", f"tệp CSV không phải chữ UTF-8 (dòng {number} của "
                             f"tệp, byte thứ {exc.start + 1} của dòng)",
                             "trong Excel: Lưu thành → CSV UTF-8 (Comma delimited)") from None


def _nfc(value: Any) -> CellValue:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


_MERGE = re.compile(rb'<mergeCell\s[^>]*ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_CELL = re.compile(rb"<c\s([^>]*?)(/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_CHUNK = 1 << 22


def _scan_sheet_xml(path: Path, member: str
                    ) -> tuple[dict[int, list[tuple[str, str, str]]], dict[int, list[str]]]:
    """Merged ranges (by their first row) and cells with a formula but no value stored (by
    row): what openpyxl's streaming reader does not tell. Read in chunks, never whole."""
    merged: dict[int, list[tuple[str, str, str]]] = {}
    formulas: dict[int, list[str]] = {}
    if not member:
        return merged, formulas
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as xml:
        rest = b""
        while True:
            chunk = xml.read(_CHUNK)
            data = rest + chunk
            if not chunk:
                cut = len(data)
            else:
                row_end = data.rfind(b"</row>")
                cut = max(row_end + 6 if row_end >= 0 else 0, data.rfind(b"<mergeCell"), 0)
            part, rest = data[:cut], data[cut:]
            if b"<f" in part:
                for match in _CELL.finditer(part):
                    inner = match.group(3) or b""
                    if b"<f" not in inner:
                        continue
                    value = re.search(rb"<v>([^<]*)</v>", inner)
                    ref = _REF.search(match.group(1))
                    if ref and (value is None or not value.group(1)):
                        formulas.setdefault(int(ref.group(2)), []).append(ref.group(1).decode())
            for found in _MERGE.finditer(part):
                first = found.group(1).decode() + found.group(2).decode()
                last = (found.group(3) or found.group(1)).decode() + (
                    found.group(4) or found.group(2)).decode()
                merged.setdefault(int(found.group(2)), []).append((first, last,
                                                                   f"{first}:{last}"))
            if not chunk:
                break
    return merged, formulas
