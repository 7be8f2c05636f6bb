"""The honour roll made in two passes chooses, names and orders the same people as the one
pass that kept every person's lists (kept here as the reference)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.site.counting import author_key, is_counted
from generator.site.site_plan import honour_roll
from generator.site.vietnamese import name_key

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth


def reference_roll(catalog: Catalog) -> list[dict[str, Any]]:
    """The roll as it was made before (every person held with all their initiatives)."""
    people: dict[tuple[str, str], dict[str, Any]] = {}
    for inn in catalog.published:
        counted = is_counted(inn, catalog.program)
        for author in inn.authors:
            key = author_key(inn.unit, author.name)
            person = people.setdefault(key, {"name": " ".join(author.name.split()),
                                             "unit": inn.unit, "counted": [],
                                             "awarded": [], "all": []})
            person["all"].append(inn)
            if counted:
                person["counted"].append(inn)
            if inn.awards and counted:
                person["awarded"].append(inn)
    chosen = [p for p in people.values() if len(p["counted"]) >= 2 or p["awarded"]]
    return sorted(chosen, key=lambda p: (name_key(p["name"]), p["unit"]))


def _shown(roll: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    return [(p["name"], p["unit"], [inn.id for inn in p["all"]]) for p in roll]


@pytest.mark.parametrize(("shape", "knobs"), [
    ("standard", synth.Knobs()),
    ("recurring", synth.Knobs(odd_names=0.3)),
    ("new-authors", synth.Knobs(awards=0.3, drafts=0.2, odd_names=0.3)),
])
def test_two_passes_show_the_same_people(tmp_path: Path, shape: str,
                                         knobs: synth.Knobs) -> None:
    synth.synthesise(1500, tmp_path, 5, shape, knobs)
    catalog = load_content(tmp_path).catalog
    assert catalog is not None
    expected = _shown(reference_roll(catalog))
    assert len(expected) > 50
    assert _shown(honour_roll(catalog)) == expected


def test_people_sharing_a_hash_are_told_apart(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Every person's key made to share one hash: all are candidates, the second pass
    # must still show only those with two counted initiatives or an award.
    from generator.site import site_plan

    synth.synthesise(600, tmp_path, 9, "new-authors", synth.Knobs(awards=0.2))
    catalog = load_content(tmp_path).catalog
    assert catalog is not None
    monkeypatch.setattr(site_plan, "hash", lambda key: 0, raising=False)
    assert _shown(honour_roll(catalog)) == _shown(reference_roll(catalog))
