"""The Markdown pipeline bodies go through: one list of extensions for the checker and the site.

MkDocs always adds toc, tables and fenced_code to what mkdocs.yml names; the checker must
render exactly what the site renders (tests/test_bodycheck.py compares this list with MkDocs').
"""

from __future__ import annotations

import markdown

EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list")
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": False}}


def new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
