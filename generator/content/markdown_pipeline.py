"""The Markdown pipeline bodies go through: one list of extensions for the checker and the site.

MkDocs always adds toc, tables and fenced_code to what mkdocs.yml names; the checker must
render exactly what the site renders (tests/unit/test_bodycheck.py compares this list with MkDocs').
"""

from __future__ import annotations

import markdown
from markdown.extensions.toc import slugify

from .sanitize import PAGE_GLOBALS


def heading_id(value: str, separator: str) -> str:
    """A heading's anchor: Python-Markdown's, with đ kept as d ('Công đoàn Điện lực' ->
    'cong-doan-dien-luc', not 'cong-oan-ien-luc': đ has no decomposition to drop a mark from).
    Never starting with '_', never a name the pages' scripts read: every id is a global of the
    page, and the theme's are `__*` (a heading "Location" is `location-1`)."""
    slug = slugify(value.replace("đ", "d").replace("Đ", "D"), separator).lstrip("_")
    return f"{slug}{separator}1" if slug in PAGE_GLOBALS else slug


EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "sane_lists",
              "generator.content.hard_breaks")
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    "toc": {"permalink": False, "slugify": heading_id}}
"""mkdocs.yml names heading_id as !!python/name:generator.content.markdown_pipeline.heading_id.
sane_lists: a numbered list right after a bulleted one is a list of its own, as the web editor
shows it (Python-Markdown would continue the first list); hard_breaks: Shift+Enter's line break."""


def new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
