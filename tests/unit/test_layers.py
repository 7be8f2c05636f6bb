"""The package's layers, as docs/maintainers.md draws them: checked on the imports themselves."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
MAY_IMPORT = {
    "infra": {"infra"},
    "content": {"infra", "content"},
    "site": {"infra", "content", "site"},
    "search": {"infra", "content", "site", "search"},
    "adapter": {"infra", "content", "site", "search", "adapter"},
    "cli": {"infra", "content", "site", "cli"},
}
"""Data flows one way: content, then what the site and search derive, then the adapters; the
shared infrastructure beneath them all knows none of them."""
MKDOCS = ("mkdocs", "material", "properdocs")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            names.append(f"generator.{path.parent.name}.{node.module or ''}")
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}: import from a parent package by dots; name it")
    return names


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert len(found) > 30
    return found


def test_every_module_lives_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        MAY_IMPORT)


def test_infrastructure_imports_nothing_of_ours_but_itself() -> None:
    names = [name for path in (PACKAGE / "infra").glob("*.py") for name in _imports(path)]
    assert [name for name in names if name.split(".")[0] == "generator"
            and not name.startswith("generator.infra.")] == []
    assert "generator.infra.digests" in names  # the check sees real imports


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules() if path.parent.name != "adapter"
        for name in _imports(path) if name.split(".")[0] in MKDOCS
    ]
    assert offenders == []
    adapter = [name for path in (PACKAGE / "adapter").glob("*.py") for name in _imports(path)]
    assert any(name.startswith("mkdocs") for name in adapter)  # the check sees real imports


def test_each_layer_imports_only_the_layers_below() -> None:
    offenders = []
    for path in modules():
        layer = path.parent.name
        if layer not in MAY_IMPORT:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1 and parts[1] not in MAY_IMPORT[layer]:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []
