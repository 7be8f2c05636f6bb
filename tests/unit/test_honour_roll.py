"""The honour roll made in two passes chooses, names and orders the same people as the one
pass that kept every person's lists (kept here as the reference)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from generator.content.loader import load_content
from generator.site.site_plan import honour_roll

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synth
from memory_profile import one_pass_roll as reference_roll


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
