"""The partitioned index read as sk-search-parts.js reads it, in Python, counting the files
a query opens: the tests' way to check what a reader's browser would fetch."""

from __future__ import annotations

import bisect
import gzip
import json
from pathlib import Path
from typing import Any

from generator.site.vietnamese import fold

MAX_ALTERNATIVES = 12
MAX_PARTS = 2
"""As in sk-search-parts.js."""


class PartsReader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.opened: list[str] = []
        self.manifest = self.load("index.json")

    def load(self, path: str) -> Any:
        if path not in self.opened:
            self.opened.append(path)
        data = (self.folder / path).read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return json.loads(data)

    def lists(self, word: str, prefix: bool) -> list[tuple[int, int, list[Any]]]:
        parts = self.manifest["parts"]
        first = max(0, bisect.bisect_right(parts, word) - 1)
        last = max(first, bisect.bisect_right(parts, word + "\uffff") - 1) if prefix else first
        found = []
        for part in range(first, min(last, first + MAX_PARTS - 1) + 1):
            for slot, entry in enumerate(self.load(f"t/{part}.json.gz")):
                if entry[0] == word or (prefix and entry[0].startswith(word)):
                    found.append((part, slot, entry))
        found.sort(key=lambda item: (item[2][0] != word, -item[2][1]))
        return found[:MAX_ALTERNATIVES]

    def postings(self, part: int, slot: int, entry: list[Any], blocks: int) -> list[int]:
        """Documents of the first `blocks` blocks of a term."""
        docs: list[int] = []
        for index in range(min(blocks, len(entry[3]) + 1)):
            values = entry[2] if index == 0 else self.load(f"b/{part}/{slot}-{index}.json.gz")
            doc = 0 if index == 0 else entry[3][index - 1]
            for value in values:
                doc += value >> 2
                docs.append(doc)
        return docs

    def first_results(self, query: str, filters: dict[str, str] | None = None,
                      want: int = 10) -> list[list[str]]:
        """Newest matches first, reading each word's first block (what the first screenful
        needs when the words are common), then their display rows."""
        words = [w for w in fold(query).replace("-", " ").split() if w]
        terms = [self.lists(w, i == len(words) - 1) for i, w in enumerate(words)]
        terms += [self.lists(f"~{k}={v}", False) for k, v in (filters or {}).items()]
        if not terms or any(not alternatives for alternatives in terms):
            return []
        sets = []
        horizon = None
        for alternatives in terms:
            union: set[int] = set()
            for part, slot, entry in alternatives:
                union.update(self.postings(part, slot, entry, 1))
                end = entry[3][0] - 1 if entry[3] else None
                if end is not None:
                    horizon = end if horizon is None else min(horizon, end)
            sets.append(union)
        found = sorted(set.intersection(*sets))
        if horizon is not None:
            found = [doc for doc in found if doc <= horizon]
        size = self.manifest["pageSize"]
        rows = []
        for doc in found[:want]:
            page = doc // size
            rows.append(self.load(f"d/{page // 1000}/{page}.json.gz")[doc % size])
        return rows
