"""An innovation file as the web editor writes it: a page bundle `<unit>/<slug>/index.md`
under content/innovations/, front matter in the form's order and the form's YAML style
(block lists indented under their key, strings plain unless a YAML reader would take them for
something else), then the body."""

from __future__ import annotations

import datetime as dt
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


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `  - name:` under `authors:`, as the form

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # the form quotes with double quotes

    def write_plain(self, text: str, split: bool = True) -> None:
        if not text:
            return
        if not self.whitespace:
            self.stream.write(" ")
            self.column += 1
        self.whitespace = False
        self.indention = False
        start = 0
        indent = self.indent or 0
        # The package counts the value's start from its key, not from the line's start.
        for point in fold_points(text, indent, self.column - max(0, indent - 2)):
            self.stream.write(text[start:point])
            self.column += point - start
            self.write_indent()
            start = point + 1
        self.stream.write(text[start:])
        self.column += len(text) - start


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _NOT_PLAIN_IN_YAML_1_2.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dt.date, _date)


def front_matter_lines(front: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, its YAML text) in the form's order: each top-level key on its own lines."""
    ordered = [(key, front[key]) for key in FORM_ORDER if key in front]
    ordered += [(key, value) for key, value in front.items() if key not in FORM_ORDER]
    return [(key, yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=80, default_flow_style=False)) for key, value in ordered]


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
    slug = slugify(title)[:SLUG_LENGTH].rstrip("-") or fallback.lower()
    candidate = slug
    counter = 2
    while ((folder / candidate).exists() or (folder / f"{candidate}.md").exists()
           or folder / candidate / "index.md" in taken):
        candidate = f"{slug}-{counter}"
        counter += 1
    return folder / candidate / "index.md"
