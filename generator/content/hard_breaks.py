"""A backslash at the end of a line is a line break, as in CommonMark.

The web editor writes a line break (Shift+Enter) as `\\` followed by a newline; Python-Markdown
knows only two trailing spaces and would print the backslash. Code spans keep it (they are
matched first).
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor

BACKSLASH_BREAK = r"\\\n"
"""Python-Markdown's escape (priority 180) takes a backslash before any character but a newline."""


class HardBreaks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(
            SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"), "backslash_break", 185)


def makeExtension(**kwargs: Any) -> HardBreaks:
    return HardBreaks(**kwargs)
