"""Bodies judged on what they become: the HTML the site's own Markdown pipeline makes of them.

Every element, attribute, style or URL that the sanitiser would remove is reported with the
line of the source that wrote it, so that nothing an editor wrote disappears without a word.
Everything here runs in time linear in the body: single-character searches, one HTML parse
(Lexbor, a C parser that tokenizes as browsers do), and a cap on what is reported.
"""

from __future__ import annotations

import bisect
import html
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .bodylinks import LinkScope
from .characters import BAD_CHARACTER_HINT, find_bad_characters
from .markdown_pipeline import new_converter
from .markup_guard import guard_findings
from .sanitize import (
    ALLOWED_TAGS,
    FORMATTING_TAGS,
    PAGE_GLOBALS,
    STYLE_PROPERTIES,
    URL_ATTRIBUTES,
    URL_SCHEMES,
    allowed_attributes,
)

FIELD = "(nội dung)"
MAX_FINDINGS = 50
"""Per body: past this, one more finding says how many were left unlisted."""
MAX_RAW_TAGS = 1000
"""Raw HTML tags a body may hold. HTML parsers (browsers' too) take time quadratic in the
depth of nested blocks; a body is meant to be Markdown, with a little formatting."""

_MAY_HOLD_MARKUP = re.compile(r"[<\[{]")
"""Without '<' (raw HTML, autolinks), '[' (links, images) or '{' (attribute lists), Markdown
makes only the elements of sanitize.MARKDOWN_TAGS, with no attribute to judge."""
_TAG_OPEN = re.compile(r"<[A-Za-z]")
_SPECIAL = re.compile(r"<\?[A-Za-z]{0,8}|<!(?!--)[A-Za-z\[]{0,8}")
"""Raw HTML a browser drops whole: processing instructions (<?php), CDATA and doctypes."""
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_DOCUMENT = "<!DOCTYPE html><html><head></head><body>"
"""The body parsed as the inside of <body>, as nh3 parses a fragment."""
_MARKDOWN_HINT = "viết bằng Markdown; HTML có thể chạy mã trên trang công khai"
_URL_HINT = "chỉ dùng liên kết http://, https://, mailto:, tel: hoặc đường dẫn tương đối"
_THEME_NAME_HINT = ("đặt tên khác, không bắt đầu bằng `__` và không có `$`: giao diện của trang "
                    "dùng những tên đó")
_TAG_HINT = ("viết bằng Markdown; thẻ định dạng được phép: "
             + ", ".join(f"<{t}>" for t in sorted(FORMATTING_TAGS)))


@dataclass(frozen=True)
class BodyFinding:
    line: int
    col: int
    message: str
    hint: str


class _Lines:
    """Offsets of a body to file lines and columns, and searches that move forward."""

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.first_line = first_line
        self.starts = [0, *(m.end() for m in re.finditer("\n", body))]
        self.cursors: dict[str, int] = {}
        self._normal: list[str] | None = None

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1

    def find(self, key: str, pattern: re.Pattern[str]) -> tuple[int, int]:
        """Where pattern next matches after the last match for the same key; else its first
        match; else the body's first line."""
        match = pattern.search(self.body, self.cursors.get(key, 0)) or pattern.search(self.body)
        if match is None:
            return self.first_line, 1
        self.cursors[key] = match.end()
        return self.at(match.start("at") if "at" in match.groupdict() else match.start())

    def find_url(self, normal_url: str, tag: str) -> tuple[int, int]:
        """The line whose text, decoded as a URL is, holds the URL; else the tag's line."""
        if self._normal is None:
            self._normal = [normalize_url(line) for line in self.body.split("\n")]
        start = self.cursors.get("url", 0)
        for index in (*range(start, len(self._normal)), *range(start)):
            if normal_url and normal_url in self._normal[index]:
                self.cursors["url"] = index
                return self.first_line + index, 1
        return self.find(f"<{tag}", _tag_pattern(tag))


def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(f"<{re.escape(tag)}(?=[\\s/>])|<{re.escape(tag)}$", re.IGNORECASE
                      | re.MULTILINE)


