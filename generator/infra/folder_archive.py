"""A folder's files as one byte string and back (the build cache keeps search shards so)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

_SIZE = 8


def pack_folder(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> bytes:
    """Every file under folder but those whose relative path skip() refuses, in sorted order:
    path and bytes, each length-prefixed."""
    parts: list[bytes] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if skip(relative):
            continue
        name = relative.encode("utf-8")
        data = path.read_bytes()
        parts += [len(name).to_bytes(_SIZE, "little"), name,
                  len(data).to_bytes(_SIZE, "little"), data]
    return b"".join(parts)


def unpack_folder(archive: bytes, folder: Path) -> None:
    """Write the files of archive under folder; ValueError if it is not one of ours or names
    a path outside folder."""
    view = memoryview(archive)
    offset = 0

    def take() -> bytes:
        nonlocal offset
        if offset + _SIZE > len(view):
            raise ValueError("archive cut short")
        size = int.from_bytes(view[offset:offset + _SIZE], "little")
        start, offset = offset + _SIZE, offset + _SIZE + size
        if offset > len(view):
            raise ValueError("archive cut short")
        return bytes(view[start:offset])

    while offset < len(view):
        name = take().decode("utf-8")
        data = take()
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"path outside the folder: {name!r}")
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
