"""Benchmark: a build after editing one innovation, with the build cache, against a cold build.

Usage: ``python bench/incremental.py [N ...] [--seed S] [--out DIR]``

For each N: a copy of the synthetic tree is built four times in one run, each in a fresh
process: cold (no cache yet, no site folder); again with nothing changed (the last site folder
kept, as on an editor's machine); after one innovation's summary and body are edited, from an
empty site folder (as on CI, where only .cache/ is kept); after another is edited, the site
folder kept. The tree is then built cold with no cache at all, into another folder, and every
file of the two sites is compared: the cache must not change one byte. Prints wall times,
peak memory, the ratios to the cold build, the cache's size and the stages, and writes the
results as JSON beside the trees.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import content_tree, measure  # noqa: E402
from devtools.buildconfig import derived_config  # noqa: E402
from generator.infra.build_cache import DATABASE_FILE  # noqa: E402
from generator.infra.timing import TIMINGS_ENV  # noqa: E402

EDIT = "\n\nĐoạn bổ sung: kết quả áp dụng thực tế sau sáu tháng, được đơn vị xác nhận.\n"


def edit_one(tree: Path, at: float = 0.5) -> Path:
    """Change the summary and the body of the innovation at that fraction of the sorted
    files."""
    files = sorted((tree / "innovations").rglob("*.md"))
    target = files[int(len(files) * at)]
    text = target.read_text(encoding="utf-8")
    text = text.replace('summary: "', 'summary: "(Đã cập nhật) ', 1) + EDIT
    target.write_text(text, encoding="utf-8")
    return target


def build(config: Path, timings: Path, site: Path, keep_site: bool) -> dict[str, Any]:
    """One timed build, into the last build's site folder (keep_site) or an empty one (as on
    CI, where only .cache/ is kept); removing the last site is not timed."""
    if site.exists() and not keep_site:
        shutil.rmtree(site)
    result = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                     env={TIMINGS_ENV: str(timings), "NO_MKDOCS_2_WARNING": "1"})
    result["stages"] = json.loads(timings.read_text(encoding="utf-8"))
    del result["stdout"]
    return result


def same_sites(left: Path, right: Path) -> list[str]:
    """Paths that differ between two site folders (missing on one side included)."""
    differing: list[str] = []
    stack = [filecmp.dircmp(left, right)]
    while stack:
        comparison = stack.pop()
        base = Path(comparison.left).relative_to(left)
        differing += [str(base / name) for name in
                      comparison.left_only + comparison.right_only + comparison.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right,
                                               comparison.common_files, shallow=False)
        differing += [str(base / name) for name in mismatch + errors]
        stack.extend(comparison.subdirs.values())
    return differing


def run_size(n: int, seed: int, out: Path) -> dict[str, Any]:
    source = content_tree(n, seed, out)
    work = out / f"incremental-{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    tree = work / "content"
    # -L: the tree may be a link to a shared one, which the edits must not touch.
    subprocess.run(["cp", "-rL", str(source), str(tree)], check=True)
    config = derived_config(tree, work / "site", work / "mkdocs.yml")
    timings = work / "timings.json"
    cold = build(config, timings, work / "site", keep_site=False)
    unchanged = build(config, timings, work / "site", keep_site=True)
    edit_one(tree, at=0.25)
    edited_ci = build(config, timings, work / "site", keep_site=False)
    edited_file = edit_one(tree, at=0.5)
    edited = build(config, timings, work / "site", keep_site=True)
    reference = derived_config(tree, work / "site-cold", work / "mkdocs-cold.yml",
                               plugins=[{"sang-kien": {"cache_dir": ""}}])
    no_cache = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(reference)],
                       env={"NO_MKDOCS_2_WARNING": "1"})
    del no_cache["stdout"]
    differing = same_sites(work / "site", work / "site-cold")
    return {
        "n": n, "edited": str(edited_file.relative_to(tree)),
        "cold": cold, "unchanged": unchanged, "edited_ci": edited_ci, "edited_build": edited,
        "no_cache": no_cache,
        "ratio_unchanged": unchanged["seconds"] / cold["seconds"],
        "ratio_edited_ci": edited_ci["seconds"] / cold["seconds"],
        "ratio_edited": edited["seconds"] / cold["seconds"],
        "cache_mb": os.path.getsize(work / ".cache" / DATABASE_FILE) / 2**20,
        "differing_files": differing[:20], "same_bytes": not differing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = [run_size(n, args.seed, args.out) for n in args.sizes]
    print("| N | cold s (no cache at all) | unchanged s | one edit, empty site s (CI) | "
          "one edit s | edit/cold | peak MB (cold, edit) | cache MB | same bytes | "
          "stages after the edit (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["edited_build"]["stages"].items()
                           if k != "total")
        print(f"| {r['n']:,} | {r['cold']['seconds']:.1f} ({r['no_cache']['seconds']:.1f}) | "
              f"{r['unchanged']['seconds']:.1f} | {r['edited_ci']['seconds']:.1f} "
              f"({r['ratio_edited_ci']:.0%}) | "
              f"{r['edited_build']['seconds']:.1f} | {r['ratio_edited']:.0%} | "
              f"{r['cold']['peak_mb']:.0f}, {r['edited_build']['peak_mb']:.0f} | "
              f"{r['cache_mb']:.0f} | {'yes' if r['same_bytes'] else 'NO'} | {stages} |")
    (args.out / "incremental.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
