"""Raw HTML in Markdown bodies that could run script: found by line, never stripped silently."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_DANGEROUS_TAGS = (
    "script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta",
    "link", "style", "form", "svg", "math", "template", "noscript",
)
_TAG = re.compile(r"<\s*/?\s*(" + "|".join(_DANGEROUS_TAGS) + r")\b", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_STYLE_ATTR = re.compile(
    r"""style\s*=\s*["'][^"']*(expression\s*\(|url\s*\(\s*['"]?\s*(javascript|vbscript|data):)""",
    re.IGNORECASE,
)
# Schemes in Markdown links/images and in HTML attributes; entities and spaces are folded first.
_SCHEME = re.compile(r"(javascript|vbscript|data)\s*:", re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|(?:href|src|action|formaction|xlink:href)\s*=\s*"
                          r"[\"']?([^\"'\s>]*)", re.IGNORECASE)
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class HtmlFinding:
    line: int
    col: int
    message: str


def _unescape_scheme(text: str) -> str:
    # "jav&#x09;ascript:" and "java\tscript:" are read by browsers as javascript:.
    text = re.sub(r"&#x?0*(9|a|d|10|13);?", "", text, flags=re.IGNORECASE)
    text = re.sub(r"&(tab|newline);", "", text, flags=re.IGNORECASE)
    text = text.replace("&colon;", ":").replace("&#58;", ":").replace("&#x3a;", ":")
    return re.sub(r"[\t\n\r ]", "", text)


def find_unsafe_html(body: str, first_line: int = 1) -> Iterator[HtmlFinding]:
    """Yield each construct that could run script, with its file line (1-based)."""
    in_fence: str | None = None
    for offset, raw_line in enumerate(body.split("\n")):
        line_no = first_line + offset
        fence = _FENCE.match(raw_line)
        if fence:
            marker = fence.group(1)
            if in_fence is None:
                in_fence = marker
                continue
            if marker == in_fence:
                in_fence = None
                continue
        if in_fence is not None:
            continue  # fenced code is shown escaped, never run
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw_line)
        for match in _TAG.finditer(line):
            yield HtmlFinding(line_no, match.start() + 1,
                              f"thẻ HTML <{match.group(1).lower()}> không được phép")
        for match in _EVENT_ATTR.finditer(line):
            attribute = match.group(1)
            yield HtmlFinding(line_no, match.start(1) + 1,
                              f"thuộc tính sự kiện `{attribute}` chạy được mã, không được phép")
        for match in _STYLE_ATTR.finditer(line):
            yield HtmlFinding(line_no, match.start() + 1,
                              "thuộc tính style có expression()/url(javascript:), không được phép")
        targets = [m.group(1) or m.group(2) or "" for m in _LINK_TARGET.finditer(line)]
        ref = _REF_DEF.match(line)
        if ref:
            targets.append(ref.group(1))
        for target in targets:
            scheme = _SCHEME.match(_unescape_scheme(target))
            if scheme:
                col = line.find(target) + 1 if target else 1
                yield HtmlFinding(line_no, max(col, 1),
                                  f"liên kết dùng `{scheme.group(1).lower()}:`, không được phép")
