"""Reading content files: bytes to NFC text, and front matter split from the body."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import UnreadableText

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused: no innovation needs a megabyte of text."""

_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file as NFC text with LF line ends; UnreadableText if it cannot be read safely.
    data: its bytes, when the caller has read them already (and keyed a cache by them)."""
    size = len(data) if data is not None else path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableText(
            1, 1, f"tệp quá lớn ({size:,} byte, tối đa {MAX_FILE_BYTES:,})".replace(",", "."),
            "tách nội dung hoặc bỏ dữ liệu nhúng",
        )
    return decode(data if data is not None else path.read_bytes())


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableText(
            1, 1, "tệp được lưu bằng UTF-16, không phải UTF-8", "lưu lại tệp với bảng mã UTF-8"
        )
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableText(
            line,
            col,
            f"tệp không phải UTF-8 (byte 0x{data[exc.start]:02X} không hợp lệ; "
            f"có thể là {_guess_legacy(data)})",
            "mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8",
        ) from None
    if "\x00" in text:
        raise UnreadableText(1, 1, "tệp chứa ký tự NUL (có thể là UTF-16 hoặc tệp nhị phân)",
                            "lưu lại tệp với bảng mã UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _guess_legacy(data: bytes) -> str:
    # cp1258 stores Vietnamese tones as combining bytes 0xCC, 0xD2, 0xDE, 0xEC, 0xF2.
    tone_bytes = sum(data.count(bytes([b])) for b in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2))
    return "Windows-1258 (cp1258)" if tone_bytes else "Windows-1252 hoặc một bảng mã cũ"


@dataclass(frozen=True)
class FrontMatterDoc:
    yaml_text: str
    yaml_line: int
    """File line where the YAML text starts (1-based)."""
    body: str
    body_line: int


def split_front_matter(text: str) -> FrontMatterDoc | None:
    """Split `---` front matter from the body; None if the text has none."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1:])
            return FrontMatterDoc(yaml_text, 2, body, index + 2)
    raise UnreadableText(1, 1,
                        "phần đầu (front matter) mở bằng '---' nhưng không có dòng '---' đóng",
                        "thêm một dòng '---' sau trường cuối cùng")
