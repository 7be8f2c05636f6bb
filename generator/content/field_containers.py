"""Field types that hold other fields: a list, a mapping of named fields, a mapping of keys
to values; and the keys such a mapping accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .fields import (
    INVALID,
    Field,
    FieldContext,
    describe,
    suggest,
)
from .yamlnodes import Mapping, Node, Scalar, Sequence


@dataclass
class ListOf(Field):
    item: Field
    min_items: int = 0
    max_items: int | None = None
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        if isinstance(node, Scalar) and node.kind == "null" and self.min_items == 0:
            return []
        if not isinstance(node, Sequence):
            hint = "mỗi mục một dòng bắt đầu bằng '- '"
            return ctx.error(node, name, f"cần một danh sách, nhưng đây là {describe(node)}", hint)
        if len(node.items) < self.min_items:
            return ctx.error(node, name, f"cần ít nhất {self.min_items} mục")
        if self.max_items is not None and len(node.items) > self.max_items:
            return ctx.error(node, name, f"có {len(node.items)} mục, tối đa {self.max_items}",
                             "chỉ giữ những mục quan trọng nhất")
        values = [
            self.item.convert(item, ctx, f"{name}[{index}]")
            for index, item in enumerate(node.items, start=1)
        ]
        return [v for v in values if v is not INVALID] if len(values) else []

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "minItems": self.min_items}
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        out["items"] = self.item.schema(choices)
        return self._with_description(out)


@dataclass
class Struct(Field):
    fields: dict[str, Field]
    required: frozenset[str] = frozenset()
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        if not isinstance(node, Mapping):
            where = f"`{name}`" if name else "phần đầu"
            return ctx.error(node, name or "(tệp)", f"{where} cần là bảng các trường "
                             f"`tên: giá trị`, nhưng đây là {describe(node)}")
        out: dict[str, Any] = {}
        prefix = f"{name}." if name else ""
        for key, value in node.items:
            spec = self.fields.get(key.text)
            if spec is None:
                hint = suggest(key.text, self.fields) or "các trường hợp lệ: " + ", ".join(
                    f"`{k}`" for k in self.fields
                )
                ctx.error(key, prefix + key.text, f"trường `{key.text}` không có trong quy định",
                          hint)
                continue
            converted = spec.convert(value, ctx, prefix + key.text)
            out[key.text] = converted
        for missing in sorted(self.required - set(node.keys())):
            ctx.error(node, prefix + missing, f"thiếu trường bắt buộc `{missing}`")
        return out

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description({
            "type": "object",
            "properties": {k: f.schema(choices) for k, f in self.fields.items()},
            "required": sorted(self.required),
            "additionalProperties": False,
        })


@dataclass
class MapOf(Field):
    """A mapping whose keys are data (category keys, phase ids), not field names."""

    key: Callable[[Scalar, FieldContext, str], Any]
    key_schema: dict[str, Any]
    value: Field
    description: str = ""

    def convert(self, node: Node, ctx: FieldContext, name: str) -> Any:
        if not isinstance(node, Mapping):
            return ctx.error(node, name, f"cần một bảng `khóa: giá trị`, nhưng đây là "
                             f"{describe(node)}")
        out: dict[Any, Any] = {}
        for key_node, value_node in node.items:
            key = self.key(key_node, ctx, f"{name}.{key_node.text}")
            value = self.value.convert(value_node, ctx, f"{name}.{key_node.text}")
            if key is not INVALID and value is not INVALID:
                out[key] = value
        return out

    def schema(self, choices: dict[str, list[str]]) -> dict[str, Any]:
        return self._with_description({
            "type": "object",
            "propertyNames": self.key_schema,
            "additionalProperties": self.value.schema(choices),
        })


KEY_MAX_LEN = 64
"""Ids and keys become folders of the site: far below the 255 bytes a folder's name holds."""


def slug_key(node: Scalar, ctx: FieldContext, name: str) -> Any:
    if len(node.text) > KEY_MAX_LEN:
        return ctx.error(node, name, f"khóa dài {len(node.text)} ký tự, tối đa {KEY_MAX_LEN}",
                         "rút gọn lại")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", node.text):
        return ctx.error(node, name, f"khóa `{node.text}` cần chữ thường không dấu nối bằng '-'",
                         "ví dụ: ky-thuat")
    return node.text


def int_key(node: Scalar, ctx: FieldContext, name: str) -> Any:
    if node.kind != "int" or not re.fullmatch(r"[1-9][0-9]*", node.text):
        return ctx.error(node, name, f"khóa `{node.text}` cần là số giai đoạn (1, 2, ...)")
    return int(node.text)
