"""Content-Security-Policy of every built page, as a <meta> at the top of its <head>.

Scripts run only from the site itself ('self') or when they are one of the inline scripts the
theme wrote into that very page, named by the sha256 of their text. Material's inline scripts
depend on the page's depth (`__md_scope=new URL("../..",location)`), so the hashes are read
from each rendered page, or from each bulk shell (generator/bulk.py), never kept by hand.
Scripts inside a page's body (rendered Markdown) are never hashed: the checker and nh3 refuse
them already, and the browser refuses whatever would slip through. Pagefind compiles
WebAssembly ('wasm-unsafe-eval') and starts its worker from pagefind/ ('self').

`<script type="application/json">` and other data blocks do not run and get no hash.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable

META_START = '<meta http-equiv="Content-Security-Policy" content="'

OTHER_DIRECTIVES = (
    "style-src 'self' 'unsafe-inline'",  # style attributes: the widths of progress bars
    "img-src 'self' data:",  # Material's stylesheet draws some icons as data: SVG
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
"""After default-src and script-src. A <meta> cannot carry frame-ancestors, sandbox or
report-uri (browsers ignore them there, with a console error); a host's headers can."""

_SCRIPT_TYPES = frozenset({
    "", "module", "importmap", "speculationrules",
    # The HTML standard's JavaScript MIME type essences.
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
    "text/x-javascript",
})
"""Values of `type` that the browser runs (importmap and speculation rules are checked against
script-src too); any other value makes a data block."""

_TOKEN = re.compile(
    r"<!--.*?-->"
    r"""|<script(?=[\s/>])(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>"""
    r"(?P<text>.*?)</script(?=[\s/>])",
    re.IGNORECASE | re.DOTALL)
"""Comments (skipped: a script inside one does not exist) and script elements."""
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_HEAD = re.compile(r"<head(?:[\s/][^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in _ATTR.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        values.setdefault(name.lower(), html.unescape(value))  # the first one counts
    return values


def _runs(attributes: dict[str, str]) -> bool:
    """Whether an inline script with these attributes is run (not a data block)."""
    if "src" in attributes:
        return False  # its text is ignored; the file it loads is allowed by 'self'
    kind = attributes.get("type")
    if kind is None and attributes.get("language"):
        kind = "text/" + attributes["language"]
    return (kind or "").strip().lower() in _SCRIPT_TYPES


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script of the page that a browser would run, in order."""
    scripts = []
    for match in _TOKEN.finditer(page):
        if match["text"] is not None and _runs(_attributes(match["attrs"])):
            scripts.append(match["text"])
    return scripts


def script_hash(text: str) -> str:
    """The source expression allowing an inline script with this text."""
    # Browsers hash the text after the parser has turned CR LF and CR into LF.
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return f"'sha256-{base64.b64encode(hashlib.sha256(data).digest()).decode('ascii')}'"


def policy(scripts: Iterable[str], live_reload: bool = False) -> str:
    """The policy allowing these inline scripts and none other.

    live_reload (`mkdocs serve`): MkDocs adds an inline script to every page it serves, whose
    text changes each time, so inline scripts are allowed and none is hashed (a hash would
    turn 'unsafe-inline' off). Built sites never get this.
    """
    if live_reload:
        sources = ["'unsafe-inline'"]
    else:
        sources = list(dict.fromkeys(script_hash(text) for text in scripts))
    script_src = " ".join(["script-src 'self'", *sources, "'wasm-unsafe-eval'"])
    return "; ".join(["default-src 'self'", script_src, *OTHER_DIRECTIVES])


def with_policy(page: str, *, untrusted: Iterable[str] = (), live_reload: bool = False,
                placeholders: re.Pattern[str] | None = None) -> str:
    """The page with its policy as the first element of its <head> (after the charset).

    untrusted: HTML from content within the page (its rendered Markdown); scripts in it are
    not allowed, even if they reached this far. placeholders: text that will be replaced
    after this (a bulk shell's slots); a script holding some could not keep its hash.
    """
    if META_START in page:
        raise ValueError("trang đã có Content-Security-Policy")
    head = _HEAD.search(page)
    if head is None:
        raise ValueError("trang không có <head> để đặt Content-Security-Policy")
    refused = {text for fragment in untrusted for text in inline_scripts(fragment)}
    scripts = [text for text in inline_scripts(page) if text not in refused]
    if placeholders is not None:
        for text in scripts:
            if placeholders.search(text):
                raise ValueError(f"đoạn script nội tuyến chứa chỗ điền: {text[:80]!r}")
    meta = META_START + html.escape(policy(scripts, live_reload), quote=False) + '">'
    # Right after <meta charset> (which must stay first), on a line of its own if it has one.
    charset = _CHARSET.match(page, head.end())
    if charset is None:
        return page[:head.end()] + meta + page[head.end():]
    space = charset.group()[:len(charset.group()) - len(charset.group().lstrip())]
    line = "\n" + space.rsplit("\n", 1)[1] if "\n" in space else ""
    return page[:charset.end()] + line + meta + page[charset.end():]
