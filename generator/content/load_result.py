"""What loading a content tree gives (LoadResult) and what a preview keeps between loads
(InnovationCache).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bodylinks import Link
from .inventory import Inventory
from .model import Catalog, Innovation
from .problems import Problem


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem]
    inventory: Inventory
    origins: dict[str, bytes] = field(default_factory=dict)
    """By innovation id, a digest of what its record was made from (its file, its image,
    what it was checked against): with a build cache, a shorter description of it than the
    record itself (infra.digests.ValueDigests)."""
    links: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    """Links of bodies to pages' files, by the path (under content/) of the file that holds
    them: every one leads to a published page (bodylinks.py)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors


@dataclass
class InnovationCache:
    """Innovations read without any problem, by file, by the digest of its bytes and by what
    they were checked against: a preview server's rebuild parses only the files whose content
    changed (their size and time are not trusted). Files with an image are always read again
    (the image may have changed without the file)."""

    entries: dict[Path, tuple[tuple[object, ...], Innovation]] = field(default_factory=dict)

    def get(self, path: Path, key: tuple[object, ...]) -> Innovation | None:
        cached = self.entries.get(path)
        return cached[1] if cached is not None and cached[0] == key else None

    def put(self, path: Path, key: tuple[object, ...], innovation: Innovation | None) -> None:
        if innovation is not None and innovation.image is None:
            self.entries[path] = (key, innovation)
        else:
            self.entries.pop(path, None)
