"""A search index a browser queries by opening a bounded number of small files, at any size.

Nothing a query opens grows with the catalog (the layout is read by
overrides/assets/javascripts/sk-search-parts.js):

- ``index.json``: the number of documents and the first term of each dictionary part.
- ``t/P.json.gz``: dictionary part P, consecutive terms in sorted order (so a word, or the
  start of one, lies in one or two parts). Per term: the term, its document frequency, its
  first block of postings and where its further blocks start.
- ``b/P/I-K.json.gz``: block K of the postings of term I of part P, loaded only when the
  first blocks of a query's words do not give enough results.
- ``d/G/PAGE.json.gz``: what a result shows (title, address, unit, summary...), DOCS_PER_PAGE
  documents a file, fetched only for results shown.

Documents are numbered newest first (as the search page's "newest first" wants), so the first
block of each word holds its newest documents: a query reads the first blocks of its words
and shows matches at once, whatever the size. A posting is ``gap * 4 + tier`` (tier 2: the
word is in the title; 1: in the summary or the tags; 0: elsewhere), gaps from the last
document, as JSON numbers (a host serves the files as written: gzipped here). Filters are
terms of their own: "~unit=Công đoàn ...".

The builder reads records once, in any number, in the order a record spool gives them
(sorted on disk); sorted runs of postings spill to a scratch folder and are merged, so memory
stays bounded; the same records give the same bytes. A record's terms may come with it, made
by the worker that rendered its page (record_terms).
"""

from __future__ import annotations

import array
import collections
import contextlib
import gc
import gzip
import heapq
import itertools
import json
import marshal
import os
import re
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.infra.build_cache import INDEX_FILES, BuildCache
from generator.infra.digests import digest
from generator.site.vietnamese import fold

from .record_spool import RecordSink, in_index_order
from .search_record import AUTHOR_SEPARATOR, SearchRecord

ENGINE = "partitioned"
MANIFEST = "index.json"
DOCS_PER_PAGE = 16
"""Documents per display file: a result shown costs at most one such file (~2.5 KB gzipped)."""
BLOCK_SIZES = (128, 512, 2048, 8192)
"""Postings per block of a term, the first inline in its dictionary part; the last size
repeats. Small first blocks keep a common word's cost to the reader small; larger later
blocks keep the number of files of a long list small."""
PART_BYTES = 24 * 1024
"""Raw JSON bytes per dictionary part (about a third of that gzipped)."""
POSTINGS_PER_RUN = 6_000_000
"""Postings held in memory (4 bytes each) before a sorted run spills."""
FILTER_PREFIX = "~"
"""Filter terms, "~unit=Công đoàn ...": after every folded word, out of any word's prefix."""

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PartitionedStats:
    documents: int
    terms: int
    parts: int
    files: int


def filter_term(key: str, value: str) -> str:
    return f"{FILTER_PREFIX}{key}={value}"


class _Folder(dict[str, str]):
    """fold() of each distinct word, remembered: words repeat across records, and folding
    text character by character is the slow part of indexing."""

    LIMIT = 500_000
    """Distinct words remembered at most: unusual words do not accumulate."""

    def __missing__(self, word: str) -> str:
        folded = self[word] = fold(word)
        return folded

    def words(self, text: str) -> map[str]:
        """The folded distinct words of text."""
        return map(self.__getitem__, set(_WORD.findall(unicodedata.normalize("NFC",
                                                                             text).lower())))


def _dump_run(rows: list[Any], scratch: Path, name: str) -> Path:
    path = scratch / name
    with path.open("wb") as out:
        for row in rows:
            marshal.dump(row, out)
    return path


def _read_run(path: Path) -> Iterator[Any]:
    with path.open("rb") as stream:
        while True:
            try:
                yield marshal.load(stream)
            except EOFError:
                return


