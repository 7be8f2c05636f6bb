"""Relative links and images of a body, judged against the content tree.

A body's `.md` link is published only if it leads to a page: MkDocs resolves a link between
two ordinary pages to the page's address; a link to the file of an innovation, an event or a
month's picks (or from one of them to an ordinary page) is rewritten by the generator to the
address the page is published at (`/sang-kien/<id>/`, site/body_links.py). A link to a file
that is not there, or to a draft (found once every file is loaded: `unpublished_links`), is an
error. An image is published only beside an innovation's page (its folder) or as a file of its
own; anything else would be a broken link on the public site, or a file from outside content/.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .inventory import BUNDLE_PAGE, EVENTS_DIR, FEATURED_DIR, INNOVATIONS_DIR
from .problems import Problem, display_path

_ADDRESS_HINT = ("viết đường dẫn tương đối tới tệp .md của trang, ví dụ "
                 "`../innovations/ten-sang-kien.md`, hoặc địa chỉ trên web, ví dụ "
                 "`/sang-kien/<mã sáng kiến viết thường>/` hoặc `/gioi-thieu/`")
FIELD = "(nội dung)"
"""As bodycheck.FIELD (which imports this module)."""

Link = tuple[str, int, int]
"""A body's link to a page's file: the file's path relative to content/ ('/' separators), and
the line and column of the file where the link is written."""


def generated_kind(rel: str) -> str | None:
    """'innovation', 'event' or 'picks' for the path (relative to content/) of a file the
    generator publishes at an address of its own, as inventory.py classifies it; else None."""
    parts = rel.split("/")
    if not parts[-1].endswith(".md"):
        return None
    if parts[0] == INNOVATIONS_DIR and len(parts) > 1:
        return "innovation"
    if parts[0] == EVENTS_DIR and len(parts) == 2:
        return "event"
    if parts[0] == FEATURED_DIR and len(parts) == 2:
        return "picks"
    return None


@dataclass
class LinkScope:
    root: Path
    """The content folder."""
    pages: frozenset[Path]
    """Ordinary pages: the only files MkDocs publishes at an address of their own."""
    found: dict[Path, list[Link]] = field(default_factory=dict)
    """Links to pages' files, by the file whose body holds them (`take` removes them): whether
    the page is published is known once every file is loaded."""
    last_target: str | None = None
    """The page's file (path under content/) the last link `judge` found sound names; None
    when it named none."""
    _last_source: tuple[Path, bool] | None = None

    def judge(self, source: Path, tag: str, url: str) -> tuple[str, str] | None:
        """(message, hint) when this link or image of the body of `source` leads nowhere."""
        self.last_target = None
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None  # an address of the site or another site, or an anchor
        rel = urllib.parse.unquote(parts.path)
        if tag != "img" and not rel.lower().endswith(".md"):
            return None  # a relative address of the site, read from the page's address
        # Strings, not Path objects: a thousand links a second are judged.
        target = os.path.normpath(os.path.join(os.path.dirname(source), rel))
        target_rel = self._under_root(target)
        if target_rel is None:
            return (f"`{url}` trỏ ra ngoài thư mục content/",
                    "chỉ dùng ảnh và trang nằm trong content/")
        if tag == "img":
            return self._image(source, Path(target), url)
        if not os.path.isfile(target):
            return f"liên kết tới tệp `{rel}` không có", _ADDRESS_HINT
        if self._publishes_bodies(source) and (
                generated_kind(target_rel) is not None or Path(target) in self.pages):
            self.last_target = target_rel
            return None
        return (f"liên kết tới tệp `{rel}`: tệp này không được đăng ở địa chỉ đó",
                _ADDRESS_HINT)

    def _publishes_bodies(self, source: Path) -> bool:
        """A page or a file the generator makes a page of: its links are resolved."""
        if self._last_source is not None and self._last_source[0] is source:
            return self._last_source[1]  # a body's links come one after another
        rel = self._under_root(os.path.normpath(source))
        publishes = source in self.pages or (rel is not None and generated_kind(rel) is not None)
        self._last_source = (source, publishes)
        return publishes

    def _under_root(self, path: str) -> str | None:
        """path (normalised) relative to the content folder, with '/' separators; None when
        it lies outside."""
        root = os.path.normpath(self.root)
        if root == os.curdir:  # `validate .` in the content folder
            outside = os.path.isabs(path) or path == os.pardir or path.startswith(
                os.pardir + os.sep)
            return None if outside or path == os.curdir else path.replace(os.sep, "/")
        if not path.startswith(root + os.sep):
            return None
        return path[len(root) + 1:].replace(os.sep, "/")

    def note(self, source: Path, target: str, line: int, col: int) -> None:
        """A sound link to a page's file (`last_target`), written at line and col."""
        self.found.setdefault(source, []).append((target, line, col))

    def take(self, source: Path) -> tuple[Link, ...]:
        """The links to pages' files of source's body, forgotten here."""
        return tuple(self.found.pop(source, ()))

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


_DRAFT = {"innovation": "sáng kiến này là bản nháp (`draft: true`), chưa được đăng",
          "event": "sự kiện này là bản nháp (`draft: true`), chưa được đăng"}


def unpublished_links(root: Path, links: Mapping[str, Iterable[Link]],
                      published: frozenset[str], drafts: frozenset[str]) -> list[Problem]:
    """A problem for every link whose target is a draft or no longer there (a body checked by
    an earlier build, from the build cache, is not judged again). A target that did not load
    is not reported: its own problems say why. links: by the path of the file that holds
    them; published, drafts: paths of the files published at an address (pages included), and
    of the drafts."""
    problems = []
    for source, found in links.items():
        for target, line, col in found:
            if target in published:
                continue
            if target in drafts:
                reason = _DRAFT.get(generated_kind(target) or "", "tệp này là bản nháp")
                message = f"liên kết tới tệp `{target}`: {reason}"
                hint = "bỏ liên kết, hoặc đăng trang đó trước (bỏ `draft: true`)"
            elif not (root / target).is_file():
                message, hint = f"liên kết tới tệp `{target}` không có", _ADDRESS_HINT
            else:
                continue
            problems.append(Problem(display_path(root / source), line, col, FIELD, message,
                                    hint))
    return problems
