"""Files published as they are (images, PDFs): recognised by their content, not their name."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

MAX_IMAGE_BYTES = 1_000_000
"""Readers are often on phones: an illustration over 1 MB is refused (resize it first)."""
MAX_DOCUMENT_BYTES = 10_000_000
"""A PDF (a decision, a report) up to 10 MB."""

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
)
MAX_IMAGE_PIXELS = 40_000_000
"""A picture's width times height, read from its header before anything decodes it: 1 MB
of compressed data may claim billions of pixels (a "decompression bomb")."""
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}

ALLOWED_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}
"""Images an innovation may show."""
ASSET_SUFFIXES = {**ALLOWED_SUFFIXES, ".pdf": "pdf"}
"""Every kind of file, besides Markdown and the two data files, that content/ may hold."""
ASSET_HINT = ("chỉ được đặt ảnh PNG, JPEG, GIF, WebP hoặc tệp PDF "
              "(không dùng .svg, .html vì có thể chứa mã)")


def sniff(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_asset(path: Path, shown_as: str, suffixes: dict[str, str] = ASSET_SUFFIXES
                ) -> tuple[str, str] | None:
    """None when the file is of an allowed kind, by name and by content, and small enough;
    else (message, hint)."""
    kind = suffixes.get(path.suffix.lower())
    if kind is None:
        return f"tệp `{shown_as}` có đuôi không được phép", ASSET_HINT
    size = path.stat().st_size
    limit = MAX_DOCUMENT_BYTES if kind == "pdf" else MAX_IMAGE_BYTES
    if size > limit:
        hint = ("thu nhỏ ảnh (ví dụ rộng 1200 px, chất lượng 80%)" if kind != "pdf"
                else "nén tệp PDF hoặc tách thành nhiều tệp")
        return f"tệp `{shown_as}` quá lớn ({size // 1000} KB, tối đa {limit // 1000} KB)", hint
    with path.open("rb") as handle:
        found = sniff(handle.read(16))
    if found is None:
        return (f"tệp `{shown_as}` không phải ảnh PNG, JPEG, GIF, WebP hay tệp PDF",
                "mở và lưu lại đúng định dạng")
    if found != kind:
        right = "jpg" if found == "jpeg" else found
        return (f"tệp `{shown_as}` có đuôi {path.suffix} nhưng nội dung là {found}",
                f"đổi đuôi tệp thành .{right}")
    if kind != "pdf":
        return check_pixels(path, shown_as, kind)
    return None


def check_pixels(path: Path, shown_as: str, kind: str) -> tuple[str, str] | None:
    """None when the picture's header is sane and the file holds the pixels it claims; else
    (message, hint). Nothing Pillow raises or warns reaches the editor as a traceback."""
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[_PILLOW_FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return _too_many_pixels(shown_as, width, height)
                if kind == "png":
                    if _deflate_cannot_hold(path.stat().st_size, width, height):
                        return _incomplete(shown_as)
                    image.verify()  # every chunk there, with its checksum: no decoding
                else:
                    # JPEG decodes at an eighth of its size; GIF, WebP their first frame.
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_many_pixels(shown_as)
    except Exception:  # any failure of a decoder: the file is what is wrong
        return _incomplete(shown_as)
    return None


_DEFLATE_MAX_RATIO = 1032
"""Deflate (PNG's compression) makes at most 1032 bytes of one byte."""


def _deflate_cannot_hold(size: int, width: int, height: int) -> bool:
    """Whether size bytes are too few for the rows a PNG header claims, at one bit a pixel
    and one filter byte a row: a header that lies, read without decompressing anything."""
    return size * _DEFLATE_MAX_RATIO < height * (1 + (width + 7) // 8)


def _incomplete(shown_as: str) -> tuple[str, str]:
    return (f"ảnh `{shown_as}` bị hỏng hoặc không đầy đủ (dữ liệu trong tệp không đủ cho kích "
            "thước ảnh khai báo ở phần đầu tệp)",
            "mở ảnh bằng phần mềm xem ảnh và lưu lại (hoặc chụp lại màn hình)")


def _too_many_pixels(shown_as: str, width: int = 0, height: int = 0) -> tuple[str, str]:
    size = f"{width} × {height} điểm ảnh" if width else "số điểm ảnh"
    return (f"ảnh `{shown_as}` khai báo {size}, vượt quá {MAX_IMAGE_PIXELS // 1_000_000} triệu "
            "điểm ảnh (có thể là ảnh cố tình làm treo máy)", "thu nhỏ ảnh, ví dụ rộng 1200 px")


def check_image(reference: str, document: Path, content_root: Path) -> tuple[Path | None, str, str]:
    """Resolve an image reference; returns (path, "", "") or (None, message, hint)."""
    if reference.startswith(("/", "\\")) or "://" in reference or reference.startswith("data:"):
        return None, f"ảnh `{reference}` phải là đường dẫn tương đối tới tệp trong content/", (
            "đặt ảnh cạnh tệp index.md của sáng kiến và ghi tên tệp, ví dụ anh.png")
    target = (document.parent / reference).resolve()
    root = content_root.resolve()
    if root not in target.parents:
        return None, f"ảnh `{reference}` nằm ngoài thư mục content/", (
            "đặt ảnh cạnh tệp index.md của sáng kiến")
    if not target.is_file():
        return None, f"không tìm thấy tệp ảnh `{reference}`", (
            "kiểm tra tên tệp (phân biệt hoa thường)")
    if target.suffix.lower() not in ALLOWED_SUFFIXES:
        return None, f"ảnh `{reference}` có đuôi không được phép", (
            "dùng .png, .jpg, .gif hoặc .webp (không dùng .svg vì có thể chứa mã)")
    problem = check_asset(target, reference, ALLOWED_SUFFIXES)
    if problem is not None:
        return None, *problem
    return target, "", ""
