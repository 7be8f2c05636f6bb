"""CODEOWNERS generated from units.yml: each unit's folder reviewed by its own team."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from conftest import SAMPLE

from generator.content.loader import load_content
from generator.site.codeowners import codeowners


def _owners(text: str) -> dict[str, list[str]]:
    rules = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    return {rule[0]: rule[1:] for rule in rules}


def test_each_units_folder_is_owned_by_its_team(tmp_path: Path) -> None:
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
    out = tmp_path / "CODEOWNERS"
    subprocess.run([sys.executable, "-m", "generator", "codeowners", "--dir", str(SAMPLE),
                    "--org", "evn-cd", "--out", str(out)], check=True, capture_output=True)
    text = out.read_text(encoding="utf-8")
    assert text == codeowners(catalog, "evn-cd")
    owners = _owners(text)
    assert next(iter(owners)) == "*" and owners["*"] == ["@evn-cd/ban-bien-tap"]
    for unit in catalog.units:
        assert owners[f"/content/innovations/{unit.code.lower()}/"][0] == (
            f"@evn-cd/cd-{unit.code.lower()}")
    assert len(owners) == len(catalog.units) + 1


def test_a_unit_under_a_parent_is_also_reviewed_by_the_parents_team() -> None:
    units: list[Any] = [SimpleNamespace(code="EVNNPC", parent=None),
                        SimpleNamespace(code="PCLAOCAI", parent="EVNNPC"),
                        SimpleNamespace(code="DLSAPA", parent="PCLAOCAI")]
    catalog: Any = SimpleNamespace(units=units)
    owners = _owners(codeowners(catalog, "o", board="bbt"))
    assert owners["/content/innovations/dlsapa/"] == ["@o/cd-dlsapa", "@o/cd-pclaocai",
                                                      "@o/cd-evnnpc"]
    assert owners["*"] == ["@o/bbt"]


def test_without_an_org_it_says_how_to_give_one(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "codeowners", "--dir",
                           str(SAMPLE), "--config", str(config), "--out", "-"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "--org" in done.stderr
    config.write_text("site_name: x\nextra:\n  editor: {repo: evn-cd/sang-kien}\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "codeowners", "--dir",
                           str(SAMPLE), "--config", str(config), "--out", "-"],
                          capture_output=True, text=True, check=True)
    assert "/content/innovations/evnnpc/ @evn-cd/cd-evnnpc" in done.stdout
