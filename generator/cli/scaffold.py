"""`new`: a fresh innovation file with a unique id, ready to fill in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.definitions import BODY_PLACEHOLDERS, PLACEHOLDERS
from generator.content.inventory import INNOVATIONS_DIR, take_inventory
from generator.site.vietnamese import slugify

_ID_LINE = re.compile(r"^id:\s*['\"]?([A-Z0-9-]+)['\"]?\s*$", re.MULTILINE)


def existing_ids(root: Path) -> set[str]:
    """Ids written in the tree, read leniently: a broken file must not stop the scaffold."""
    return set(existing_paths(root))


def existing_paths(root: Path) -> dict[str, Path]:
    """The file of each id written in the tree, read as leniently (the first file of an id
    written twice)."""
    paths: dict[str, Path] = {}
    for path in take_inventory(root).innovations:
        with path.open("rb") as handle:
            head = handle.read(4000).decode("utf-8", errors="replace")
        match = _ID_LINE.search(head)
        if match:
            paths.setdefault(match.group(1), path)
    return paths


def fresh_id(unit: str, year: int, taken: set[str]) -> str:
    prefix = f"{unit}-{year}-"
    numbers = [int(i[len(prefix):]) for i in taken
               if i.startswith(prefix) and i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@dataclass(frozen=True)
class Scaffold:
    path: Path
    id: str


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(innovation_id: str, title: str, unit: str, category: str, registered: dt.date,
           bundle: bool) -> str:
    image = "image: anh.png   # ảnh đặt cạnh tệp này; xóa dòng nếu không có ảnh\n" if bundle else ""
    return f"""---
id: {innovation_id}
title: {_quote(title)}
unit: {unit}
category: {category}
registered: {registered.isoformat()}
summary: {_quote(PLACEHOLDERS["summary"])}
authors:
  - name: {_quote(PLACEHOLDERS["name"])}
    position: {_quote(PLACEHOLDERS["position"])}
status: registered
tags: []
{image}draft: true   # bản nháp: xóa dòng này khi sẵn sàng đăng
---
""" + "".join(f"\n## {heading}\n\n{sentence}\n" for heading, sentence in BODY_PLACEHOLDERS)


def create(root: Path, unit: str, title: str, category: str, registered: dt.date,
           bundle: bool = False) -> Scaffold:
    innovation_id = fresh_id(unit, registered.year, existing_ids(root))
    folder = root / INNOVATIONS_DIR / unit.lower()
    slug = slugify(title)[:60].rstrip("-") or innovation_id.lower()
    candidate = slug
    counter = 2
    while (folder / candidate).exists() or (folder / f"{candidate}.md").exists():
        candidate = f"{slug}-{counter}"
        counter += 1
    path = folder / candidate / "index.md" if bundle else folder / f"{candidate}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite an editor's file
        handle.write(render(innovation_id, title, unit, category, registered, bundle))
    return Scaffold(path, innovation_id)
