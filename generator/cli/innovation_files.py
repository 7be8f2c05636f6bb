"""An innovation file as the web editor writes it: a page bundle `<unit>/<slug>/index.md`
under content/innovations/, front matter in the form's order and the form's YAML style
(block lists indented under their key, strings plain unless a YAML reader would take them for
something else), then the body."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from generator.content.inventory import INNOVATIONS_DIR
from generator.site.vietnamese import slugify

from .sheet_values import FORM_ORDER

_NOT_PLAIN_IN_YAML_1_2 = re.compile(
    r"^[-+]?(0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+|(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|\.(inf|Inf|INF|nan|NaN|NAN))$")
"""Strings that YAML 1.2 (the `yaml` package of the web editor) reads as numbers while
PyYAML (YAML 1.1) would write them plain."""
SLUG_LENGTH = 60


LINE_WIDTH = 80
MIN_CONTENT_WIDTH = 20
"""The `yaml` package's (version 1) defaults for folding plain scalars, as Decap writes."""


def fold_points(text: str, indent: int, indent_at_start: int) -> list[int]:
    """Where the `yaml` package (version 1, foldFlowLines) folds a plain scalar: the indexes
    of the spaces it turns into a new line, so that a file saved again by the form keeps its
    lines."""
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - indent)
    if len(text) <= end_step:
        return []
    folds: list[int] = []
    end = LINE_WIDTH - indent_at_start
    split: int | None = None
    prev = ""
    for index, char in enumerate(text):
        if char == " " and prev and prev not in " \t\n":
            following = text[index + 1:index + 2]
            if following and following not in " \t\n":
                split = index
        if index >= end and split:
            folds.append(split)
            end = split + end_step
            split = None
        prev = char
    return folds


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _plain(text: str) -> bool:
    """Whether text may be written without quotes and read back as the same string by
    PyYAML (YAML 1.1) and by the `yaml` package (YAML 1.2); when unsure, it is quoted."""
    return bool(
        text and text == text.strip() and text[0] not in _INDICATORS and text.isprintable()
        and ": " not in text and " #" not in text and not text.endswith(":")
        and not _NOT_PLAIN_IN_YAML_1_2.match(text)
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR)


def _scalar(value: Any, indent: int, key: str) -> str:
    """A scalar after `key:` (written at indent), with its line break."""
    if isinstance(value, bool):
        return " true\n" if value else " false\n"
    if isinstance(value, int | dt.date):
        return f" {value.isoformat() if isinstance(value, dt.date) else value}\n"
    text = str(value)
    if "\n" in text and not text[:1].isspace() and all(
            line.isprintable() for line in text.split("\n")):
        pad = " " * (indent + 2)
        lines = "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))
        return " |-\n" + lines if not text.endswith("\n") else " |\n" + lines
    if not _plain(text):
        # As the package quotes: single quotes around a text with double quotes only.
        single = '"' in text and "'" not in text and text.isprintable()
        text = f"'{text}'" if single else json.dumps(text, ensure_ascii=False)
    out = []
    start = 0
    for point in fold_points(text, indent + 2, len(key) + 2):
        out.append(text[start:point])
        start = point + 1
    out.append(text[start:])
    return " " + ("\n" + " " * (indent + 2)).join(out) + "\n"


def _entry(key: str, value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return f"{pad}{key}:\n" + "".join(_entry(k, v, indent + 2) for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return f"{pad}{key}: []\n"
        out = [f"{pad}{key}:\n"]
        for item in value:
            if isinstance(item, dict):
                for number, (name, inner) in enumerate(item.items()):
                    lead = f"{pad}  - " if number == 0 else f"{pad}    "
                    out.append(_entry(name, inner, indent + 4)[indent + 4:].join((lead, "")))
            else:
                out.append(f"{pad}  -" + _scalar(item, indent + 2, ""))
        return "".join(out)
    return f"{pad}{key}:" + _scalar(value, indent, key)


def front_matter_lines(front: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, its YAML text) in the form's order: each top-level key on its own lines."""
    ordered = [(key, front[key]) for key in FORM_ORDER if key in front]
    ordered += [(key, value) for key, value in front.items() if key not in FORM_ORDER]
    return [(key, _entry(key, value, 0)) for key, value in ordered]


def render(front: dict[str, Any], body: str) -> tuple[str, dict[int, str]]:
    """The file's text and, by line of the file, the front matter key written there."""
    lines: dict[int, str] = {}
    parts = ["---\n"]
    line = 2
    for key, text in front_matter_lines(front):
        for offset in range(text.count("\n")):
            lines[line + offset] = key
        line += text.count("\n")
        parts.append(text)
    parts.append("---\n")
    body = body.strip("\n")
    if body:
        parts.append("\n" + body + "\n")
    return "".join(parts), lines


def bundle_path(root: Path, unit: str, title: str, fallback: str, taken: set[Path]) -> Path:
    """Where the form would create the innovation: `<unit lower>/<slug of title>/index.md`,
    with `-2`, `-3`, ... when the folder is taken (on disk or by taken)."""
    folder = root / INNOVATIONS_DIR / unit.lower()
    slug = _slug(title, fallback)
    candidate = slug
    counter = 2
    while ((folder / candidate).exists() or (folder / f"{candidate}.md").exists()
           or folder / candidate / "index.md" in taken):
        candidate = f"{slug}-{counter}"
        counter += 1
    return folder / candidate / "index.md"


def _slug(title: str, fallback: str) -> str:
    return slugify(title)[:SLUG_LENGTH].rstrip("-") or fallback.lower()


class BundlePaths:
    """bundle_path for many files at once: each unit's folder is listed once, and the next
    free suffix of each slug is remembered, so that a thousand rows of the same title cost
    a thousand set lookups, not a million stat calls."""

    def __init__(self, root: Path) -> None:
        self.base = root / INNOVATIONS_DIR
        self.names: dict[str, set[str]] = {}
        self.next_suffix: dict[tuple[str, str], int] = {}

    def _names(self, unit: str) -> set[str]:
        names = self.names.get(unit)
        if names is None:
            try:
                names = set(os.listdir(self.base / unit))
            except OSError:
                names = set()
            self.names[unit] = names
        return names

    def take(self, unit: str, title: str, fallback: str) -> Path:
        """The first free bundle of the title's slug in the unit's folder, from now on taken."""
        unit = unit.lower()
        names = self._names(unit)
        slug = _slug(title, fallback)
        counter = self.next_suffix.get((unit, slug), 1)
        candidate = slug if counter == 1 else f"{slug}-{counter}"
        while candidate in names or f"{candidate}.md" in names:
            counter += 1
            candidate = f"{slug}-{counter}"
        names.add(candidate)
        self.next_suffix[unit, slug] = counter + 1
        return self.base / unit / candidate / "index.md"