class _Files:
    """The index's gzipped files, each written unless the folder holds it as the last build
    wrote it: after one edit most files are the same. `last`: each file's digest of what it
    holds, its size and the digest of its bytes as that build wrote them (its time is not
    trusted: a hand edit may keep it)."""

    def __init__(self, output: Path, last: dict[str, list[Any]] | None) -> None:
        self.output = output
        self.last = last or {}
        self.made: dict[str, list[Any]] = {}
        self.folders: set[str] = set()
        """Folders made by this build, each once."""

    def folder(self, relative: str) -> None:
        if relative not in self.folders:
            (self.output / relative).mkdir(parents=True, exist_ok=True)
            self.folders.add(relative)

    def write(self, relative: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        key = digest(data).hex()
        path = f"{self.output}/{relative}"
        last = self.last.get(relative)
        if last is not None and last[0] == key and len(last) == 3:
            try:
                with open(path, "rb") as held:
                    found = held.read()
            except OSError:
                found = None
            if found is not None and [len(found), digest(found).hex()] == last[1:]:
                self.made[relative] = last
                return
        packed = gzip.compress(data, compresslevel=6, mtime=0)
        with open(path, "wb") as out:
            out.write(packed)
        self.made[relative] = [key, len(packed), digest(packed).hex()]

    def remove_others(self) -> None:
        """Files of the folder this build did not make (a smaller index's, or strangers), and
        the folders they leave empty."""
        for folder, subfolders, names in os.walk(self.output, topdown=False):
            base = os.path.relpath(folder, self.output).replace(os.sep, "/")
            for name in names:
                relative = name if base == "." else f"{base}/{name}"
                if relative not in self.made and relative != MANIFEST:
                    os.unlink(os.path.join(folder, name))
            for name in subfolders:
                if (name if base == "." else f"{base}/{name}") not in self.folders:
                    with contextlib.suppress(OSError):  # not empty
                        os.rmdir(os.path.join(folder, name))


def _display(record: SearchRecord) -> list[str]:
    """What a result shows: url, title, kind, unit, category, date, summary, tags."""
    meta = record.meta
    return [record.url, record.title, *(meta.get(k, "") for k in (
        "kind", "unit", "category", "date", "summary", "tags"))]


def _new_postings() -> array.array[int]:
    return array.array("I")


class _Postings:
    """Postings by term, spilled in sorted runs when memory's share is used."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.terms: defaultdict[str, array.array[int]] = defaultdict(_new_postings)
        self.held = 0
        self.runs: list[Path] = []

    def add(self, doc: int, tiers: list[list[str]]) -> None:
        """The document's terms, by tier: each term's postings get doc << 2 | tier."""
        table = self.terms
        for tier, terms in enumerate(tiers):
            # A loop in C (map, deque): this is the builder's innermost loop.
            collections.deque(map(array.array.append, map(table.__getitem__, terms),
                                  itertools.repeat(doc << 2 | tier)), maxlen=0)
            self.held += len(terms)
        if self.held >= POSTINGS_PER_RUN:
            self.spill()

    def spill(self) -> None:
        rows = ((term, self.terms[term].tobytes()) for term in sorted(self.terms))
        self.runs.append(_dump_run(list(rows), self.scratch, f"postings-{len(self.runs)}"))
        self.terms, self.held = defaultdict(_new_postings), 0

    def merged(self) -> Iterator[tuple[str, array.array[int]]]:
        """Every term in code point order with all its postings, in document order: runs
        hold consecutive documents, and heapq.merge keeps runs in order for equal terms."""
        if not self.runs:
            for term in sorted(self.terms):
                yield term, self.terms[term]
            return
        if self.terms:
            self.spill()
        stream = heapq.merge(*(_read_run(path) for path in self.runs), key=lambda row: row[0])
        for term, group in itertools.groupby(stream, key=lambda row: row[0]):
            postings = array.array("I")
            for _, raw in group:
                postings.frombytes(raw)
            yield term, postings


_WORDS = _Folder()
"""This process's folded words (a forked page writer has its own)."""


def record_terms(record: SearchRecord, folder: _Folder = _WORDS) -> list[list[str]]:
    """A record's terms by their best tier: elsewhere (and its filters), in the summary or
    tags, in the title. Made once per record: by the worker that rendered its page when the
    build spools its records (record_spool.py), else here."""
    meta = record.meta
    if len(folder) > folder.LIMIT:
        folder.clear()
    titled = set(folder.words(record.title))
    near = set(folder.words(meta.get("summary", "") + " " + meta.get("tags", ""))) - titled
    body = set(folder.words(" ".join((record.content, meta.get("unit", ""),
                                      meta.get("category", "")))))
    body -= titled
    body -= near
    body.update(filter_term(key, value) for key, values in record.filters.items()
                for value in values)
    # Who and what a reader may type whole: the search page puts these matches first.
    body.update(filter_term(key, identity_value(value)) for key, values in (
        ("id", [meta.get("id", "")]),
        ("author", meta.get("authors", "").split(AUTHOR_SEPARATOR))) for value in values
        if value.strip())
    return [list(body), list(near), list(titled)]


def identity_value(text: str) -> str:
    """An id or a name as one term: its folded words in order, one space between them
    ("EVNNPT-2022-0034" -> "evnnpt 2022 0034", "Nguyễn Văn An" -> "nguyen van an"), as the
    search page folds what the reader typed (sk-search.js)."""
    return " ".join(fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text)
                                                          .lower()))


