"""Characters an editor cannot see but a reader's browser acts on: refused, with their name.

Control characters reach the page through YAML escapes ("\\x1b") or pasted text; bidirectional
controls reorder what a reader sees (a title that reads differently from what was reviewed);
zero-width characters make two identifiers that look the same differ; invisible look-alikes
(soft hyphen, Hangul fillers, invisible operators) do the same in names and titles; Unicode
noncharacters (U+FFFE, U+FDD0...) are refused by XML 1.0, so would break the feeds and sitemap.
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
_INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200e\u200f\u2028\u2029"
              "\u2061-\u2064\u2800\u3164\ufe00-\ufe0f\uffa0\U000e0000-\U000e007f"
              "\U000e0100-\U000e01ef")
"""Soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul and Khmer fillers,
Mongolian vowel separator, left-to-right and right-to-left marks, line and paragraph
separators, invisible operators, Braille blank, variation selectors, tag characters: shown as
nothing (or as a blank), so two names that look the same differ."""
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
"""Unicode noncharacters: U+FDD0-U+FDEF and the last two code points of every plane."""

NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
TEXT_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}{_NONCHARACTERS}]")
"""In text fields and bodies: single characters, so the search is linear."""
IDENTIFIER_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}{_NONCHARACTERS}{_ZERO_WIDTH}{_INVISIBLE}]")
"""In identifiers (ids, codes, tags, authors' names) and titles, invisible characters too."""
YAML_FORBIDDEN = re.compile(f"[{_CONTROLS}{_NONCHARACTERS}]")
"""In YAML as written: what YAML refuses (controls, U+FFFE) or lets through to the page."""


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
        elif re.match(f"[{_INVISIBLE}]", char):
            kind = "ký tự vô hình hoặc dễ nhầm với dấu cách"
        elif NONCHARACTER.match(char):
            kind = "ký tự không được dùng trong văn bản (Unicode noncharacter)"
        else:
            kind = "ký tự điều khiển"
        return f"có {kind} {self.label}"


BAD_CHARACTER_HINT = ("xóa ký tự này (thường do dán từ Word, Zalo hoặc trang web); "
                      "trong YAML đừng viết mã thoát như \\x1b")


def find_bad_characters(text: str, identifier: bool = False) -> Iterator[BadCharacter]:
    pattern = IDENTIFIER_FORBIDDEN if identifier else TEXT_FORBIDDEN
    for match in pattern.finditer(text):
        yield BadCharacter(match.start(), match.group())


def cleaned_yaml(text: str) -> tuple[str, list[BadCharacter]]:
    """The YAML text with control characters and noncharacters replaced by U+FFFD, and the
    characters replaced: reported once by the caller, then the rest of the file is read."""
    found = [BadCharacter(m.start(), m.group()) for m in YAML_FORBIDDEN.finditer(text)]
    return (YAML_FORBIDDEN.sub("\ufffd", text) if found else text), found


def first_bad_character(text: str, identifier: bool = False) -> BadCharacter | None:
    return next(find_bad_characters(text, identifier), None)


_LOOK_ALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")
"""Scripts whose letters look like Latin ones (Cyrillic а, о, р, с, е; Greek ο, ν, ...): in a
Vietnamese name or topic they make a second person or a second filter that looks the same."""


def find_look_alike(text: str) -> BadCharacter | None:
    """The first letter of a script that imitates Latin, in a name or a topic."""
    for offset, char in enumerate(text):
        if char.isascii() or not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith(_LOOK_ALIKE_SCRIPTS):
            return BadCharacter(offset, char)
    return None


LOOK_ALIKE_HINT = ("gõ lại chữ này bằng bàn phím tiếng Việt; chữ Kirin hay Hy Lạp trông giống "
                   "chữ Latinh làm một người hay một chủ đề thành hai")
