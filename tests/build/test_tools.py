"""`fix`, `schema` and the published schema agree with the checker."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import jsonschema
import yaml
from conftest import PROJECT, SAMPLE, ContentTree, innovation_text

from generator.content.loader import load_content
from generator.site.schema import schema_documents


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=PROJECT,
                          capture_output=True, text=True, check=False)


def test_fix_only_when_asked_and_shows_lines(tree: ContentTree) -> None:
    nfd = unicodedata.normalize("NFD", "Đường dây")
    path = tree.innovation("a", title=nfd)
    before = path.read_bytes()
    dry = run("fix", "--dry-run", str(tree.root))
    assert dry.returncode == 0
    assert "a.md (dòng 3)" in dry.stdout
    assert path.read_bytes() == before
    validate = run("validate", str(tree.root))
    assert validate.returncode == 0
    assert path.read_bytes() == before  # validate never writes
    done = run("fix", str(tree.root))
    assert "Đã chuẩn hóa Unicode NFC" in done.stdout
    assert path.read_text(encoding="utf-8") == unicodedata.normalize("NFC", before.decode())


def test_committed_schema_is_what_the_checker_defines() -> None:
    catalog = load_content(SAMPLE).catalog
    for name, text in schema_documents(catalog).items():
        committed = (PROJECT / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run python -m generator schema"


def test_schema_accepts_the_sample_and_rejects_what_the_checker_rejects() -> None:
    docs = {n: json.loads(t) for n, t in schema_documents(load_content(SAMPLE).catalog).items()}
    program = yaml.safe_load((SAMPLE / "program.yml").read_text(encoding="utf-8"))
    units = yaml.safe_load((SAMPLE / "units.yml").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(program, default=str)), docs["program.json"])
    jsonschema.validate(units, docs["units.json"])
    front = yaml.safe_load(innovation_text(unit="EVNNPC").split("---")[1])
    front = json.loads(json.dumps(front, default=str))
    jsonschema.validate(front, docs["innovation.json"])
    bad = {**front, "titel": "x"}
    validator = jsonschema.Draft202012Validator(docs["innovation.json"])
    assert not validator.is_valid(bad)
    assert not validator.is_valid({**front, "unit": "KHONGCO"})
    assert not validator.is_valid({**front, "category": "khac"})


def test_schema_is_published(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                             str(tmp_path)], cwd=PROJECT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "schema/innovation.json").read_text(encoding="utf-8"))[
        "additionalProperties"] is False
