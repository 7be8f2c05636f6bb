"""Which search index a build writes, where, and the one call that writes it.

Two engines read by the same search page (overrides/assets/javascripts/sk-search.js):
Pagefind's index (search_index.py), merged by the browser from shards of SHARD_SIZE, and the
partitioned index (partitioned.py), whose first search opens a bounded number of small files
at any size. "auto" picks by the number of innovations (bench/search_scale.py measured both).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.site import urls

from .partitioned import build_partitioned
from .search_index import IndexLayout, SearchRecord, build_index

PAGEFIND = "pagefind"
PARTITIONED = "partitioned"
AUTO = "auto"
CHOICES = (AUTO, PAGEFIND, PARTITIONED)
PARTITIONED_FROM = 50_000
"""Innovations from which "auto" chooses the partitioned index."""


def resolve_engine(choice: str, innovations: int) -> str:
    if choice == AUTO:
        return PARTITIONED if innovations >= PARTITIONED_FROM else PAGEFIND
    if choice not in (PAGEFIND, PARTITIONED):
        raise ValueError(f"unknown search engine {choice!r}")
    return choice


def index_folder(engine: str) -> str:
    """The index's folder in the site, as urls.py names it."""
    return urls.SEARCH_PARTS if engine == PARTITIONED else urls.SEARCH_INDEX


def build_search(records: Iterable[SearchRecord], output: Path, layout: IndexLayout,
                 background: bool = False, scratch: Path | None = None) -> int:
    """Write the index of records with layout's engine into output; the number of records."""
    if layout.engine == PARTITIONED:
        return build_partitioned(records, output, scratch=scratch).documents
    return build_index(list(records), output, layout, background=background, scratch=scratch)
