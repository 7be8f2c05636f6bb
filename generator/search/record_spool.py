"""Search records on disk as they are made, read back in the index's order.

A build of a million innovations cannot hold a million records (about 3 KB each in memory):
each process that renders pages writes its records into one SQLite file (its own connection,
batched transactions, the write-ahead log letting the others go on), and the indexer reads
them back sorted, newest first, one shard at a time; SQLite sorts on disk.
"""

from __future__ import annotations

import marshal
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .search_record import SearchRecord

_BATCH = 1000
NO_DATE = "9999"
"""Records without a date (pages) come first, as they always have."""


TermMaker = Callable[[SearchRecord], list[list[str]]]


def encode_row(record: SearchRecord, terms: list[list[str]] | None = None) -> bytes:
    """Its sort date, its address and its fields, NUL-separated (neither of the first two
    holds a NUL). The fields in marshal's format: a scratch row, read back by this very
    version (a build cache holding rows is tied to the generator's code, build_cache.py),
    three times faster to write and read than JSON."""
    fields: list[object] = [record.url, record.title, record.content, record.meta,
                            record.filters, record.sort]
    if terms is not None:
        fields.append(terms)
    return b"\0".join([record.sort.get("date", NO_DATE).encode(), record.url.encode(),
                        marshal.dumps(fields)])


class RecordSpool:
    """Records on disk while a build runs, from every forked worker: each adds its own."""

    keeps_rows = True
    """add() gives back the record as add_row takes it again (a reused page's record)."""

    def __init__(self, folder: Path | None = None, terms: TermMaker | None = None) -> None:
        """terms: what the index makes of each record, made as the record is spooled (in the
        worker that rendered its page) and kept with it."""
        self.terms = terms
        self.folder = Path(tempfile.mkdtemp(prefix="sk-records-", dir=folder))
        self.path = self.folder / "records.sqlite"
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: list[tuple[str, str, bytes]] = []
        db = self._db()
        db.execute("CREATE TABLE records (date TEXT, url TEXT, data BLOB)")
        db.commit()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(self.path, timeout=600)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=OFF")  # a scratch file
            self._pid = os.getpid()
            self._pending = []  # a forked worker writes its own records only
        return self._connection

    def add(self, record: SearchRecord) -> bytes:
        """Spool the record; returns it as add_row takes it back (a later build that reuses
        the page its record came from spools it again without making it)."""
        row = encode_row(record, self.terms(record) if self.terms is not None else None)
        self.add_row(row)
        return row

    def add_row(self, row: bytes) -> None:
        self._db()
        date, url, data = row.split(b"\0", 2)
        self._pending.append((date.decode(), url.decode(), data))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        db = self._db()
        with db:
            db.executemany("INSERT INTO records VALUES (?, ?, ?)", self._pending)
        self._pending = []

    def __len__(self) -> int:
        self.flush()
        return int(self._db().execute("SELECT COUNT(*) FROM records").fetchone()[0])

    def __iter__(self) -> Iterator[SearchRecord]:
        return self.ordered()

    def ordered(self) -> Iterator[SearchRecord]:
        """Newest first; records of one date by address."""
        self.flush()
        rows = self._db().execute("SELECT data FROM records ORDER BY date DESC, url")
        for (data,) in rows:
            yield SearchRecord(*marshal.loads(data))

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
        shutil.rmtree(self.folder, ignore_errors=True)


class RecordList:
    """Records in memory (a preview, whose pages are made in its one process; a build without
    search): the same interface as RecordSpool."""

    keeps_rows = False

    def __init__(self) -> None:
        self.records: list[SearchRecord] = []

    def add(self, record: SearchRecord) -> None:
        self.records.append(record)

    def flush(self) -> None:
        pass

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[SearchRecord]:
        return iter(self.records)

    def ordered(self) -> Iterator[SearchRecord]:
        """Newest first; records of one date by address (undated ones first)."""
        by_url = sorted(self.records, key=lambda r: r.url)
        return iter(sorted(by_url, key=lambda r: r.sort.get("date", NO_DATE), reverse=True))

    def close(self) -> None:
        self.records = []


RecordSink = RecordSpool | RecordList
"""Where a build's search records go: on disk or in memory, one interface."""


def in_index_order(records: list[SearchRecord] | RecordSink) -> Iterator[SearchRecord]:
    """Newest first; records of one date by address (undated ones first)."""
    if isinstance(records, list):
        records = _listed(records)
    return records.ordered()


def _listed(records: list[SearchRecord]) -> RecordList:
    listed = RecordList()
    listed.records = records
    return listed
