"""Content-Security-Policy of every built page, as a <meta> at the top of its <head>.

Scripts run only from the site itself ('self') or when they are one of the inline scripts of
the theme's templates (Material's and ours), named by the sha256 of their text. What may run is
decided by the templates, never by the finished page: an inline script of a page is hashed only
when it is a template's script, its `{{ ... }}` filled with the way up to the site's root alone
(Material's `__md_scope=new URL("../..",location)` depends on the page's depth). A script that
content put into a page by any way (a title, a description, a body) is no template's, so it is
not hashed and the browser refuses it. No page of the site compiles WebAssembly or evaluates
text as code (the editor has a policy of its own: adapter/editor.py).

`<script type="application/json">` and other data blocks do not run and get no hash.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_FILLED = r"(?:\.\.?(?:/\.\.)*|/(?:[A-Za-z0-9_-]+/)*)"
"""What a template expression inside a trusted script may become: the way to the site's root
(Material's base_url: `.`, `..`, `../..`, or the site's path such as `/` on the 404 page),
never a quote, bracket, host or operator."""


@dataclass(frozen=True)
class TrustedScripts:
    """The inline scripts of a theme's templates: fixed texts, and patterns for those with
    template expressions in them."""

    texts: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def allows(self, text: str) -> bool:
        return text in self.texts or any(p.fullmatch(text) for p in self.patterns)


def template_scripts(template_dirs: Iterable[Path | str]) -> TrustedScripts:
    """Every inline script that the templates under these folders can write."""
    texts: set[str] = set()
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for text in inline_scripts(path.read_text(encoding="utf-8")):
                parts = _JINJA.split(text)
                if len(parts) == 1:
                    texts.add(text)
                    continue
                pattern = _FILLED.join(re.escape(part) for part in parts)
                patterns.setdefault(pattern, re.compile(pattern, re.DOTALL))
    return TrustedScripts(frozenset(texts), tuple(patterns.values()))


def policy(scripts: Iterable[str]) -> str:
    """The policy allowing these inline scripts and none other."""
    sources = list(dict.fromkeys(script_hash(text) for text in scripts))
    script_src = " ".join(["script-src 'self'", *sources])
    return "; ".join(["default-src 'self'", script_src, *OTHER_DIRECTIVES])


def with_policy(page: str, trusted: TrustedScripts, *,
                placeholders: re.Pattern[str] | None = None) -> str:
    """The page with its policy as the first element of its <head> (after the charset).

    trusted: the templates' scripts; any other inline script of the page stays refused.
    placeholders: text that will be replaced after this (a bulk shell's slots); a script
    holding some could not keep its hash.
    """
    if META_START in page:
        raise ValueError("trang đã có Content-Security-Policy")
    head = _HEAD.search(page)
    if head is None:
        raise ValueError("trang không có <head> để đặt Content-Security-Policy")
    scripts = [text for text in inline_scripts(page) if trusted.allows(text)]
    if placeholders is not None:
        for text in scripts:
            if placeholders.search(text):
                raise ValueError(f"đoạn script nội tuyến chứa chỗ điền: {text[:80]!r}")
    meta = META_START + html.escape(policy(scripts), quote=False) + '">'
    # Right after <meta charset> (which must stay first), on a line of its own if it has one.
    charset = _CHARSET.match(page, head.end())
    if charset is None:
        return page[:head.end()] + meta + page[head.end():]
    space = charset.group()[:len(charset.group()) - len(charset.group().lstrip())]
    line = "\n" + space.rsplit("\n", 1)[1] if "\n" in space else ""
    return page[:charset.end()] + line + meta + page[charset.end():]
