"""Bodies that Python-Markdown and HTML parsers would take quadratic time on, refused first.

Measured (bench/adversarial.py): Python-Markdown scans to the end of a paragraph for every
`[`, `](`, `<tag` or run of backticks that does not close, backtracks over headings with many
` {`, and its emphasis patterns over long lines; HTML parsers compare every attribute of a tag
with the others. One linear pass over the body counts these per paragraph and refuses a body
that holds more than a few, with the line and what to change. Ordinary text never comes near.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_LINE = 5000
"""Characters in one line (about 800 words: a paragraph pasted from Word, at most)."""
MAX_UNCLOSED = 8
"""Per paragraph: brackets, parentheses, tags or backtick runs left open, or nested deeper."""
MAX_ATTRIBUTES = 64
"""Per raw HTML tag."""
MAX_BRACES = 8
"""`{` per line: attribute lists are one per element."""
MAX_INDENT = 160
"""Columns of indentation before a line's text (40 levels of nested lists): Python-Markdown
nests its parsing once per level and runs out of stack a few hundred levels down."""

_TOKEN = re.compile(r"\\.|`+|<[A-Za-z/!?]|[\[\]()>={]")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HINT = ("đóng đủ các dấu ngoặc, dấu ` và thẻ HTML, hoặc tách thành nhiều đoạn bằng dòng "
         "trống; nội dung như vậy làm trình dựng trang chạy rất chậm")


@dataclass(frozen=True)
class GuardFinding:
    line: int
    col: int
    message: str
    hint: str = _HINT


@dataclass
class _Paragraph:
    line: int
    brackets: int = 0
    parens: int = 0
    deepest: int = 0
    unclosed: int = 0
    """Openers that another opener of the same kind found still open, or the end found."""
    tag_open: bool = False
    attributes: int = 0
    runs: dict[int, bool] | None = None

    def unclosed_total(self) -> int:
        open_runs = sum(1 for is_open in (self.runs or {}).values() if is_open)
        return (self.unclosed + self.brackets + self.parens + int(self.tag_open) + open_runs)


def guard_findings(body: str, first_line: int = 1) -> Iterator[GuardFinding]:
    """At most one finding per paragraph and per line; linear in the body."""
    paragraph = _Paragraph(first_line)
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        if len(text) > MAX_LINE:
            yield GuardFinding(line, 1, f"dòng dài {len(text)} ký tự, tối đa {MAX_LINE}",
                               "xuống dòng giữa các câu; một đoạn văn có thể gồm nhiều dòng")
        opening = _FENCE.match(text)
        if opening and (fence is None or opening.group(1) == fence):
            fence = opening.group(1) if fence is None else None
            continue
        if fence is not None:
            continue  # fenced code is shown as it is, never parsed as Markdown
        indent = len(text) - len(text.lstrip(" \t"))
        if indent and len(text[:indent].expandtabs(4)) > MAX_INDENT:
            yield GuardFinding(line, 1, f"dòng thụt vào {len(text[:indent].expandtabs(4))} "
                               f"cột, tối đa {MAX_INDENT}", "giảm số mức danh sách lồng nhau")
            return
        if not text.strip():
            yield from _close(paragraph)
            paragraph = _Paragraph(line + 1)
            continue
        braces = 0
        for match in _TOKEN.finditer(text):
            token = match.group()
            braces += token == "{"
            _count(paragraph, token)
        if braces > MAX_BRACES:
            yield GuardFinding(line, 1, f"dòng có {braces} dấu {{, tối đa {MAX_BRACES}")
    yield from _close(paragraph)


def _count(p: _Paragraph, token: str) -> None:
    if token.startswith("\\"):
        return  # an escaped character opens nothing
    if token.startswith("`"):
        runs = p.runs if p.runs is not None else {}
        p.runs = runs
        runs[len(token)] = not runs.get(len(token), False)
    elif token == "[":
        p.brackets += 1
        p.deepest = max(p.deepest, p.brackets)
    elif token == "]":
        p.brackets = max(0, p.brackets - 1)
    elif token == "(":
        p.parens += 1
        p.deepest = max(p.deepest, p.parens)
    elif token == ")":
        p.parens = max(0, p.parens - 1)
    elif token.startswith("<"):
        if p.tag_open:
            p.unclosed += 1
        p.tag_open, p.attributes = True, 0
    elif token == ">":
        p.tag_open = False
    elif token == "=" and p.tag_open:
        p.attributes += 1
        if p.attributes == MAX_ATTRIBUTES + 1:
            p.unclosed += MAX_UNCLOSED + 1  # one tag is enough to refuse


def _close(p: _Paragraph) -> Iterator[GuardFinding]:
    unclosed = p.unclosed_total()
    if unclosed > MAX_UNCLOSED or p.deepest > MAX_UNCLOSED:
        yield GuardFinding(
            p.line, 1,
            f"đoạn văn có quá nhiều dấu ngoặc, dấu ` hoặc thẻ HTML chưa đóng ({unclosed} chỗ, "
            f"lồng sâu {p.deepest} mức; tối đa {MAX_UNCLOSED})")
