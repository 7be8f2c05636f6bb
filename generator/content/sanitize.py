"""What a body may hold once rendered, and nh3 applying it as the last line of defence.

The checker (bodycheck.py) reports, with its line, everything outside these lists before a
page is built; nh3 then removes whatever a parser quirk might still let through.
"""

from __future__ import annotations

import nh3

MARKDOWN_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "em", "strong", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "img",
})
"""What Python-Markdown itself produces from the extensions the site uses."""
FORMATTING_TAGS = frozenset({
    "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr", "kbd", "samp",
    "var", "q", "cite", "dfn", "span", "div", "dl", "dt", "dd", "tfoot", "caption",
    "figure", "figcaption", "wbr",
})
"""Harmless raw HTML an editor may write, published as written."""
ALLOWED_TAGS = MARKDOWN_TAGS | FORMATTING_TAGS
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"style", "align", "colspan", "rowspan"},
    "td": {"style", "align", "colspan", "rowspan"},
    "ol": {"start"},
}
PAGE_GLOBALS = frozenset({
    "CMS", "skEditor", "jsyaml", "h", "createClass", "define", "require", "module", "exports",
    "global", "globalThis", "process", "app", "config", "location", "document", "window",
    "self", "top", "parent", "opener", "frames", "name", "navigator", "history",
})
"""Names the pages' and the editor's scripts read as globals (or test for): an element with
such an id would be found instead (DOM clobbering). Every id is a global of the page."""
URL_ATTRIBUTES = frozenset({"href", "src"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
"""The only style the tables extension writes (column alignment)."""


def allowed_attributes(tag: str) -> set[str]:
    return ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,
    strip_comments=True,
)
"""Built once: nh3.clean() converts these lists again on every call, which costs as much as
cleaning a short body."""


def clean_html(html: str) -> str:
    return _CLEANER.clean(html)
