"""Characters an editor cannot see but a reader's browser acts on: refused, with their name.

Control characters reach the page through YAML escapes ("\\x1b") or pasted text; bidirectional
controls reorder what a reader sees (a title that reads differently from what was reviewed);
zero-width characters make two identifiers that look the same differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 (but tab and newline), DEL and C1."""
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"

TEXT_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}]")
"""In text fields and bodies: single characters, so the search is linear."""
IDENTIFIER_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")
"""In identifiers (ids, codes, tags, authors' names), zero-width characters too."""


@dataclass(frozen=True)
class BadCharacter:
    offset: int
    char: str

    @property
    def label(self) -> str:
        name = unicodedata.name(self.char, "")
        code = f"U+{ord(self.char):04X}"
        return f"{code} {name}" if name else code

    @property
    def message(self) -> str:
        char = self.char
        if re.match(f"[{_BIDI}]", char):
            kind = "ký tự điều khiển hướng chữ"
        elif re.match(f"[{_ZERO_WIDTH}]", char):
            kind = "ký tự vô hình (độ rộng 0)"
        else:
            kind = "ký tự điều khiển"
        return f"có {kind} {self.label}"


BAD_CHARACTER_HINT = ("xóa ký tự này (thường do dán từ Word, Zalo hoặc trang web); "
                      "trong YAML đừng viết mã thoát như \\x1b")


def find_bad_characters(text: str, identifier: bool = False) -> Iterator[BadCharacter]:
    pattern = IDENTIFIER_FORBIDDEN if identifier else TEXT_FORBIDDEN
    for match in pattern.finditer(text):
        yield BadCharacter(match.start(), match.group())


def first_bad_character(text: str, identifier: bool = False) -> BadCharacter | None:
    return next(find_bad_characters(text, identifier), None)