def _attribute_pattern(name: str) -> re.Pattern[str]:
    """The attribute inside a tag or an attribute list `{: ...}`, not a word of the text.
    Each match attempt stops at the next '<', '>' or brace: linear in the body."""
    escaped = re.escape(name)
    return re.compile(f"(?:<[A-Za-z][^<>]*?[\\s\"'/]|\\{{:?[^{{}}\\n]*?[\\s{{:]|^)"
                      f"(?P<at>{escaped})(?=\\s*=|\\s*[/>}}]|\\s*$)",
                      re.IGNORECASE | re.MULTILINE)


def normalize_url(value: str) -> str:
    """A URL as a browser reads it, and then some: entities and percent-escapes decoded,
    every space and control character gone, lower case."""
    text = urllib.parse.unquote(html.unescape(value))
    return _INVISIBLE_IN_URL.sub("", text).lower()


def url_scheme_refused(value: str) -> str | None:
    """The scheme of a URL the site does not allow, or None."""
    match = _SCHEME.match(normalize_url(value))
    if match is None or match.group(1) in URL_SCHEMES:
        return None
    return match.group(1)


_ALIGNMENTS = frozenset({"left", "right", "center", "justify", "start", "end"})


def _style_refused(value: str) -> list[str]:
    """Declarations the sanitiser would drop or rewrite: other properties, and values of
    text-align that are no alignment (`expression(...)`)."""
    refused = []
    for part in value.split(";"):
        name, _, setting = part.partition(":")
        name = name.strip().lower()
        if not name:
            continue
        if name not in STYLE_PROPERTIES:
            refused.append(name)
        elif name == "text-align" and setting.strip().lower() not in _ALIGNMENTS:
            refused.append(f"{name}: {setting.strip()}")
    return refused


