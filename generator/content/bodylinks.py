"""Relative links and images of a body, judged against the content tree.

A body's `.md` link or image is published only if it leads to something: MkDocs resolves a
link between two ordinary pages to the page's address; innovations, picks and events are
rendered by the generator at addresses of their own (`/sang-kien/<id>/`), and their folder's
images are published beside their page. Anything else would be a broken link on the public
site, or a file from outside content/, so it is an error with the address to use instead.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .inventory import BUNDLE_PAGE

_ADDRESS_HINT = ("dẫn tới trang bằng địa chỉ trên web, ví dụ `/sang-kien/<mã sáng kiến viết "
                 "thường>/` hoặc `/gioi-thieu/`")


@dataclass(frozen=True)
class LinkScope:
    root: Path
    """The content folder."""
    pages: frozenset[Path]
    """Ordinary pages: the only files MkDocs publishes at an address of their own."""

    def judge(self, source: Path, tag: str, url: str) -> tuple[str, str] | None:
        """(message, hint) when this link or image of the body of `source` leads nowhere."""
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None  # an address of the site or another site, or an anchor
        rel = urllib.parse.unquote(parts.path)
        if tag != "img" and not rel.lower().endswith(".md"):
            return None  # a relative address of the site, read from the page's address
        target = Path(os.path.normpath(source.parent / rel))
        if not target.is_relative_to(self.root):
            return (f"`{url}` trỏ ra ngoài thư mục content/",
                    "chỉ dùng ảnh và trang nằm trong content/")
        if tag == "img":
            return self._image(source, target, url)
        if not target.is_file():
            return f"liên kết tới tệp `{rel}` không có", _ADDRESS_HINT
        if source in self.pages and target in self.pages:
            return None
        return (f"liên kết tới tệp `{rel}`: tệp này không được đăng ở địa chỉ đó",
                _ADDRESS_HINT)

    def _image(self, source: Path, target: Path, url: str) -> tuple[str, str] | None:
        if not target.is_file():
            return (f"ảnh `{url}` không có trong content/",
                    "đặt ảnh cạnh tệp và viết tên tệp ảnh, ví dụ `![Mô tả](anh.jpg)`")
        if source in self.pages:
            return None
        if source.name == BUNDLE_PAGE and target.is_relative_to(source.parent):
            return None  # published beside the innovation's page
        return (f"ảnh `{url}` không được đăng cạnh trang này",
                "đặt sáng kiến vào thư mục riêng (`ten-sang-kien/index.md`) và ảnh trong "
                "thư mục đó")
