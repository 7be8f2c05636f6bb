"""One Pagefind shard as bytes: made where the records are sent, written where the site is.

A shard made on another machine (a worker of a cluster) comes back as its bundle's files,
by relative path, tidied as a local shard is; the driver writes them into the site folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .search_index import SearchRecord, _index_shard, _scratch_root

BundleFiles = dict[str, bytes]
"""A bundle's files: path relative to the shard's folder, bytes."""


def shard_files(records: list[SearchRecord], chunk_bytes: int) -> BundleFiles:
    """Pagefind's bundle of records, tidied (search_index._index_shard), as bytes."""
    with tempfile.TemporaryDirectory(prefix="sk-shard-", dir=_scratch_root()) as folder:
        output = Path(folder) / "bundle"
        _index_shard(records, output, chunk_bytes)
        return {path.relative_to(output).as_posix(): path.read_bytes()
                for path in sorted(output.rglob("*")) if path.is_file()}


def write_files(files: BundleFiles, target: Path) -> None:
    """A shard's files into its folder of the site (the folder is new: build_index cleared it)."""
    made: set[Path] = set()
    for name, data in files.items():
        path = target / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
