"""Forked workers change nothing but the time: same catalog, same problems, same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, ContentTree
from sitetools import build_site

from generator.content.loader import load_content


def test_loading_in_two_processes_finds_the_same(tree: ContentTree) -> None:
    for n in range(2400):
        tree.innovation(f"u{n % 7}/i{n}", id=f"AAA-2022-{n:04d}",
                        registered=f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}")
    # Problems in both halves of the interleaved shares, and a duplicate across them.
    tree.innovation("u0/bad-a", id="AAA-2023-0001", unit="AAB")
    tree.innovation("u1/bad-b", id="AAA-2023-0002", registered="2022-02-30")
    tree.innovation("u2/dup", id="AAA-2022-0005")
    one = load_content(tree.root, workers=1)
    two = load_content(tree.root, workers=2)
    assert len(one.problems) == 4
    assert two.problems == one.problems
    assert one.catalog is None and two.catalog is None
    tree.root.joinpath("innovations/u0/bad-a.md").unlink()
    tree.root.joinpath("innovations/u1/bad-b.md").unlink()
    tree.root.joinpath("innovations/u2/dup.md").unlink()
    one, two = load_content(tree.root, workers=1), load_content(tree.root, workers=2)
    assert one.catalog is not None and two.catalog is not None
    assert one.catalog.innovations == two.catalog.innovations


def test_site_built_by_two_workers_is_byte_identical(tmp_path: Path) -> None:
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"), "600", str(content)],
                   check=True, capture_output=True)
    sites = [build_site(content, tmp_path / f"w{workers}", workers=workers) for workers in (1, 2)]
    first, second = sites
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) > 600
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [str(p) for p in files if (first / p).read_bytes() != (second / p).read_bytes()] == []