class BodyChecker:
    """Checks bodies with one reused Markdown converter (a converter is costly to make)."""

    def __init__(self) -> None:
        self.converter: Markdown = new_converter()
        self.links: LinkScope | None = None
        """Relative links and images are judged against the tree once it is known."""
        self._source: Path | None = None

    def check(self, body: str, first_line: int = 1, source: Path | None = None
              ) -> list[BodyFinding]:
        """source: the body's file, for its relative links and images."""
        self._source = source
        lines = _Lines(body, first_line)
        findings: list[BodyFinding] = []
        extra = 0
        for finding in self._findings(body, lines):
            if len(findings) < MAX_FINDINGS:
                findings.append(finding)
            else:
                extra += 1
        if extra:
            last = findings[-1]
            findings.append(BodyFinding(
                last.line, last.col, f"còn {extra} lỗi khác trong nội dung chưa liệt kê",
                "sửa các lỗi trên rồi kiểm tra lại"))
        return findings

    def _findings(self, body: str, lines: _Lines) -> Iterator[BodyFinding]:
        for bad in find_bad_characters(body):
            if bad.char in "\t\n":
                continue
            line, col = lines.at(bad.offset)
            yield BodyFinding(line, col, bad.message, BAD_CHARACTER_HINT)
        refused = False
        for guard in guard_findings(body, lines.first_line):
            refused = True
            yield BodyFinding(guard.line, guard.col, guard.message, guard.hint)
        if refused or not _MAY_HOLD_MARKUP.search(body):
            return  # refused: the Markdown converter would take quadratic time on this body
        self.converter.reset()
        rendered = self.converter.convert(body)
        raw_tags = sum(len(_TAG_OPEN.findall(block))
                       for block in self.converter.htmlStash.rawHtmlBlocks
                       if isinstance(block, str))
        if raw_tags > MAX_RAW_TAGS:
            line, col = lines.find("<", _TAG_OPEN)
            yield BodyFinding(line, col, f"nội dung có {raw_tags} thẻ HTML, tối đa "
                              f"{MAX_RAW_TAGS}", _MARKDOWN_HINT)
            return
        for block in self.converter.htmlStash.rawHtmlBlocks:
            for special in _SPECIAL.finditer(block if isinstance(block, str) else ""):
                line, col = lines.find("special", _SPECIAL)
                yield BodyFinding(line, col, f"`{special.group()}…` không hiện trên trang: "
                                  "trình duyệt bỏ đi cả đoạn (mã PHP, CDATA, DOCTYPE)",
                                  "muốn hiện mã thì đặt giữa hai dấu ` hoặc trong khối ```")
        yield from self._html_findings(rendered, lines)

    def _html_findings(self, rendered: str, lines: _Lines) -> Iterator[BodyFinding]:
        root = LexborHTMLParser(_DOCUMENT + rendered).root
        if root is None:
            return
        for node in root.traverse(include_text=False):
            tag = node.tag
            if tag is None or tag.startswith(("-", "#")):
                continue  # comments and the doctype: comments are not shown, as intended
            if tag in ("html", "head", "body"):
                if node.attributes:  # a <body onload=...> written in the text lands here
                    name = next(iter(node.attributes))
                    line, col = lines.find(name, _attribute_pattern(name))
                    yield BodyFinding(line, col, f"thẻ HTML <{tag}> không được phép",
                                      _MARKDOWN_HINT)
                continue
            if tag not in ALLOWED_TAGS:
                line, col = lines.find(f"<{tag}", _tag_pattern(tag))
                yield BodyFinding(line, col, f"thẻ HTML <{tag}> không được phép, sẽ bị gỡ khỏi "
                                  "trang", _TAG_HINT)
                continue
            yield from self._attribute_findings(node, tag, lines)

    def _attribute_findings(self, node: LexborNode, tag: str, lines: _Lines
                            ) -> Iterator[BodyFinding]:
        allowed = allowed_attributes(tag)
        for name, value in node.attributes.items():
            if name not in allowed:
                line, col = lines.find(name, _attribute_pattern(name))
                if name.startswith("on"):
                    message = f"thuộc tính sự kiện `{name}` chạy được mã, không được phép"
                else:
                    message = f"thuộc tính `{name}` của thẻ <{tag}> không được phép"
                yield BodyFinding(line, col, message, _MARKDOWN_HINT)
            elif name == "style" and (refused := _style_refused(value or "")):
                line, col = lines.find("style", _attribute_pattern("style"))
                yield BodyFinding(line, col, "thuộc tính style chỉ được dùng text-align, không "
                                  f"được dùng {', '.join(refused)}", _MARKDOWN_HINT)
            elif name in URL_ATTRIBUTES and "\\" in (value or ""):
                line, col = lines.find_url(normalize_url(value or ""), tag)
                yield BodyFinding(line, col, f"liên kết `{value}` có dấu `\\`, trình duyệt đọc "
                                  "nó như `/` và có thể dẫn ra trang khác", "dùng dấu `/`")
            elif name in URL_ATTRIBUTES and (scheme := url_scheme_refused(value or "")):
                line, col = lines.find_url(normalize_url(value or ""), tag)
                yield BodyFinding(line, col, f"liên kết dùng `{scheme}:`, không được phép",
                                  _URL_HINT)
            elif name in ("id", "name") and ((value or "").startswith("__") or "$" in value
                                             or value in PAGE_GLOBALS):
                # Every id is a global of the page: these would replace the theme's own.
                line, col = lines.find(f"{name}={value}", re.compile(re.escape(value)))
                yield BodyFinding(line, col, f"`{name}=\"{value}\"` trùng kiểu tên giao diện "
                                  "dùng riêng", _THEME_NAME_HINT)
            elif (name in ("href", "src") and self.links is not None
                  and self._source is not None):
                judged = self.links.judge(self._source, tag, value or "")
                if judged:
                    line, col = lines.find_url(normalize_url(value or ""), tag)
                    yield BodyFinding(line, col, *judged)
                elif name == "href" and (target := self.links.last_target) is not None:
                    # A page's file: whether it is published is known once all are loaded.
                    line, col = lines.find_url(normalize_url(value or ""), tag)
                    self.links.note(self._source, target, line, col)
