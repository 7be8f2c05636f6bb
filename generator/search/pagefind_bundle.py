"""Rewrites of a Pagefind bundle after Pagefind wrote it: stable bytes, small word chunks.

Both keep Pagefind's own file format (gzipped "pagefind_dcd" + CBOR), so its browser code
reads the result as it reads its own:

- Pagefind writes filter values in hash-map order: two builds of the same content would give
  different bytes and file names. The values are sorted here.
- Pagefind cuts its word index into chunks by number of word positions, so a chunk holding a
  common word weighs 100-230 KB gzipped at 10,000 innovations, and a reader's first search
  downloads a whole chunk per query word. The words are regrouped here into chunks of about
  CHUNK_BYTES gzipped.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import io
import itertools
import json
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2

CHUNK_BYTES = 12 * 1024
"""Aim for word chunks of about this many gzipped bytes (a word on its own may be more).
Smaller chunks cost the reader less per query word, but each chunk adds a line to the meta
file every search downloads first."""
PREFIX_KEPT = 3
_PREFIX = b"pagefind_dcd"
_HASH_DIGITS = 7
_META_DIGITS = 10


Word = tuple[str, bytes, int]
"""A word of the index: the word, its CBOR bytes, their size compressed."""


class BundleError(RuntimeError):
    pass


def tidy_bundle(output: Path, chunk_bytes: int = CHUNK_BYTES) -> None:
    """Sort the filter values and regroup the word index of the bundle in output."""
    # Decoding makes millions of short-lived lists, freed by reference counting; in a
    # process holding a whole catalog, the cyclic collector's passes took five times as long
    # (measured at 10,000: 6.0 s against 1.2 s).
    with _COLLECTOR_PAUSE.held():
        _tidy(output, chunk_bytes)


class _CollectorPause:
    """The cyclic collector off while any thread tidies (shards are tidied two at a time):
    the last thread out turns it back on, if it was on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self.lock:
            if self.holders == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.holders += 1
        try:
            yield
        finally:
            with self.lock:
                self.holders -= 1
                if self.holders == 0 and self.was_enabled:
                    gc.enable()


_COLLECTOR_PAUSE = _CollectorPause()


def _tidy(output: Path, chunk_bytes: int) -> None:
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = output / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta = _replace_strings(meta, _sort_filters(output, language))
        # Items 3 and 4 of the meta list the filters and sorts, by name, in hash-map order.
        for index in (3, 4):
            if index < len(meta) and all(isinstance(i, list) and i and isinstance(i[0], str)
                                         for i in meta[index]):
                meta[index] = sorted(meta[index], key=lambda item: item[0])
        meta[2] = _regroup_words(output / "index", meta[2], language, chunk_bytes)
        new_meta = _write(output, f"pagefind.{language}", ".pf_meta", cbor2.dumps(meta),
                          _META_DIGITS)
        if meta_path.name != f"{new_meta}.pf_meta":
            meta_path.unlink()
        info["hash"] = new_meta.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _sort_filters(output: Path, language: str) -> dict[str, str]:
    """Rewrite each filter chunk with its values sorted; return the chunks' new names."""
    renamed: dict[str, str] = {}
    for path in sorted((output / "filter").glob(f"{language}_*.pf_filter")):
        name, values = _read(path)
        payload = [name, sorted(values, key=lambda item: item[0])]
        old = path.name.removesuffix(".pf_filter")
        path.unlink()
        new = _write(path.parent, language, ".pf_filter", cbor2.dumps(payload), _HASH_DIGITS)
        if new != old:
            renamed[old] = new
    return renamed


def _regroup_words(folder: Path, chunks: list[list[str]], language: str,
                   chunk_bytes: int) -> list[list[str]]:
    """Read every word chunk, write them again in chunks of about chunk_bytes gzipped.

    Returns the meta's list of chunks: [from, to, file name]. Pagefind's browser code picks
    the chunk of a query word w as the one with from <= w <= to (then, failing that, by
    prefixes), and searches the words of that chunk that start with w. So each chunk's `to`
    is its last word in full and the next `from` its first word cut one character past what
    it shares with that last word: every word lies in exactly one chunk's range. Words
    sharing their first PREFIX_KEPT characters stay in one chunk when they fit in one: a
    reader typing the start of a word finds all its endings (larger runs are made of common
    words, which match many pages anyway). Each word's CBOR bytes are copied as they
    are.
    """
    words: list[Word] = []
    for _first, _last, name in chunks:
        path = folder / f"{name}.pf_index"
        words.extend(_words_of(_payload(path)))
        path.unlink()
    groups = group_words(words, chunk_bytes)
    listed = []
    previous_last: str | None = None
    for group in groups:
        first, last = group[0][0], group[-1][0]
        start = first if previous_last is None else _past_common_prefix(previous_last, first)
        # A word chunk is [[word, ...]]: an array of one array.
        payload = b"".join([b"\x81", _array_header(len(group)), *(raw for _, raw, _ in group)])
        listed.append([start, last, _write(folder, language, ".pf_index", payload,
                                           _HASH_DIGITS, level=6)])
        previous_last = last
    return listed


