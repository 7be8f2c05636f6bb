"""YAML read into a small node tree that keeps line and column of every value.

PyYAML alone loses positions, silently keeps the last of two equal keys and expands
aliases without limit; this reader reports all three instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from .problems import UnreadableText

try:  # libyaml is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 32
"""Deeper nesting than any content file needs; libyaml crashes on absurd depths."""

_TAG_PREFIX = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: its text, what YAML would make of it, and where it is."""

    text: str
    kind: str
    """YAML's implicit type: str, int, float, bool, null or timestamp."""
    quoted: bool
    line: int
    col: int


@dataclass(frozen=True)
class Mapping:
    items: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.items]

    def get(self, key: str) -> Node | None:
        for k, value in self.items:
            if k.text == key:
                return value
        return None


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int
    col: int


Node = Union[Scalar, Mapping, Sequence]  # noqa: UP007 - a runtime alias, used before 3.12


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int
    col: int
    first_line: int


@dataclass
class ParsedYaml:
    root: Node | None
    duplicates: list[DuplicateKey]


def parse_yaml(text: str, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document; lines in the result are 1-based and shifted by line_offset.

    Raises UnreadableText for what makes the whole text unreadable.
    """
    _reject_deep_nesting(text, line_offset)
    try:
        raw = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + 1 + line_offset
        col = (mark.column if mark else 0) + 1
        what = exc.problem or exc.context or "cú pháp không hợp lệ"
        raise UnreadableText(
            line,
            col,
            f"YAML không đọc được: {_translate_yaml_error(what)}",
            "kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm và dấu ngoặc",
        ) from None
    except yaml.YAMLError as exc:
        raise UnreadableText(1 + line_offset, 1, f"YAML không đọc được: {exc}") from None
    if raw is None:
        return ParsedYaml(None, [])
    builder = _Builder(line_offset)
    root = builder.build(raw, 0)
    return ParsedYaml(root, builder.duplicates)


def _reject_deep_nesting(text: str, line_offset: int) -> None:
    # Cheap gate: ordinary files have few brackets and dashes, so the event scan is rare.
    if text.count("[") + text.count("{") + text.count("- ") < 200:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise UnreadableText(
                        mark.line + 1 + line_offset,
                        mark.column + 1,
                        f"YAML lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)",
                        "nội dung sáng kiến không cần lồng nhau sâu như vậy",
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # compose reports the syntax error with its position


_ERROR_WORDS = {
    "could not find expected ':'": "thiếu dấu hai chấm ':' sau tên trường",
    "mapping values are not allowed here": "không được đặt dấu hai chấm ở đây",
    "did not find expected key": "thiếu tên trường ở chỗ này (thụt lề sai?)",
    "found character that cannot start any token": "có ký tự không được phép mở đầu (tab?)",
    "did not find expected node content": "thiếu giá trị ở chỗ này",
    "found undefined alias": "dùng alias chưa định nghĩa",
    "found unexpected end of stream": "tệp kết thúc đột ngột (thiếu dấu đóng ngoặc?)",
    "did not find expected ',' or ']'": "thiếu ',' hoặc ']' trong danh sách",
    "did not find expected ',' or '}'": "thiếu ',' hoặc '}' trong bảng",
    "found unexpected ':'": "dấu ':' đặt sai chỗ",
    "found a tab character that violates indentation": "dùng tab để thụt lề",
    "expected <block end>, but found '-'": "dấu '-' thụt lề không đúng",
}


def _translate_yaml_error(what: str) -> str:
    for english, vietnamese in _ERROR_WORDS.items():
        if english in what:
            return vietnamese
    return what


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.duplicates: list[DuplicateKey] = []

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, depth: int) -> Node:
        line, col = self._pos(node)
        if depth > MAX_DEPTH:
            raise UnreadableText(line, col, f"YAML lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)")
        if not isinstance(node, yaml.ScalarNode):
            # The composer shares one node object for an anchor and all its aliases:
            # meeting it twice means an alias, the building block of "YAML bombs".
            if id(node) in self.seen:
                raise UnreadableText(
                    line,
                    col,
                    "không hỗ trợ anchor/alias YAML (&, *)",
                    "viết đầy đủ giá trị thay vì tham chiếu",
                )
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple(self.build(item, depth + 1) for item in node.value), line, col)
        assert isinstance(node, yaml.MappingNode)
        items: list[tuple[Scalar, Node]] = []
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kline, kcol = self._pos(key_node)
                raise UnreadableText(kline, kcol,
                                  "tên trường phải là chữ, không phải danh sách hay bảng")
            key = self._scalar(key_node)
            if key.text in first_seen:
                self.duplicates.append(
                    DuplicateKey(key.text, key.line, key.col, first_seen[key.text])
                )
                continue  # the first one stays; the report names both lines
            first_seen[key.text] = key.line
            items.append((key, self.build(value_node, depth + 1)))
        return Mapping(tuple(items), line, col)

    def _scalar(self, node: yaml.ScalarNode) -> Scalar:
        line, col = self._pos(node)
        tag = node.tag
        kind = tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else "str"
        quoted = node.style not in (None, "", "|", ">") if kind == "str" else False
        if node.style in ("'", '"'):
            quoted = True
        return Scalar(node.value, kind, quoted, line, col)
