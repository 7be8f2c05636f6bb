"""Vietnamese text: number, money and date formats, slugs and alphabetical order."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

from generator.content.slugs import fold as fold
from generator.content.slugs import slugify as slugify

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
"""Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng."""

_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}


def format_int(value: int) -> str:
    """10000 -> '10.000'."""
    return f"{value:,}".replace(",", ".")


def format_decimal(value: float, digits: int = 2) -> str:
    """1.25 -> '1,25'; trailing zeros dropped."""
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_money(value: int) -> str:
    """1250000000 -> '1,25 tỷ đồng'; 350000000 -> '350 triệu đồng'. In integers throughout:
    a float keeps 15-17 digits, and a benefit may have more."""
    if value >= 1_000_000_000:
        return f"{_format_units(value, 1_000_000_000)} tỷ đồng"
    if value >= 1_000_000:
        return f"{_format_units(value, 1_000_000)} triệu đồng"
    return f"{format_int(value)} đồng"


def _format_units(value: int, unit: int, digits: int = 2) -> str:
    """value / unit to `digits` decimals, half up, trailing zeros dropped, exact for any size."""
    scale = 10**digits
    whole, fraction = divmod((2 * value * scale + unit) // (2 * unit), scale)
    decimals = f"{fraction:0{digits}d}".rstrip("0")
    return format_int(whole) + ("," + decimals if decimals else "")


def format_money_exact(value: int) -> str:
    return f"{format_int(value)} đ"


def format_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_month(month: str) -> str:
    """'2022-05' -> 'tháng 5/2022'."""
    year, number = month.split("-")
    return f"tháng {int(number)}/{year}"


def format_percent(value: float, digits: int | None = None) -> str:
    """0.0734 -> '7,3%'; small shares keep two decimals so that 0,04% does not read as 0%."""
    if digits is None:
        digits = 2 if 0 < value < 0.01 else 1
    return f"{format_decimal(value * 100, digits)}%"


@functools.lru_cache(maxsize=65536)
def _letter_key(char: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0]
    marks = decomposed[1:]
    tone = 0
    letter = base
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            letter = unicodedata.normalize("NFC", letter + mark)
    if letter == "đ" or char.lower() == "đ":
        letter = "đ"
    rank = _LETTER_RANK.get(letter)
    if rank is None:
        rank = 100 + ord(letter[0])
    return rank, tone


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Letters first, tones second, as Vietnamese dictionaries order words."""
    keys = [_letter_key(c) for c in unicodedata.normalize("NFC", word)]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
"""Letters of the Vietnamese alphabet in an address, as Telex types them."""


def initial(full_name: str) -> str:
    """The letter a roll files a person under: the given name's first letter, without its
    tone ('Nguyễn Văn Ánh' -> 'a', 'Trần Thị Ơn' -> 'ơ'); '#' when it is not a letter."""
    words = full_name.split()
    if not words:
        return "#"
    first = unicodedata.normalize("NFD", words[-1][0].lower())
    letter = unicodedata.normalize("NFC", "".join(c for c in first if c not in _TONE_MARKS))
    return letter if letter in _LETTER_RANK else "#"


def letter_slug(letter: str) -> str:
    """'đ' -> 'dd', 'a' -> 'a', '#' -> 'khac'."""
    return _TELEX.get(letter, letter if letter.isascii() and letter.isalpha() else "khac")


def letter_order(letter: str) -> int:
    return _LETTER_RANK.get(letter, len(_LETTER_RANK))


def name_key(full_name: str) -> tuple[object, ...]:
    """Order of Vietnamese rolls: by given name (last word), then family, then middle names."""
    words = full_name.split()
    if not words:
        return ()
    given, family, middle = words[-1], words[0], words[1:-1]
    return (word_key(given), word_key(family), tuple(word_key(w) for w in middle))


def text_key(text: str) -> tuple[object, ...]:
    return tuple(word_key(w) for w in text.split())
