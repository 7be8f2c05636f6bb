"""Every path under content/ accounted for: what kind of file it is, or why it may not be there.

MkDocs publishes whatever lies in its docs folder; the site publishes only what this inventory
accepted and the checker then checked (the plugin removes everything else from MkDocs' files).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .images import ALLOWED_SUFFIXES, check_asset
from .problems import Problem, display_path

INNOVATIONS_DIR = "innovations"
FEATURED_DIR = "featured"
EVENTS_DIR = "events"
PROGRAM_FILE = "program.yml"
UNITS_FILE = "units.yml"
BUNDLE_PAGE = "index.md"
"""An innovation given as a folder: this file, with its images beside it."""

_MARKDOWN_LOOKALIKES = re.compile(r"\.(md|markdown|mdown|mkdn?|mdwn|mdtext|txt)$", re.IGNORECASE)
_FIELD = "(tệp)"
_URL_SAFE_NAME = re.compile(r"[A-Za-z0-9._~-]+")
"""An image's name as it may stand in <img src> and og:image without percent-encoding."""


@dataclass
class Inventory:
    """The files of a content tree by kind, and the problems of those of no allowed kind."""

    innovations: list[Path] = field(default_factory=list)
    """Emptied by loader.load_content once they are read."""
    months: list[Path] = field(default_factory=list)
    events: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    """Ordinary Markdown pages, published by MkDocs at their own address."""
    assets: list[Path] = field(default_factory=list)
    """Images and PDFs outside the innovations, published at their own path."""
    bundle_assets: dict[Path, list[Path]] = field(default_factory=dict)
    """Images and PDFs of an innovation's folder, published beside its page."""
    problems: list[Problem] = field(default_factory=list)

    def published_as_is(self, root: Path) -> frozenset[str]:
        """Paths, relative to root, of the files MkDocs may publish itself."""
        return frozenset(p.relative_to(root).as_posix() for p in (*self.pages, *self.assets))


def take_inventory(root: Path) -> Inventory:
    """Walk root without following links."""
    inventory = Inventory()
    _walk(root, inventory)
    return inventory


def _walk(folder: Path, inventory: Inventory, prefix: str = "") -> None:
    """prefix: the folder's path relative to the content folder, with a trailing slash
    (string operations: a million files are walked on every build)."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    names = {entry.name for entry in entries}
    first_of: dict[str, str] = {}
    """Names folded (NFC, case) -> the first name so folded, to find two that differ only so."""
    for entry in entries:
        path = Path(entry.path)
        rel = prefix + entry.name

        def refuse(message: str, hint: str, path: Path = path) -> None:
            inventory.problems.append(Problem(display_path(path), 1, 1, _FIELD, message, hint))

        nfc = unicodedata.normalize("NFC", entry.name)
        folded = nfc.casefold()
        if folded in first_of:
            refuse(f"`{rel}` và `{prefix + first_of[folded]}` chỉ khác nhau ở chữ hoa/thường "
                   "hoặc cách mã hóa dấu tiếng Việt: trên Windows, macOS và trên trang web "
                   "chúng là một", "đổi tên hoặc xóa một trong hai")
        else:
            first_of[folded] = entry.name
        if nfc != entry.name:
            refuse(f"tên `{rel}` được lưu với dấu tiếng Việt ở dạng tổ hợp (Unicode NFD)",
                   f"đổi tên thành `{nfc}` (gõ lại tên, dạng dựng sẵn NFC)")

        if entry.is_symlink():
            refuse("liên kết tượng trưng (symlink) không được phép trong content/",
                   "thay liên kết bằng chính tệp hoặc thư mục đó")
        elif entry.name.startswith("."):
            refuse(f"tệp hoặc thư mục ẩn `{entry.name}` không được đăng",
                   "xóa nó khỏi content/ (tệp ẩn thường do hệ điều hành tạo ra)")
        elif entry.is_dir(follow_symlinks=False):
            _walk(path, inventory, rel + "/")
        elif not entry.is_file(follow_symlinks=False):
            refuse("không phải tệp thường", "xóa nó khỏi content/")
        else:
            _classify(path, rel, BUNDLE_PAGE in names, refuse, inventory)


def _classify(path: Path, rel: str, in_bundle: bool, refuse: Callable[[str, str], None],
              inventory: Inventory) -> None:
    parts = rel.split("/")
    top, name = parts[0], parts[-1]
    if name.endswith(".md"):
        if top == INNOVATIONS_DIR and len(parts) > 1:
            inventory.innovations.append(path)
        elif top == FEATURED_DIR and len(parts) == 2:
            inventory.months.append(path)
        elif top == EVENTS_DIR and len(parts) == 2:
            inventory.events.append(path)
        elif top in (FEATURED_DIR, EVENTS_DIR):
            refuse(f"thư mục {top}/ không chứa thư mục con", f"đặt tệp ngay trong {top}/")
        else:
            inventory.pages.append(path)
        return
    if _MARKDOWN_LOOKALIKES.search(name):
        refuse(f"tệp `{name}` có đuôi `{path.suffix}`: chỉ tệp đuôi `.md` (chữ thường) được đọc",
               f"đổi tên thành {path.stem}.md")
        return
    if len(parts) == 1 and name in (PROGRAM_FILE, UNITS_FILE):
        return  # read by the loader
    if name.endswith((".yml", ".yaml")):
        refuse(f"tệp dữ liệu `{name}` không được dùng",
               f"chỉ có {PROGRAM_FILE} và {UNITS_FILE} ở thư mục gốc content/")
        return
    if top in (FEATURED_DIR, EVENTS_DIR):
        refuse(f"thư mục {top}/ chỉ chứa tệp .md", "đặt ảnh trong thư mục của sáng kiến")
        return
    if path.suffix.lower() in ALLOWED_SUFFIXES and not _URL_SAFE_NAME.fullmatch(name):
        refuse(f"tên ảnh `{name}` có ký tự phải mã hóa khi đặt vào địa chỉ web (dấu cách, dấu "
               "tiếng Việt, #, ?, %, dấu ngoặc kép...)",
               f"đổi tên thành `{url_safe_name(name)}` (chữ thường không dấu, nối bằng '-')")
        return
    problem = check_asset(path, name)
    if problem is not None:
        refuse(*problem)
    elif top == INNOVATIONS_DIR:
        if in_bundle:
            inventory.bundle_assets.setdefault(path.parent, []).append(path)
        else:
            refuse(f"tệp `{name}` không thuộc sáng kiến nào",
                   "đặt ảnh trong thư mục riêng của sáng kiến, cạnh tệp index.md")
    else:
        inventory.assets.append(path)


def url_safe_name(name: str) -> str:
    """An ASCII name to propose for a file: lowercase, without tones, words joined by '-'."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    letters = unicodedata.normalize("NFD", stem.replace("đ", "d").replace("Đ", "D"))
    ascii_stem = letters.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-") or "anh"
    return f"{slug}.{suffix.lower()}" if suffix else slug
