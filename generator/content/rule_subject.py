"""What a cross-field rule looks at: one file (Subject), the rest of the content (Scope).

Also the small readers the rules share: a converted field, a list's entries, its YAML items,
whether a converted mapping is complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import INVALID, FieldContext
from .model import Innovation, Program
from .yamlnodes import Node


@dataclass
class Subject:
    """One file's front matter, as YAML nodes and as converted fields, and its body."""

    path: Path
    node: Node
    raw: Any
    ctx: FieldContext
    body: str = ""
    body_line: int = 1
    derived: dict[str, Any] = field(default_factory=dict)
    """What a rule found that the record needs (an image's resolved path)."""

    def value(self, key: str) -> Any:
        """A converted field, or None when it is absent or was reported wrong."""
        return value(self.raw, key)

    def items(self, key: str) -> Sequence[Node]:
        """The YAML nodes of a list field's items (none when it is not a list)."""
        return items(self.node.get(key) if hasattr(self.node, "get") else None)

    def where(self, key: str) -> Node:
        found = self.node.get(key) if hasattr(self.node, "get") else None
        return found if found is not None else self.node


@dataclass(frozen=True)
class Scope:
    """What the rules of one file know of the rest of the content."""

    root: Path
    program: Program | None = None
    by_id: dict[str, Innovation] = field(default_factory=dict)
    check_markdown: Callable[..., None] | None = None
    """The body check, for Markdown written in a data file (an award's criteria)."""


Rule = Callable[[Subject, Scope], None]



def value(raw: Any, key: str) -> Any:
    if not isinstance(raw, dict):
        return None
    found = raw.get(key)
    return None if found is INVALID else found


def entries(converted: Any) -> list[Any]:
    """A converted list, or none when it was reported wrong or is absent."""
    return converted if isinstance(converted, list) else []


def items(node: Node | None) -> Sequence[Node]:
    return getattr(node, "items", ()) if node is not None else ()


def complete(entry: Any, required: Iterable[str]) -> bool:
    """Every required field of a converted mapping present and readable."""
    return (isinstance(entry, dict) and set(required) <= entry.keys()
            and INVALID not in entry.values())
