"""Which search index a build writes, where, and the one call that writes it.

Two engines read by the same search page (overrides/assets/javascripts/sk-search.js):
Pagefind's index (search_index.py), merged by the browser from shards of SHARD_SIZE, and the
partitioned index (partitioned.py), whose first search opens a bounded number of small files
at any size: the default (DEFAULT).
"""

from __future__ import annotations

from pathlib import Path

from generator.infra.build_cache import BuildCache
from generator.site import urls

from .partitioned import build_partitioned, record_terms
from .record_spool import RecordSpool, TermMaker
from .search_index import IndexLayout, SearchRecord, ShardRunner, build_index

PAGEFIND = "pagefind"
PARTITIONED = "partitioned"
ENGINES = (PARTITIONED, PAGEFIND)
DEFAULT = PARTITIONED
"""Measured with bench/search_scale.py (2026-12-02, README): a reader's first search transfers
13-48 KB with the partitioned index against 182-251 KB with Pagefind's at 10,000 records,
14-58 KB against 1.0-1.7 MB at 100,000 and 15-115 KB at 1,000,000, results shown within
0.7 s at every size; it is built in a tenth of the memory (about 100 MB at any size), several
times faster; precision at 3 on the sample is the same (0.972)."""


def term_maker(engine: str) -> TermMaker | None:
    """What a record spool makes of each record for the engine's index, as it is spooled."""
    return record_terms if engine == PARTITIONED else None


def index_folder(engine: str) -> str:
    """The index's folder in the site, as urls.py names it."""
    return urls.SEARCH_PARTS if engine == PARTITIONED else urls.SEARCH_INDEX


def build_search(records: list[SearchRecord] | RecordSpool, output: Path, layout: IndexLayout,
                 background: bool = False, scratch: Path | None = None,
                 cache: BuildCache | None = None, run_shards: ShardRunner | None = None
                 ) -> int:
    """Write the index of records with layout's engine into output; the number of records.
    Pagefind's shards may come from the build cache or a cluster (run_shards)."""
    if layout.engine == PARTITIONED:
        return build_partitioned(records, output, scratch=scratch, store=cache).documents
    return build_index(records, output, layout, background=background, scratch=scratch,
                       cache=cache, run_shards=run_shards)
