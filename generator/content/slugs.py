"""Text folded for addresses and comparisons: one place, for the checker and the site."""

from __future__ import annotations

import functools
import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without tones or marks, đ folded to d: 'Đường dây' -> 'duong day'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """'Thiết bị đo đếm' -> 'thiet-bi-do-dem'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
