"""What one build made, kept for the next: an SQLite database under .cache/, keyed by content.

Each entry is a kind ("innovation", "body", "site-page", ...), a key (a digest of everything
the value is made from) and the value's bytes with their own digest. Nothing read is trusted:
a value whose digest does not match is a miss; a file SQLite cannot read, or one written by
another version of the generator (its code, its libraries), is deleted and made again. Values
are bytes (JSON, HTML, workbooks, marshal's plain values for search records), never
pickles: a cache restored by CI is data, not code to run.

Forked workers open their own connection (a connection must not cross a fork); writes are
batched, one transaction per batch, and SQLite's write-ahead log lets the others read
meanwhile. Entries not used by a whole build are swept at its end, so the file holds one
build's worth.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.infra.digests import digest

log = logging.getLogger("mkdocs.plugins.generator.cache")

SCHEMA = 2
DATABASE_FILE = "sang-kien.sqlite"
DAMAGED_MARK = "sang-kien.damaged"
"""Left beside the database by a process that found it damaged: the next build discards it."""
INNOVATION = "innovation"
BODY = "body"
"""A Markdown body as HTML, by its text and the Markdown settings."""
PAGE_BODY = "page-body"
"""A bulk page's own part (what its body template makes), by everything it shows."""
SITE_PAGE = "site-page"
"""A bulk page as the last build wrote it into the site folder: what it was made of, its
file's size and time, its search record (adapter/page_ledger.py)."""
RELATED_CHOICES = "related"
"""The related initiatives of every innovation, by what choosing them reads (site/related.py)."""
WORKBOOK = "workbook"
"""A monthly report's workbook, by everything it shows (site/workbooks.py's plan)."""
INDEX_FILES = "index-files"
"""The files of a partitioned search index as a build wrote them: digest, size, time."""
CACHE_KINDS = (INNOVATION, BODY, PAGE_BODY, SITE_PAGE, RELATED_CHOICES, WORKBOOK, INDEX_FILES)
_COMPRESSED = (BODY, PAGE_BODY, SITE_PAGE, RELATED_CHOICES)
"""HTML, a third of its size compressed; zlib at its fastest level."""
_BATCH = 2000
"""Entries written per transaction."""
_KEYS_PER_QUERY = 500
"""Keys looked up by one SELECT (SQLite allows 32,766 parameters)."""
_LIBRARIES = ("markdown", "nh3", "mkdocs", "mkdocs-material", "pyyaml", "selectolax", "xlsxwriter")
"""Libraries whose versions change what the generator makes of the same content."""


def code_fingerprint() -> str:
    """The generator's own sources and the versions of the libraries it builds with."""
    package = Path(__file__).resolve().parent.parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".yml"):
            hasher.update(path.relative_to(package).as_posix().encode())
            hasher.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        hasher.update(f"{name}={version};".encode())
    # Workbooks and the index's files are kept compressed: the same zlib, the same bytes.
    hasher.update(f"python={sys.version};zlib={zlib.ZLIB_RUNTIME_VERSION}".encode())
    return f"{SCHEMA}:{hasher.hexdigest()}"


@dataclass
class CacheStats:
    hits: dict[str, int] = field(default_factory=dict)
    misses: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    """Entries whose bytes did not match their digest."""

    def add(self, kind: str, hits: int, misses: int) -> None:
        self.hits[kind] = self.hits.get(kind, 0) + hits
        self.misses[kind] = self.misses.get(kind, 0) + misses


