"""A spreadsheet row's cells as the front matter an editor would have typed in the form.

Only what a spreadsheet writes differently from a file is translated here (a unit's name for
its code, a category's label for its key, a date cell, `1.200.000 đồng`, names separated by
`;`); whether the values are right is left to the contract's own checks, which read the file
made from them (generator/content/loader.py: InnovationChecker).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator.content import definitions as d
from generator.content.fields import suggest
from generator.content.model import Program, Unit
from generator.content.sheet_rows import CellValue, Row, fold
from generator.site.editor_texts import STATUS_LABELS

DATE_FORMS = "ô kiểu ngày (Date), hoặc chữ dạng YYYY-MM-DD hay DD/MM/YYYY, ví dụ 2023-09-15 " \
             "hoặc 15/09/2023"
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_MONEY = re.compile(r"^([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)\s*(?:đồng|đ|vnđ|vnd)?$", re.IGNORECASE)
_NAMES = re.compile(r"[;\n]")
_TAGS = re.compile(r"[;,\n]")


@dataclass
class RowValues:
    """One row as front matter (keys in the form's order once rendered), its body, and where
    each key came from."""

    number: int
    front: dict[str, Any] = field(default_factory=dict)
    body: str | None = None
    """None when the sheet has no body column."""
    columns: dict[str, str] = field(default_factory=dict)
    """By front matter key (and `positions`, `benefit.text`, `body`): the column letter."""
    derived: dict[str, tuple[str, CellValue]] = field(default_factory=dict)
    """By derived key (phase, counted, url): its column and value, checked later."""
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(column, field, message, hint) found while translating the cells."""
    given: set[str] = field(default_factory=set)
    """Keys whose column the sheet has (an empty cell then removes the key on --update)."""
    positions: list[str | None] | None = None

    def error(self, column: str, name: str, message: str, hint: str = "") -> None:
        self.problems.append((column, name, message, hint))


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _day(text: str) -> dt.date | str:
    """A day written YYYY-MM-DD as a date (written plain, as the form writes it); the text
    itself when it is no real day, for the contract's check to say why."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


class RowReader:
    """Translates rows against one content tree's units and programme."""

    def __init__(self, program: Program, units: tuple[Unit, ...]) -> None:
        self.program = program
        self.units = units
        self.unit_by_name = {" ".join(u.name.split()): u.code for u in units}
        self.codes = {u.code for u in units}
        self.category_by_label = {fold(label): key for key, label in program.categories.items()}
        self.status_by_label = {fold(label): key for key, label in STATUS_LABELS.items()}

    def read(self, row: Row) -> RowValues:
        out = RowValues(row.number)
        for key, cells in row.cells.items():
            for column, value in cells:
                self._cell(out, key, column, value)
        if out.positions is not None:
            self._positions(out)
        return out

    def _set(self, out: RowValues, key: str, column: str, value: Any) -> None:
        """Several columns may give one key (the unit's code and name): they must agree."""
        out.given.add(key)
        if value is None or value == "" or value == []:
            if key not in out.front:
                out.columns.setdefault(key, column)
            return
        if key in out.front and out.front[key] != value:
            out.error(column, key, f"khác với cột {out.columns[key]} (`{out.front[key]}`)",
                      "hai cột của cùng một trường phải khớp nhau")
            return
        out.front[key] = value
        out.columns[key] = column

    def _cell(self, out: RowValues, key: str, column: str, value: CellValue) -> None:
        text = _text(value)
        if key in ("id", "title", "summary"):
            self._set(out, key, column, text)
        elif key == "unit":
            self._set(out, key, column, self._unit(out, column, text))
        elif key == "category":
            self._set(out, key, column, self._category(text))
        elif key == "status":
            self._set(out, key, column, self.status_by_label.get(fold(text), text))
        elif key in ("registered", "applied"):
            self._set(out, key, column, self._date(out, key, column, value))
        elif key == "authors":
            names = [n.strip() for n in _NAMES.split(text) if n.strip()]
            self._set(out, key, column, [{"name": n} for n in names])
        elif key == "positions":
            out.given.add("positions")
            out.columns["positions"] = column
            out.positions = [p.strip() or None for p in _NAMES.split(text)] if text else []
        elif key == "value_vnd":
            out.given.add("benefit.value_vnd")
            out.columns["benefit.value_vnd"] = column
            money = self._money(out, column, value)
            if money is not None and money != "":
                out.front.setdefault("benefit", {})["value_vnd"] = money
        elif key == "benefit_text":
            out.given.add("benefit.text")
            out.columns["benefit.text"] = column
            if text:
                out.front.setdefault("benefit", {})["text"] = text
        elif key == "awards":
            self._set(out, key, column, self._awards(out, column, text))
        elif key == "tags":
            self._set(out, key, column, [t.strip() for t in _TAGS.split(text) if t.strip()])
        elif key == "replicated_in":  # unit codes (or exact names), as the export writes them
            units = [self._unit(out, column, t.strip(), key)
                     for t in _TAGS.split(text) if t.strip()]
            self._set(out, key, column, [u for u in units if u])
        elif key == "draft":
            flag = fold(text)
            if flag in ("", "khong", "false", "0"):
                self._set(out, key, column, None)
            elif flag in ("co", "true", "1", "x"):
                self._set(out, key, column, True)
            else:
                out.error(column, "draft", f"`{text}` không phải có/không",
                          "để trống nếu đã đăng, ghi “có” nếu là bản nháp")
        elif key == "body":
            out.given.add("body")
            out.columns["body"] = column
            out.body = "" if value is None else str(value).replace("\r\n", "\n").strip("\n")
        else:  # derived: phase, counted, url
            out.derived[key] = (column, value)

    def _unit(self, out: RowValues, column: str, text: str, field: str = "unit") -> str:
        if not text or text in self.codes:
            return text
        name = " ".join(text.split())
        if name in self.unit_by_name:
            return self.unit_by_name[name]
        if text.upper() in self.codes:
            return text.upper()
        hint = suggest(name, [*self.unit_by_name, *self.codes]) or (
            "ghi mã đơn vị (ví dụ " + ", ".join(sorted(self.codes)[:5]) + ") hoặc đúng tên đơn "
            "vị trong units.yml")
        out.error(column, field, f"đơn vị `{text}` không có trong units.yml", hint)
        return ""

    def _category(self, text: str) -> str:
        if text in self.program.categories:
            return text
        return self.category_by_label.get(fold(text), text)  # the contract's check says why

    @staticmethod
    def _date(out: RowValues, key: str, column: str, value: CellValue) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                out.error(column, key, f"ô ngày có cả giờ ({value:%H:%M})", "chỉ ghi ngày")
                return None
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _text(value)
        if isinstance(value, str) and _ISO.match(text):
            return _day(text)
        match = _DMY.match(text) if isinstance(value, str) else None
        if match:
            day, month, year = match.groups()
            return _day(f"{year}-{int(month):02d}-{int(day):02d}")
        out.error(column, key, f"`{text}` không phải ngày đọc được", "dùng " + DATE_FORMS)
        return None

    @staticmethod
    def _money(out: RowValues, column: str, value: CellValue) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        if isinstance(value, bool | dt.date | dt.time):
            out.error(column, "benefit.value_vnd", f"`{_text(value)}` không phải số tiền",
                      "ghi số đồng/năm, ví dụ 1200000 hoặc 1.200.000")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer() and abs(value) < 2 ** 53:
                return int(value)
            out.error(column, "benefit.value_vnd", f"`{value}` không phải số nguyên đồng",
                      "làm tròn tới đồng")
            return None
        match = _MONEY.match(" ".join(value.split()))
        if match:
            return int(match.group(1).replace(".", ""))
        return value  # the contract says why it is not an integer

    @staticmethod
    def _awards(out: RowValues, column: str, text: str) -> list[dict[str, Any]]:
        awards = []
        for part in (p.strip() for p in _NAMES.split(text)):
            if not part:
                continue
            words = part.split()
            date = words[-1] if len(words) >= 2 else ""
            match = _DMY.match(date)
            if match:
                day, month, year = match.groups()
                date = f"{year}-{int(month):02d}-{int(day):02d}"
            if len(words) < 2 or not _ISO.match(date):
                out.error(column, "awards", f"`{part}` không đọc được",
                          "mỗi khen thưởng: mã-loại [số quyết định] ngày, ví dụ "
                          "`bang-ldst 1234/QĐ-TLĐ 2023-05-20`; cách nhau bằng `;`")
                continue
            award: dict[str, Any] = {"kind": words[0], "date": _day(date)}
            if len(words) > 2:
                award["decision"] = " ".join(words[1:-1])
            awards.append(award)
        return awards

    @staticmethod
    def _positions(out: RowValues) -> None:
        positions = out.positions or []
        authors = out.front.get("authors") or []
        if not positions or all(p is None for p in positions):
            return
        if len(positions) != len(authors):
            out.error(out.columns["positions"], "authors", f"có {len(positions)} chức danh cho "
                      f"{len(authors)} tác giả", "mỗi tác giả một chức danh, cùng thứ tự, cách "
                      "nhau bằng `;` (để trống giữa hai dấu `;` nếu không có)")
            return
        for author, position in zip(authors, positions, strict=True):
            if position:
                author["position"] = position


FORM_ORDER = tuple(d.INNOVATION.fields)
"""The form writes the fields in the contract's order."""
