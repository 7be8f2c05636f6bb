"""CODEOWNERS generated from units.yml: each unit's folder reviewed by its own team."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from conftest import SAMPLE, ContentTree

from generator.content.loader import load_content
from generator.site.checked import load_and_plan
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


def test_a_problem_is_named_as_the_form_names_it(tree: ContentTree) -> None:
    from generator.site.form_places import form_place

    assert form_place("featured/2022-05.md", "picks[5].id") == (
        "Tiêu biểu tháng – tệp featured/2022-05.md", "Sáng kiến được chọn › mục 5 › Sáng kiến")
    assert form_place("innovations/evnnpc/a.md", "awards[1].date")[1] == (
        "Giải thưởng › mục 1 › Ngày quyết định")
    assert form_place("events/x.md", "innovations[2]")[1] == "Sáng kiến được trình bày › mục 2"
    assert form_place("units.yml", "[3].targets") == (
        "Danh sách đơn vị (units.yml)", "Đơn vị › mục 3 › Chỉ tiêu theo giai đoạn")
    # The checker's own numbering: the second pick, named twice, is the form's second item.
    tree.innovation("a")
    tree.write("featured/2022-04.md", "---\nmonth: 2022-04\ntitle: Tháng 4\npicks:\n"
               "  - {id: AAA-2022-0001, headline: Một}\n"
               "  - {id: AAA-2022-0001, headline: Hai}\n---\n")
    (problem,) = load_and_plan(tree.root).errors
    assert form_place("featured/2022-04.md", problem.field)[1] == (
        "Sáng kiến được chọn › mục 2 › Sáng kiến"), problem.field
