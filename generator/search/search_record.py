"""One search result as the indexer reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

AUTHOR_SEPARATOR = "; "
"""Between the names of an innovation record's meta "authors"."""


@dataclass(frozen=True)
class SearchRecord:
    url: str
    """Site-relative URL, e.g. 'sang-kien/evnnpc-2022-0042/'."""
    title: str
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    terms: list[list[str]] | None = None
    """What the partitioned index makes of it (partitioned.record_terms), when made
    beforehand: by the worker that rendered its page, or a past build's."""
