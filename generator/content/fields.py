"""Field types: each converts a YAML node to a Python value or reports why it cannot.

The same definitions produce the JSON Schema, so the editor's VS Code and the build agree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .characters import (
    BAD_CHARACTER_HINT,
    LOOK_ALIKE_HINT,
    find_look_alike,
    first_bad_character,
)
from .problems import ProblemLog, display_path
from .yamlnodes import Mapping, Node, Scalar, Sequence


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""Returned by a field whose value was reported as wrong."""

_KIND_NAMES = {
    "bool": "giá trị đúng/sai (boolean)",
    "int": "số nguyên",
    "float": "số thập phân",
    "timestamp": "ngày tháng",
    "null": "giá trị rỗng",
    "str": "chữ",
}


@dataclass
class FieldContext:
    """Where conversion reports to, and the names that references may use."""

    file: Path
    log: ProblemLog
    choices: dict[str, list[str]] = field(default_factory=dict)

    @functools.cached_property
    def path(self) -> str:
        """The file as problems name it: made when one is reported, which most files never
        are (a relative path takes a tenth of a file's checks)."""
        return display_path(self.file)

    def error(self, node: Node | tuple[int, int], name: str, message: str, hint: str = "") -> Any:
        line, col = (node.line, node.col) if not isinstance(node, tuple) else node
        self.log.add(self.path, line, col, name, message, hint)
        return INVALID

    def warn(self, node: Node, name: str, message: str, hint: str = "") -> None:
        self.log.add(self.path, node.line, node.col, name, message, hint, "warning")


