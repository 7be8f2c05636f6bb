"""Image references of innovations: inside content/, present, a real raster image, small."""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 1_000_000
"""Readers are often on phones: an illustration over 1 MB is refused (resize it first)."""

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
ALLOWED_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}


def sniff(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


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
    kind = ALLOWED_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        return None, f"ảnh `{reference}` có đuôi không được phép", (
            "dùng .png, .jpg, .gif hoặc .webp (không dùng .svg vì có thể chứa mã)")
    size = target.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return None, f"ảnh `{reference}` quá lớn ({size // 1000} KB, tối đa "
        f"{MAX_IMAGE_BYTES // 1000} KB)", "thu nhỏ ảnh (ví dụ rộng 1200 px, chất lượng 80%)"
    with target.open("rb") as handle:
        found = sniff(handle.read(16))
    if found is None:
        return None, f"tệp `{reference}` không phải ảnh PNG, JPEG, GIF hay WebP", (
            "mở và lưu lại đúng định dạng ảnh")
    if found != kind and {found, kind} != {"jpeg"}:
        return None, f"tệp `{reference}` có đuôi {target.suffix} nhưng nội dung là {found}", (
            f"đổi đuôi tệp thành .{'jpg' if found == 'jpeg' else found}")
    return target, "", ""
