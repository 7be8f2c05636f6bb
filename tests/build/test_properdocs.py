"""`properdocs build` writes the same site as `mkdocs build`, byte for byte.

ProperDocs is the maintained drop-in fork of MkDocs 1.6: it loads plugins registered under
`mkdocs.plugins` (the sang-kien plugin) and themes under `mkdocs.themes` (Material), and
redirects every `mkdocs.*` import to its own modules. Both commands build the project's own
mkdocs.yml (docs_dir content/) into folders of their own; every file is then compared.
Only subprocess and the standard library here: the generator package is not imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
BIN = Path(sys.executable).parent  # the venv's bin directory (the tests run as .venv/bin/python)

# The one difference allowed, and removed before comparing: the engine's version in the
# generator meta tag. Material's base.html writes, on every page and whatever extra.generator
# says (that setting only hides the footer credit),
#     <meta name="generator" content="mkdocs-{{ mkdocs_version }}, mkdocs-material-…">
# and the engine fills mkdocs_version: MkDocs with "1.6.1", ProperDocs with "ProperDocs 1.6.7".
GENERATOR_TAG = b'<meta name="generator" content="mkdocs-'
MKDOCS_TAG = GENERATOR_TAG + version("mkdocs").encode() + b", "
PROPERDOCS_TAG = GENERATOR_TAG + b"ProperDocs " + version("properdocs").encode() + b", "
NEUTRAL_TAG = GENERATOR_TAG + b"(engine), "


def build(command: str, site: Path) -> dict[str, bytes]:
    """Build the sample with one engine; every file of the site by its relative path."""
    executable = BIN / command
    assert executable.is_file(), f"{executable} is missing: install requirements.lock"
    result = subprocess.run(
        [str(executable), "build", "-f", str(CONFIG), "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, f"{command} build failed:\n{result.stderr}"
    files = {path.relative_to(site).as_posix(): path.read_bytes()
             for path in sorted(site.rglob("*")) if path.is_file()}
    assert "index.html" in files, f"{command} build wrote no index.html"
    return files


def without_engine_version(files: dict[str, bytes], tag: bytes) -> dict[str, bytes]:
    return {name: data.replace(tag, NEUTRAL_TAG) if name.endswith(".html") else data
            for name, data in files.items()}


def first_difference(a: bytes, b: bytes) -> str:
    for number, (line_a, line_b) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False),
                                              start=1):
        if line_a != line_b:
            return f"line {number}: mkdocs {line_a[:160]!r} / properdocs {line_b[:160]!r}"
    return f"lengths {len(a)} / {len(b)}"


def test_properdocs_and_mkdocs_write_the_same_bytes(tmp_path: Path) -> None:
    mkdocs_files = build("mkdocs", tmp_path / "mkdocs")
    properdocs_files = build("properdocs", tmp_path / "properdocs")
    # The tag being replaced is where it is expected, with each engine's own version.
    assert MKDOCS_TAG in mkdocs_files["index.html"]
    assert PROPERDOCS_TAG in properdocs_files["index.html"]

    assert sorted(mkdocs_files) == sorted(properdocs_files)
    mkdocs_files = without_engine_version(mkdocs_files, MKDOCS_TAG)
    properdocs_files = without_engine_version(properdocs_files, PROPERDOCS_TAG)
    differing = {name: first_difference(data, properdocs_files[name])
                 for name, data in mkdocs_files.items() if data != properdocs_files[name]}
    assert differing == {}, f"{len(differing)} of {len(mkdocs_files)} files differ"
