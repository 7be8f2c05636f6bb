"""`fix`: the only rewrite the tools ever make, and only when asked: Unicode NFC.

NFD and NFC text look the same to a reader; the change is shown line by line and git undoes it.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fix:
    path: Path
    lines: tuple[int, ...]


def content_files(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(n for n in dirnames if not n.startswith("."))
        found.extend(Path(dirpath) / n for n in sorted(filenames)
                     if n.endswith((".md", ".yml", ".yaml")) and not n.startswith("."))
    return found


def nfc_fixes(root: Path, write: bool) -> list[Fix]:
    """Files whose text is not NFC, with the lines that change; rewritten only if write."""
    fixes = []
    for path in content_files(root):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # validate reports the encoding; fix never guesses one
        normal = unicodedata.normalize("NFC", text)
        if normal == text:
            continue
        old_lines, new_lines = text.split("\n"), normal.split("\n")
        changed = tuple(i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True))
                        if a != b)
        if write:
            path.write_bytes(normal.encode("utf-8"))
        fixes.append(Fix(path, changed))
    return fixes
