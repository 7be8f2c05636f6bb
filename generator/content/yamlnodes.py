"""YAML read into a small node tree that keeps line and column of every value.

PyYAML alone loses positions, silently keeps the last of two equal keys and expands
aliases without limit; this reader reports all three instead of guessing.
"""

from __future__ import annotations

import re
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
_PLAIN_TAGS = frozenset(_TAG_PREFIX + kind for kind in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "binary"))
"""What YAML resolves a value to without a tag written (and `!!binary`, judged as a type)."""


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: its text, what YAML would make of it, and where it is."""

    text: str
    kind: str
    """YAML's implicit type: str, int, float, bool, null or timestamp."""
    quoted: bool
    line: int
    col: int
    style: str = ""
    """As written: "" (plain), "'", '"', "|" (literal) or ">" (folded). Only a literal
    block keeps its lines as they are in the file; the others fold them."""


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
        raise UnreadableText(line, col,
                             f"YAML không đọc được: {explain_yaml_error(exc, line_offset)}",
                             _SYNTAX_HINT) from None
    except yaml.YAMLError as exc:
        line, col = _reader_position(text, exc)
        raise UnreadableText(line + line_offset, col,
                             f"YAML không đọc được: {explain_yaml_error(exc, line_offset)}",
                             _SYNTAX_HINT) from None
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


_SYNTAX_HINT = "kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm và dấu ngoặc"

_ERROR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english), vietnamese) for english, vietnamese in (
        # libyaml (the C loader) and PyYAML (the pure-Python one) word their errors apart.
        (r"mapping values are not allowed",
         "không được đặt dấu hai chấm ở đây (giá trị có dấu ':' cần đặt trong ngoặc kép)"),
        (r"could not find expected ':'", "thiếu dấu hai chấm ':' sau tên trường"),
        (r"did not find expected key", "thiếu tên trường ở chỗ này (thụt lề sai?)"),
        (r"found character '\\t'|found a tab character",
         "có ký tự tab: YAML chỉ thụt lề bằng dấu cách"),
        (r"cannot start any token",
         "giá trị không được mở đầu bằng ký tự này (như @, `, %): đặt giá trị trong ngoặc kép"),
        (r"did not find expected node content|expected the node content",
         "thiếu giá trị ở chỗ này"),
        (r"undefined alias", "dùng alias (*) chưa được định nghĩa; không hỗ trợ anchor/alias"),
        (r"duplicate anchor|second occurrence",
         "anchor (&) bị đặt trùng tên; không hỗ trợ anchor/alias"),
        (r"expected ',' or '\]'", "thiếu ',' hoặc ']' trong danh sách"),
        (r"expected ',' or '}'", "thiếu ',' hoặc '}' trong bảng"),
        (r"found unexpected ':'", "dấu ':' đặt sai chỗ"),
        (r"expected <block end>, but found '-'", "dấu '-' thụt lề không đúng"),
        (r"expected <block end>", "thụt lề không đúng: dòng này lệch với các dòng trên"),
        (r"expected '-' indicator", "thiếu dấu '-' đầu mục danh sách (thụt lề sai?)"),
        (r"sequence entries are not allowed", "không được mở mục danh sách '- ' ở đây"),
        (r"mapping keys are not allowed", "không được dùng dấu '?' ở đây"),
        (r"unknown escape character",
         "mã thoát sau dấu '\\' trong ngoặc kép không hợp lệ (muốn viết '\\' thì viết '\\\\')"),
        (r"hexdecimal|hexadecimal|Unicode character escape",
         "mã thoát \\x, \\u hoặc \\U trong ngoặc kép không hợp lệ"),
        (r"another document|single document|document separator|document indicator",
         "có dòng '---' hoặc '...' thừa: chỉ được có một khối YAML"),
        (r"document start|document end", "có nội dung thừa sau khi YAML đã kết thúc"),
        (r"directive", "không dùng chỉ thị YAML (dòng bắt đầu bằng '%')"),
        (r"comment or (a )?line break|expected ' '|whitespace or line break",
         "có ký tự thừa sau giá trị (cần xuống dòng hoặc dấu cách)"),
        (r"indentation indicator|chomping",
         "ký hiệu sau '|' hoặc '>' không hợp lệ (chỉ viết | hoặc > rồi xuống dòng)"),
        (r"alphabetic or numeric|non-alphabetical",
         "tên anchor/alias sau '&' hoặc '*' không hợp lệ"),
        (r"tag", "không dùng thẻ YAML (bắt đầu bằng '!')"),
        (r"control characters|special characters|unacceptable character",
         "có ký tự điều khiển hoặc ký tự không được phép"),
        (r"octet", "có byte không hợp lệ"),
    )
)
_QUOTED = re.compile(r"quoted scalar")
_FALLBACK = "cú pháp không hợp lệ ở chỗ này"


def explain_yaml_error(exc: yaml.YAMLError, line_offset: int = 0) -> str:
    """PyYAML's or libyaml's English reason, in Vietnamese; never English, whatever the text."""
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    if "unexpected end of stream" in problem or "unexpected end of stream" in context:
        mark = getattr(exc, "context_mark", None)
        if _QUOTED.search(context) and mark is not None:
            return (f"chuỗi trong ngoặc mở ở dòng {mark.line + 1 + line_offset} chưa được đóng "
                    "(thiếu dấu ngoặc kép hoặc ngoặc đơn đóng)")
        return "tệp kết thúc đột ngột (thiếu dấu đóng ngoặc?)"
    if isinstance(exc, yaml.reader.ReaderError):
        problem = "control characters"
    elif not problem and not context:
        problem = str(exc)
    for text in (problem, context):
        for english, vietnamese in _ERROR_WORDS:
            if text and english.search(text):
                return vietnamese
    return _FALLBACK


def _reader_position(text: str, exc: yaml.YAMLError) -> tuple[int, int]:
    """1-based line and column of the character a ReaderError names (its position counts
    characters or bytes depending on the loader); 1, 1 if it cannot be told."""
    character = getattr(exc, "character", None)
    if isinstance(character, int):
        character = chr(character)
    offset = text.find(character) if isinstance(character, str) and character else -1
    if offset < 0:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


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
        if node.tag not in _PLAIN_TAGS:
            # An explicit tag (`!!python/object`, `!x`, `!!set`) would be dropped silently.
            raise UnreadableText(line, col, f"không dùng thẻ YAML `{_shown_tag(node.tag)}`",
                                 "bỏ thẻ (phần bắt đầu bằng '!'), chỉ viết giá trị")
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
        return Scalar(node.value, kind, quoted, line, col, node.style or "")