class BuildCache:
    """The database at folder/sang-kien.sqlite for one build (or one preview server)."""

    LOCK_TIMEOUT = 120.0
    """Seconds to wait for another process's write (a forked worker's batch, another build)."""

    def __init__(self, folder: Path, fingerprint: str | None = None) -> None:
        self.folder = folder
        self.path = folder / DATABASE_FILE
        self.fingerprint = fingerprint or code_fingerprint()
        self.stats = CacheStats()
        self.reset_reason: str | None = None
        """Why the database was made anew this build (None: it was used as it was)."""
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: list[tuple[str, bytes, bytes, bytes]] = []
        self._used: list[tuple[str, bytes]] = []
        self._run = 0
        self._open_checked()

    # -- opening --------------------------------------------------------------------------

    def _open_checked(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._damaged_mark.exists():
            self._discard("lần dựng trước thấy tệp bị hỏng")
        try:
            self._run = self._prepare()
        except sqlite3.OperationalError:
            raise  # locked by another build, or not ours to open: not damage, not deleted
        except sqlite3.DatabaseError as exc:
            self._discard(f"không đọc được ({exc})")
            self._run = self._prepare()

    @property
    def _damaged_mark(self) -> Path:
        return self.folder / DAMAGED_MARK

    def _damaged(self, exc: sqlite3.DatabaseError) -> None:
        """SQLite found the file damaged: what it could not read is made again in this build,
        and the next build starts with a new file. (Not a quick_check at every opening: it
        reads the whole file; every value has its digest.)"""
        if not isinstance(exc, sqlite3.OperationalError):  # a lock, a full disk: not damage
            self._damaged_mark.touch()

    def _prepare(self) -> int:
        db = self._db()
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        stored = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        if stored is not None and stored[0] != self.fingerprint:
            self.reset_reason = "trình dựng hoặc thư viện đã đổi phiên bản"
            for table in ("entries", "marks", "counts"):  # another layout, maybe
                db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute("CREATE TABLE IF NOT EXISTS counts (run INTEGER, kind TEXT, hits INTEGER, "
                   "misses INTEGER, rejected INTEGER)")
        db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key BLOB, value BLOB, "
                   "checksum BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID")
        # The last build that used each entry, apart from its value: marking an entry used
        # rewrites a row of a few dozen bytes, not the value.
        db.execute("CREATE TABLE IF NOT EXISTS marks (kind TEXT, key BLOB, run INTEGER, "
                   "PRIMARY KEY (kind, key)) WITHOUT ROWID")
        db.execute("DELETE FROM counts")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
        row = db.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
        run = int(row[0]) + 1 if row is not None else 1
        db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (str(run),))
        db.commit()
        return run

    def _discard(self, reason: str) -> None:
        """Delete a database that cannot be trusted, with its journal files."""
        self.reset_reason = reason
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._damaged_mark.unlink(missing_ok=True)

    def _db(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own)."""
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(self.path, timeout=self.LOCK_TIMEOUT)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._pid = os.getpid()
            # A forked worker counts and writes its own part only.
            self._pending, self._used, self.stats = [], [], CacheStats()
        return self._connection

    # -- entries --------------------------------------------------------------------------

    def get(self, kind: str, key: bytes) -> bytes | None:
        return self.get_many(kind, [key]).get(key)

    def get_many(self, kind: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The values held for keys (one query per few hundred: a loader asks for 100,000)."""
        rows: list[tuple[bytes, bytes, bytes]] = []
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start:start + _KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            try:
                rows += self._db().execute(
                    f"SELECT key, value, checksum FROM entries WHERE kind = ? AND key IN "
                    f"({marks})", (kind, *chunk)).fetchall()
            except sqlite3.DatabaseError as exc:
                log.warning("bộ nhớ đệm: không đọc được (%s); dựng lại phần này", exc)
                self._damaged(exc)
        found: dict[bytes, bytes] = {}
        for key, value, checksum in rows:
            if digest(value) != checksum:
                # Changed on disk: made again, and written over.
                self.stats.rejected[kind] = self.stats.rejected.get(kind, 0) + 1
                continue
            found[key] = zlib.decompress(value) if kind in _COMPRESSED else bytes(value)
            self._used.append((kind, key))
        hits = sum(1 for key in keys if key in found)
        self.stats.add(kind, hits, len(keys) - hits)
        if len(self._used) >= 10 * _BATCH:  # a build that only reads: its marks, in batches
            self.flush()
        return found

    def keep(self, kind: str, key: bytes) -> None:
        """Mark an entry used by this build without reading it: what a page left in the site
        folder as the last build wrote it is made of, needed again if the file goes."""
        self._db()
        self._used.append((kind, key))
        if len(self._used) >= 10 * _BATCH:
            self.flush()

    def put(self, kind: str, key: bytes, value: bytes) -> None:
        self._db()
        if kind in _COMPRESSED:
            value = zlib.compress(value, 1)
        self._pending.append((kind, key, value, digest(value)))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what this process made and mark what it used as part of this build."""
        stats, self.stats = self.stats, CacheStats()
        if not (self._pending or self._used or stats.hits or stats.misses):
            return
        db = self._db()
        kinds = sorted({*stats.hits, *stats.misses})
        try:
            with db:
                db.executemany("INSERT INTO counts VALUES (?, ?, ?, ?, ?)", [
                    (self._run, kind, stats.hits.get(kind, 0), stats.misses.get(kind, 0),
                     stats.rejected.get(kind, 0)) for kind in kinds])
                # In key order: neighbouring rows share the B-tree's pages (a third faster).
                # The last value put for a key is the one kept, as it was unsorted.
                latest = {(kind, key): row for row in self._pending for kind, key, _, _ in [row]}
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                               [latest[kind_key] for kind_key in sorted(latest)])
                db.executemany("INSERT OR REPLACE INTO marks VALUES (?, ?, ?)",
                               [(kind, key, self._run) for kind, key
                                in sorted({*latest, *self._used})])
        except sqlite3.DatabaseError as exc:
            log.warning("bộ nhớ đệm: không ghi được (%s)", exc)
            self._damaged(exc)
        self._pending, self._used = [], []

    def sweep(self, kinds: Iterable[str]) -> int:
        """Remove entries of kinds that this whole build did not use; how many."""
        self.flush()
        db = self._db()
        removed = 0
        try:
            with db:
                for kind in kinds:
                    # Every entry is written with its mark, so the unused ones are found in
                    # the marks alone: the entries (values and all) are not scanned.
                    removed += db.execute(
                        "DELETE FROM entries WHERE kind = ? AND key IN "
                        "(SELECT key FROM marks WHERE kind = ? AND run < ?)",
                        (kind, kind, self._run)).rowcount
                    db.execute("DELETE FROM marks WHERE kind = ? AND run < ?",
                               (kind, self._run))
        except sqlite3.DatabaseError as exc:
            log.warning("bộ nhớ đệm: không dọn được (%s)", exc)
            self._damaged(exc)
        return removed

    def close(self) -> None:
        self.flush()
        if self._connection is not None and self._pid == os.getpid():
            try:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.DatabaseError as exc:
                self._damaged(exc)
            self._connection.close()
        self._connection = None

    def totals(self) -> dict[str, tuple[int, int]]:
        """Hits and misses of this build by kind, every process's counted."""
        self.flush()
        rows = self._db().execute("SELECT kind, SUM(hits), SUM(misses) FROM counts WHERE "
                                  "run = ? GROUP BY kind ORDER BY kind", (self._run,))
        return {kind: (hits, misses) for kind, hits, misses in rows}

    def rejected(self) -> int:
        self.flush()
        row = self._db().execute("SELECT SUM(rejected) FROM counts WHERE run = ?",
                                 (self._run,)).fetchone()
        return int(row[0] or 0)

    def summary(self) -> str:
        try:
            totals, rejected = self.totals(), self.rejected()
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)
            return f"bộ nhớ đệm: không đọc được ({exc}); lần dựng sau sẽ tạo mới"
        parts = [f"{kind} {hits}/{hits + misses}" for kind, (hits, misses) in totals.items()]
        text = "bộ nhớ đệm: dùng lại " + (", ".join(parts) or "không có gì")
        if rejected:
            text += f"; {rejected} mục hỏng đã dựng lại"
        if self.reset_reason:
            text += f"; tạo mới vì {self.reset_reason}"
        return text
