"""Which bulk pages in the site folder a build may leave as the last build wrote them.

For each page it writes, a build with a cache records (build_cache.SITE_PAGE) the digest of
everything the page is made of, the size and modification time of the file it wrote, and the
page's search record. The next build, finding the same digest and the file as it was written,
neither renders nor writes the page, and spools the recorded search record again: a build
after one edit writes only what the edit changed (site_folder.py keeps the files through
MkDocs' cleaning). A file changed or removed since, an entry that fails its own digest, or
another site folder: the page is made and written anew.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.content.build_cache import SITE_PAGE, BuildCache, digest

_KEY = 16
_STAT = struct.Struct("<QQ")
"""The file's size and modification time (ns), as written."""


class PageLedger:
    def __init__(self, store: BuildCache, site_dir: Path,
                 respool: Callable[[bytes], None] | None = None) -> None:
        self.store = store
        self.site_dir = str(site_dir.resolve())
        self.respool = respool
        """Takes back a reused page's recorded search record."""
        self.reused = 0

    def _entry(self, url: str) -> bytes:
        # A build without search records must not leave one its successor would reuse.
        return digest(self.site_dir, url, "records" if self.respool is not None else "")

    def unchanged_many(self, pages: Sequence[tuple[str, bytes, str]]) -> list[bytes | None]:
        """For each page (its address, key and file's path): its recorded search record (b""
        if none) when the file holds the page made of key as the last build wrote it, else
        None (always for an empty key). One lookup for them all; reuse() then takes each
        reused page's record back."""
        entries: dict[int, bytes] = {}
        stats: dict[int, os.stat_result] = {}
        for index, (url, key, path) in enumerate(pages):
            if not key:  # a page that cannot be cached is never looked up (nor its entry kept)
                continue
            try:  # first: in an emptied site folder (CI's) no page is looked up in the cache
                stats[index] = os.stat(path)
            except OSError:
                continue
            entries[index] = self._entry(url)
        stored = self.store.get_many(SITE_PAGE, list(entries.values())) if entries else {}
        found: list[bytes | None] = []
        for index, (_, key, _) in enumerate(pages):
            value = stored.get(entries[index]) if index in entries else None
            if value is None or value[:_KEY] != key:
                found.append(None)
                continue
            size, mtime = _STAT.unpack_from(value, _KEY)
            stat = stats[index]
            unchanged = stat.st_size == size and stat.st_mtime_ns == mtime
            found.append(value[_KEY + _STAT.size:] if unchanged else None)
        return found

    def reuse(self, record: bytes) -> None:
        """A page found unchanged is left as it is: its recorded search record is spooled
        again (in the pages' order, as a made page's would be)."""
        if record and self.respool is not None:
            self.respool(record)
        self.reused += 1

    def wrote(self, url: str, key: bytes, path: str, record: bytes | None) -> None:
        stat = os.stat(path)
        self.store.put(SITE_PAGE, self._entry(url),
                       key + _STAT.pack(stat.st_size, stat.st_mtime_ns) + (record or b""))