def group_words(words: list[Word], chunk_bytes: int) -> list[list[Word]]:
    """Words in order, cut into groups of about chunk_bytes; a run of words with the same
    first PREFIX_KEPT characters that fits in chunk_bytes is never cut."""
    # Code point order is UTF-8 byte order, the order of Rust strings that Pagefind uses.
    words = sorted(words, key=lambda word: word[0])
    groups: list[list[Word]] = []
    group: list[Word] = []
    size = 0
    for family in _families(words, chunk_bytes):
        group.extend(family)
        size += sum(cost for _, _, cost in family)
        if size >= chunk_bytes:
            groups.append(group)
            group, size = [], 0
    if group:
        groups.append(group)
    return groups


def _families(words: list[Word], chunk_bytes: int) -> Iterator[list[Word]]:
    """Runs of words sharing their first PREFIX_KEPT characters, whole when they fit in a
    chunk; the words of larger runs one by one."""
    for _start, grouped in itertools.groupby(words, key=lambda word: word[0][:PREFIX_KEPT]):
        run = list(grouped)
        if sum(cost for _, _, cost in run) <= chunk_bytes:
            yield run
        else:
            yield from ([word] for word in run)


def _past_common_prefix(last: str, first: str) -> str:
    """first, cut one character past the prefix it shares with last (which sorts before it):
    still after last, and before or equal to every word from first on."""
    common = 0
    for a, b in zip(last, first, strict=False):
        if a != b:
            break
        common += 1
    return first[:common + 1]


def _words_of(payload: bytes) -> list[Word]:
    """The words of a word chunk, each with its own CBOR bytes and their size compressed."""
    stream = io.BytesIO(payload)
    decoder = cbor2.CBORDecoder(stream)
    if stream.read(1) != b"\x81":
        raise BundleError("a word chunk that is not [[words]]")
    words = []
    for _ in range(_read_array_header(stream)):
        start = stream.tell()
        word = decoder.decode()
        raw = payload[start:stream.tell()]
        words.append((word[0], raw, len(zlib.compress(raw, 1))))
    return words


def _read_array_header(stream: io.BytesIO) -> int:
    first = stream.read(1)
    if not first or first[0] >> 5 != 4 or first[0] & 31 > 27:
        raise BundleError("a word chunk without a definite-length array of words")
    info = first[0] & 31
    if info < 24:
        return info
    return int.from_bytes(stream.read(1 << (info - 24)), "big")


def _array_header(length: int) -> bytes:
    """CBOR's shortest head for an array of length items, as Pagefind's encoder writes it."""
    if length < 24:
        return bytes([0x80 | length])
    size = next(n for n in (1, 2, 4, 8) if length < 1 << (8 * n))
    return bytes([0x98 + size.bit_length() - 1]) + length.to_bytes(size, "big")


def _payload(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_PREFIX):
        raise BundleError(f"unexpected Pagefind file {path.name}")
    return data[len(_PREFIX):]


def _read(path: Path) -> Any:
    return cbor2.loads(_payload(path))


def _write(folder: Path, stem: str, suffix: str, payload: bytes, digits: int,
           level: int = 9) -> str:
    """Pagefind names a file by the SHA-1 of its CBOR payload; so do we.

    A name already taken by other bytes gets one more digit, as Pagefind does.
    """
    data = gzip.compress(_PREFIX + payload, compresslevel=level, mtime=0)
    digest = hashlib.sha1(payload).hexdigest()
    while True:
        name = f"{stem}_{digest[:digits]}"
        path = folder / f"{name}{suffix}"
        if not path.exists() or path.read_bytes() == data or digits >= len(digest):
            path.write_bytes(data)
            return name
        digits += 1


def _replace_strings(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_replace_strings(v, mapping) for v in value]
    return value
