"""The last build's files kept through MkDocs' cleaning of the site folder.

MkDocs empties the site folder before every build, so a build after one edit would write every
innovation's page again. It leaves hidden entries alone, though: the last build's files are
moved into a hidden folder before the cleaning (hold) and back right after it (restore), a few
renames of top-level entries whatever the site's size. Pages that did not change are then not
written again (bulk.py), and whatever the new build does not make is removed at its end
(prune): the result is the folder a clean build makes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path

HOLD = ".sk-kept"


def hold(site_dir: Path) -> None:
    """Before MkDocs cleans site_dir: move its files out of the cleaning's way."""
    held = site_dir / HOLD
    if held.is_dir():  # a build failed between hold and restore: its files come back first
        restore(site_dir)
    shutil.rmtree(held, ignore_errors=True)
    if not site_dir.is_dir():
        return
    held.mkdir()
    for entry in os.scandir(site_dir):
        if entry.name != HOLD and not entry.name.startswith("."):
            os.rename(entry.path, held / entry.name)


def restore(site_dir: Path) -> bool:
    """After the cleaning: put the held files back; whether there were any."""
    held = site_dir / HOLD
    if not held.is_dir():
        return False
    for entry in os.scandir(held):
        target = site_dir / entry.name
        if target.exists():  # written since the hold: newer
            _remove(Path(entry.path))
        else:
            os.rename(entry.path, target)
    shutil.rmtree(held, ignore_errors=True)
    return True


def prune(site_dir: Path, made: Collection[str], owned: Collection[str] = ()) -> int:
    """Remove every file of site_dir this build did not make, and the folders left empty;
    how many files. made: paths relative to site_dir ('/'-separated); owned: folders made
    whole by this build (not walked)."""
    removed = 0
    emptied: set[str] = set()
    # scandir's entries know their type: no lstat per folder, as os.walk makes (a folder
    # per innovation).
    stack = [(str(site_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{prefix}{entry.name}"
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if path not in owned:
                        stack.append((entry.path, f"{path}/"))
                elif entry.is_symlink() and entry.is_dir():
                    continue  # a link to a folder: os.walk neither followed nor removed it
                elif path not in made:
                    os.unlink(entry.path)
                    removed += 1
                    emptied.add(folder)
    for folder in sorted(emptied, key=len, reverse=True):  # deepest first
        _remove_empty(Path(folder), site_dir)
    return removed


def _remove_empty(folder: Path, site_dir: Path) -> None:
    """folder and the folders above it that it leaves empty, up to site_dir."""
    for path in (folder, *folder.parents):
        if path == site_dir or not path.is_relative_to(site_dir):
            return
        try:
            path.rmdir()
        except OSError:  # not empty
            return


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