def _blocks(postings: array.array[int]) -> Iterator[tuple[int, list[int]]]:
    """(first document, encoded postings) per block; gaps from the block's first document."""
    start = 0
    for index in itertools.count():
        if start >= len(postings):
            return
        size = BLOCK_SIZES[min(index, len(BLOCK_SIZES) - 1)]
        chunk = postings[start:start + size]
        first = chunk[0] >> 2 if index else 0
        previous = first
        encoded = []
        for value in chunk:
            doc = value >> 2
            encoded.append((doc - previous) << 2 | (value & 3))
            previous = doc
        yield first, encoded
        start += size


class _Dictionary:
    """Dictionary parts written in term order, each about PART_BYTES of JSON."""

    def __init__(self, files: _Files) -> None:
        self.files = files
        self.entries: list[list[Any]] = []
        self.size = 0
        self.firsts: list[str] = []
        self.count = 0
        """Files made."""
        self.terms = 0
        files.folder("t")
        files.folder("b")

    def add(self, term: str, postings: array.array[int]) -> None:
        part, slot = len(self.firsts), len(self.entries)
        blocks = list(_blocks(postings))
        starts = [first for first, _ in blocks[1:]]
        for index, (_first, encoded) in enumerate(blocks[1:], start=1):
            self.files.folder(f"b/{part}")
            self.files.write(f"b/{part}/{slot}-{index}.json.gz", encoded)
            self.count += 1
        entry = [term, len(postings), blocks[0][1], starts]
        self.entries.append(entry)
        self.terms += 1
        self.size += len(term) + 4 * len(blocks[0][1]) + 8 * len(starts) + 16
        if self.size >= PART_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.entries:
            return
        self.firsts.append(self.entries[0][0])
        self.files.write(f"t/{len(self.firsts) - 1}.json.gz", self.entries)
        self.count += 1
        self.entries, self.size = [], 0


def build_partitioned(records: list[SearchRecord] | RecordSink, output: Path,
                      scratch: Path | None = None, store: BuildCache | None = None
                      ) -> PartitionedStats:
    """Write the partitioned index of records into output. With a build cache (store), the
    files the last build wrote there that this one makes the same are left as they are, and
    those it no longer makes removed; without, the folder is emptied first."""
    entry = digest(ENGINE, str(output.resolve()))
    last = _last_files(store, entry) if store is not None else None
    if last is None and output.exists():
        shutil.rmtree(output)
    files = _Files(output, last)
    files.folder("d")
    # Millions of short-lived tuples and lists, freed by reference counting; the cyclic
    # collector's passes over a growing heap would make the build superlinear.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        stats = _build(records, files, scratch)
    finally:
        if was_enabled:
            gc.enable()
    if last is not None:
        files.remove_others()
    if store is not None:
        store.put(INDEX_FILES, entry, json.dumps(files.made, separators=(",", ":")).encode())
    return stats


def _last_files(store: BuildCache, entry: bytes) -> dict[str, list[Any]] | None:
    """What the last build wrote into the folder; None if unknown."""
    stored = store.get(INDEX_FILES, entry)
    try:
        last = json.loads(stored) if stored is not None else None
    except ValueError:
        return None
    return last if isinstance(last, dict) else None


def _build(records: list[SearchRecord] | RecordSink, files: _Files,
           scratch: Path | None) -> PartitionedStats:
    with tempfile.TemporaryDirectory(prefix="sk-parts-", dir=scratch) as folder:
        work = Path(folder)
        postings = _Postings(work)
        words = _Folder()
        page: list[list[str]] = []
        documents = 0
        count = 1
        for record in in_index_order(records):
            postings.add(documents, record.terms or record_terms(record, words))
            page.append(_display(record))
            documents += 1
            if len(page) == DOCS_PER_PAGE:
                count += _write_page(files, documents - 1, page)
                page = []
        if page:
            count += _write_page(files, documents - 1, page)
        words.clear()
        dictionary = _Dictionary(files)
        for term, held in postings.merged():
            dictionary.add(term, held)
        dictionary.flush()
    manifest = {"engine": ENGINE, "version": 1, "documents": documents,
                "pageSize": DOCS_PER_PAGE, "parts": dictionary.firsts}
    (files.output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False,
                                                    separators=(",", ":")), encoding="utf-8")
    return PartitionedStats(documents, dictionary.terms, len(dictionary.firsts),
                            count + dictionary.count)


def _write_page(files: _Files, last_doc: int, page: list[list[str]]) -> int:
    number = last_doc // DOCS_PER_PAGE
    files.folder(f"d/{number // 1000}")
    files.write(f"d/{number // 1000}/{number}.json.gz", page)
    return 1