def suggest(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint, or an empty string."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in choices}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"có phải là `{close[0]}`?" if close else ""


def describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "một bảng (mapping)"
    if isinstance(node, Sequence):
        return "một danh sách"
    return _KIND_NAMES.get(node.kind, node.kind)


class Field:
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        raise NotImplementedError

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        raise NotImplementedError

    def _with_description(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


def _scalar(node: Node, ctx: FieldContext, name: str, expected: str) -> Scalar | None:
    if isinstance(node, Scalar):
        return node
    ctx.error(node, name, f"cần {expected}, nhưng đây là {describe(node)}")
    return None


def _bad_character(scalar: Scalar, ctx: FieldContext, name: str, identifier: bool) -> bool:
    """Reports an invisible or control character in the scalar's text; True if there is one."""
    bad = first_bad_character(scalar.text, identifier)
    if bad is None:
        return False
    ctx.error(scalar, name, f"{bad.message} (ở ký tự thứ {bad.offset + 1})", BAD_CHARACTER_HINT)
    return True


def _is_empty(node: Scalar) -> bool:
    return node.kind == "null" or (node.kind == "str" and not node.text.strip())


def _filled_scalar(node: Node, ctx: FieldContext, name: str, expected: str, hint: str = ""
                   ) -> Scalar | None:
    """The node as a non-empty scalar, or None once the problem is reported."""
    scalar = _scalar(node, ctx, name, expected)
    if scalar is not None and _is_empty(scalar):
        ctx.error(scalar, name, "không được để trống", hint)
        return None
    return scalar


@dataclass
class Text(Field):
    min_len: int = 1
    max_len: int | None = None
    description: str = ""
    identifier: bool = False
    """Names compared by the site (tags, authors): zero-width characters refused too."""
    title: bool = False
    """Titles (in lists, feeds, a tab's name): invisible characters refused as in names."""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _scalar(node, ctx, name, "chữ")
        if scalar is None:
            return INVALID
        if _is_empty(scalar):
            if self.min_len == 0:
                return ""
            return ctx.error(scalar, name, "không được để trống")
        if scalar.kind != "str":
            # YAML 1.1 reads yes/no/1.200/2022-01-01 as other types: never guess back.
            return ctx.error(
                scalar, name,
                f"`{scalar.text}` được YAML hiểu là {_KIND_NAMES.get(scalar.kind, scalar.kind)}, "
                "không phải chữ",
                f'đặt trong ngoặc kép: "{scalar.text}"',
            )
        if _bad_character(scalar, ctx, name, self.identifier or self.title):
            return INVALID
        if self.identifier and (alike := find_look_alike(scalar.text)) is not None:
            return ctx.error(scalar, name, f"có chữ {alike.label} trông giống chữ Latinh "
                             f"(ở ký tự thứ {alike.offset + 1})", LOOK_ALIKE_HINT)
        text = scalar.text.strip()
        if len(text) < self.min_len:
            return ctx.error(scalar, name, f"cần ít nhất {self.min_len} ký tự")
        if self.max_len is not None and len(text) > self.max_len:
            return ctx.error(
                scalar, name, f"dài {len(text)} ký tự, tối đa {self.max_len}", "rút gọn lại"
            )
        return text

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": self.min_len}
        if self.max_len is not None:
            out["maxLength"] = self.max_len
        return self._with_description(out)


@dataclass
class Pattern(Field):
    regex: str
    example: str
    description: str = ""
    max_len: int | None = None
    """An address is made of it: a folder's name holds at most 255 bytes."""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _filled_scalar(node, ctx, name, "chữ")
        if scalar is None or _bad_character(scalar, ctx, name, identifier=True):
            return INVALID
        if self.max_len is not None and len(scalar.text) > self.max_len:
            return ctx.error(scalar, name, f"dài {len(scalar.text)} ký tự, tối đa {self.max_len}",
                             "rút gọn lại")
        if not re.fullmatch(self.regex, scalar.text):
            return ctx.error(
                scalar, name, f"`{scalar.text}` không đúng dạng", f"ví dụ: {self.example}"
            )
        return scalar.text

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string",
                               "pattern": "^" + self.regex.lstrip("^").rstrip("$") + "$"}
        if self.max_len is not None:
            out["maxLength"] = self.max_len
        return self._with_description(out)


_GROUPED = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$")


@dataclass
class Integer(Field):
    minimum: int = 0
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _filled_scalar(node, ctx, name, "số nguyên")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        digits_hint = "viết số nguyên liền, không dấu chấm hay dấu phẩy"
        if _GROUPED.match(text):
            digits = re.sub(r"[.,]", "", text)
            return ctx.error(
                scalar, name,
                f"`{text}` không phải số nguyên (YAML đọc dấu chấm, dấu phẩy là phần thập phân "
                "hoặc chữ)",
                f"viết {digits}",
            )
        if re.fullmatch(r"-?[0-9]+", text) and scalar.kind == "int":
            if len(text.lstrip("-")) > 1 and text.lstrip("-").startswith("0"):
                return ctx.error(scalar, name, f"`{text}` bắt đầu bằng 0 (YAML coi là hệ bát phân)",
                                 f"viết {int(text)}")
            value = int(text)
            if value < self.minimum:
                what = "không được âm" if value < 0 else f"phải từ {self.minimum} trở lên"
                return ctx.error(scalar, name, f"`{text}` {what}")
            return value
        if scalar.kind == "float":
            return ctx.error(scalar, name, f"`{text}` là số thập phân, cần số nguyên", digits_hint)
        if scalar.kind == "int":
            return ctx.error(scalar, name, f"`{text}` không phải số nguyên thập phân thông thường",
                             digits_hint)
        return ctx.error(scalar, name, f"`{text}` không phải số nguyên", digits_hint)

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description({"type": "integer", "minimum": self.minimum})


@dataclass
class Number(Field):
    minimum: float = 0.0
    maximum: float = 1.0
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _scalar(node, ctx, name, "số")
        if scalar is None:
            return INVALID
        number = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", scalar.text)
        if scalar.kind not in ("int", "float") or not number:
            return ctx.error(scalar, name, f"`{scalar.text}` không phải số", "ví dụ: 0.083")
        value = float(scalar.text)
        if not self.minimum <= value <= self.maximum:
            return ctx.error(scalar, name, f"`{scalar.text}` phải nằm trong [{self.minimum}, "
                             f"{self.maximum}]", "tỷ lệ viết dạng thập phân, ví dụ 0.083 cho 8,3%")
        return value

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description(
            {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
        )


@dataclass
class Boolean(Field):
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _scalar(node, ctx, name, "true hoặc false")
        if scalar is None:
            return INVALID
        if scalar.kind == "bool" and scalar.text in ("true", "false"):
            return scalar.text == "true"
        return ctx.error(scalar, name, f"`{scalar.text}` không phải true/false",
                         "chỉ viết true hoặc false (chữ thường)")

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description({"type": "boolean"})


_DMY = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
MIN_YEAR = 1900
MAX_YEAR = 2099
"""Dates outside these years are typing mistakes, and a date near 9999 overflows what is
derived from it (an event's end the day after, the month after)."""


@dataclass
class Date(Field):
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _filled_scalar(node, ctx, name, "ngày dạng YYYY-MM-DD", "ví dụ: 2022-03-15")
        if scalar is None:
            return INVALID
        text = scalar.text.strip()
        if re.fullmatch(DATE_PATTERN, text) and scalar.kind in ("timestamp", "str"):
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                return ctx.error(scalar, name, f"`{text}` không phải ngày có thật",
                                 "kiểm tra tháng (01–12) và ngày trong tháng")
            if not MIN_YEAR <= date.year <= MAX_YEAR:
                return ctx.error(scalar, name,
                                 f"năm {date.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}",
                                 "kiểm tra lại năm (có thể gõ nhầm)")
            return date
        hint = "viết theo dạng YYYY-MM-DD, ví dụ 2022-03-15"
        match = _DMY.match(text)
        if match:
            day, month, year = match.groups()
            hint = f"viết theo dạng YYYY-MM-DD: {year}-{int(month):02d}-{int(day):02d}"
        return ctx.error(scalar, name, f"`{text}` không phải ngày dạng YYYY-MM-DD", hint)

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description(
            {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"}
        )


@dataclass
class Choice(Field):
    """A name that must be one of a list known at load time (units, categories, ...)."""

    source: str
    label: str
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        scalar = _filled_scalar(node, ctx, name, self.label)
        if scalar is None:
            return INVALID
        choices = ctx.choices.get(self.source)
        if choices is None:  # the list itself failed to load: reported there
            return scalar.text
        if scalar.text in choices:
            return scalar.text
        hint = suggest(scalar.text, choices) or "các giá trị hợp lệ: " + ", ".join(
            f"`{o}`" for o in choices[:12]
        )
        return ctx.error(scalar, name, f"{self.label} `{scalar.text}` không tồn tại", hint)

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if choices.get(self.source):
            out["enum"] = list(choices[self.source])
        return self._with_description(out)
