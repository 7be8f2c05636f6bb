"""The benchmark's content shapes (bench/synth.py): deterministic, valid, with their shares."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from generator.content.loader import load_content
from generator.site.counting import author_key

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synth


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("shape", ["recurring", "new-authors"])
def test_same_arguments_same_bytes(tmp_path: Path, shape: str) -> None:
    synth.synthesise(300, tmp_path / "a", 7, shape)
    synth.synthesise(300, tmp_path / "b", 7, shape)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_knobs_override_the_preset() -> None:
    body, knobs = synth.resolve_shape("recurring", synth.Knobs(awards=0.5))
    assert body == "standard"
    assert knobs.awards == 0.5 and knobs.authors_recur == 0.8


def test_recurring_shape_is_valid_and_has_its_shares(tmp_path: Path) -> None:
    synth.synthesise(2000, tmp_path, 3, "recurring")
    catalog = load_content(tmp_path).catalog
    assert catalog is not None
    published = catalog.published
    assert len(published) > 1800
    people: dict[tuple[str, str], int] = {}
    for inn in published:
        for author in inn.authors:
            key = author_key(inn.unit, author.name)
            people[key] = people.get(key, 0) + 1
    recurring = sum(1 for count in people.values() if count >= 3)
    assert recurring > len(people) / 2  # most people write 3 to 10 initiatives
    assert 0.12 < sum(1 for i in published if i.awards) / len(published) < 0.21
    assert 0.10 < sum(1 for i in published if i.tags) / len(published) < 0.19
    odd = sum(1 for i in published for a in i.authors
              if a.name != " ".join(a.name.split())
              or a.name != unicodedata.normalize("NFC", a.name))
    assert odd > 0
