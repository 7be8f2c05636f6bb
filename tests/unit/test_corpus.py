"""The corpus of bad files: each one alone in a valid tree, with the problem it must produce."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ContentTree

from generator.site.checked import load_and_plan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_gives_its_problem(tree: ContentTree, case: dict[str, object]) -> None:
    tree.innovation("valid/a")
    tree.innovation("valid/b", id="AAA-2022-0002", draft="true")
    shutil.copytree(CORPUS.parent / "corpus-assets", tree.root / "corpus-assets")
    target = tree.root / str(case["place"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((CORPUS / str(case["file"])).read_bytes())
    checked = load_and_plan(tree.root)
    assert checked.site is None, "a bad file must fail the build"
    matching = [p for p in checked.errors
                if p.path.endswith(str(case["place"])) and p.field == case["field"]
                and str(case["message"]) in p.message + p.hint]
    assert matching, [p.format_text() for p in checked.errors]
    assert matching[0].line == case["line"]
