"""Which bulk pages in the site folder a build may leave as the last build wrote them.

For each page it writes, a build with a cache records (build_cache.SITE_PAGE) the digest of
everything the page is made of, the size and the digest of the bytes it wrote, and the page's
search record. The next build, finding the same digest and the file holding those very bytes,
neither renders nor writes the page, and spools the recorded search record again: a build
after one edit writes only what the edit changed (site_folder.py keeps the files through
MkDocs' cleaning). A file changed or removed since (by any means: its size and time are not
trusted, a hand edit may keep both), an entry that fails its own digest, or another site
folder: the page is made and written anew. Reading and hashing a kept page costs a few
microseconds a kilobyte; rendering it, a few milliseconds.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.infra.build_cache import SITE_PAGE, BuildCache
from generator.infra.digests import bytes_digest, digest

_KEY = 16
_SIZE = struct.Struct("<Q")
"""The file's size, as written: a file of another size is not read."""
_BYTES = len(bytes_digest(b""))
"""The digest of the file's bytes, as written (bytes_digest)."""


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
        return digest(self.site_dir, url, "records" if self.respool is not None else "",
                      "bytes")  # entries of the earlier form (size and time) are not read

    def unchanged_many(self, pages: Sequence[tuple[str, bytes, str]]) -> list[bytes | None]:
        """For each page (its address, key and file's path): its recorded search record (b""
        if none) when the file holds the page made of key as the last build wrote it, else
        None (always for an empty key). One lookup for them all; reuse() then takes each
        reused page's record back."""
        entries: dict[int, bytes] = {}
        sizes: dict[int, int] = {}
        for index, (url, key, path) in enumerate(pages):
            if not key:  # a page that cannot be cached is never looked up (nor its entry kept)
                continue
            try:  # first: in an emptied site folder (CI's) no page is looked up in the cache
                sizes[index] = os.stat(path).st_size
            except OSError:
                continue
            entries[index] = self._entry(url)
        stored = self.store.get_many(SITE_PAGE, list(entries.values())) if entries else {}
        found: list[bytes | None] = []
        start = _KEY + _SIZE.size + _BYTES
        for index, (_, key, path) in enumerate(pages):
            value = stored.get(entries[index]) if index in entries else None
            if value is None or len(value) < start or value[:_KEY] != key:
                found.append(None)
                continue
            (size,) = _SIZE.unpack_from(value, _KEY)
            unchanged = (sizes[index] == size
                         and _file_digest(path) == value[_KEY + _SIZE.size:start])
            found.append(value[start:] if unchanged else None)
        return found

    def reuse(self, record: bytes) -> None:
        """A page found unchanged is left as it is: its recorded search record is spooled
        again (in the pages' order, as a made page's would be)."""
        if record and self.respool is not None:
            self.respool(record)
        self.reused += 1

    def wrote(self, url: str, key: bytes, data: bytes, record: bytes | None) -> None:
        """The page made of key was written with these bytes (and this search record)."""
        self.store.put(SITE_PAGE, self._entry(url),
                       key + _SIZE.pack(len(data)) + bytes_digest(data) + (record or b""))


def _file_digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return bytes_digest(handle.read())
    except OSError:
        return None
