"""Benchmark: the real build against the bare baseline, on the same synthetic content.

Usage: ``python bench/run.py [N ...] [--seed S] [--out DIR] [--repeat R]
[--search-engine partitioned|pagefind]``

For each N it makes (or reuses) a deterministic synthetic content tree, then runs, each in a
fresh process: the bare baseline (``bench/baseline.py``) and ``mkdocs build`` of the real site.
Wall time and peak memory are measured by the parent with wait4, so the peak covers every
process a build waits for (Pagefind included). Prints a table with the ratios and writes
the results as JSON beside the trees.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from devtools.buildconfig import derived_config  # noqa: E402
from generator.adapter.timing import TIMINGS_ENV  # noqa: E402


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command; its wall time, peak RSS of it and its waited descendants, its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})}, text=True)
    stdout, stderr = "", ""
    # communicate() would reap the child itself; read the pipes, then reap with wait4.
    if process.stdout is not None:
        stdout = process.stdout.read()
    if process.stderr is not None:
        stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr[-3000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stdout": stdout}


def content_tree(n: int, seed: int, out: Path) -> Path:
    tree = out / f"content-{n}-s{seed}"
    stamp = out / f"content-{n}-s{seed}.complete"  # beside the tree: content/ holds no stray file
    if not stamp.exists():
        if tree.exists():
            subprocess.run(["rm", "-rf", str(tree)], check=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(n), str(tree),
                        "--seed", str(seed)], check=True)
        stamp.write_text("ok\n")
    return tree


def run_size(n: int, seed: int, out: Path, engine: str | None = None) -> dict[str, Any]:
    tree = content_tree(n, seed, out)
    # Both contenders start from an empty output folder: removing the last run is not timed.
    for old in (out / f"baseline-{n}", out / f"site-{n}"):
        if old.exists():
            subprocess.run(["rm", "-rf", str(old)], check=True)
    baseline = measure([sys.executable, str(HERE / "baseline.py"), str(tree),
                        str(out / f"baseline-{n}")])
    overrides = {"plugins": [{"sang-kien": {"search_engine": engine}}]} if engine else {}
    config = derived_config(tree, out / f"site-{n}", out / f"mkdocs-{n}.yml", **overrides)
    timings = out / f"timings-{n}.json"
    site = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   env={TIMINGS_ENV: str(timings), "NO_MKDOCS_2_WARNING": "1"})
    stages = json.loads(timings.read_text(encoding="utf-8"))
    pages = sum(1 for _ in (out / f"site-{n}").rglob("index.html"))
    return {
        "n": n,
        "baseline": {"seconds": baseline["seconds"], "peak_mb": baseline["peak_mb"],
                     "stages": json.loads(baseline["stdout"].strip().splitlines()[-1])
                     .get("stages", {})},
        "site": {"seconds": site["seconds"], "peak_mb": site["peak_mb"], "stages": stages,
                 "pages": pages},
        "ratio": site["seconds"] / baseline["seconds"],
    }


def print_table(results: list[dict[str, Any]]) -> None:
    print("| N | baseline s | build s | ratio | baseline peak MB | build peak MB | stages (s) |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["site"]["stages"].items()
                           if k != "total")
        print(f"| {r['n']:,} | {r['baseline']['seconds']:.1f} | {r['site']['seconds']:.1f} | "
              f"{r['ratio']:.2f}× | {r['baseline']['peak_mb']:.0f} | {r['site']['peak_mb']:.0f} "
              f"| {stages} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is kept)")
    parser.add_argument("--search-engine", choices=("partitioned", "pagefind"),
                        help="the plugin's search_engine (default: the plugin's default)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        runs = [run_size(n, args.seed, args.out, args.search_engine) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["ratio"])
        best["runs"] = [{"baseline_s": r["baseline"]["seconds"], "site_s": r["site"]["seconds"]}
                        for r in runs]
        results.append(best)
        print_table([best])
        sys.stdout.flush()
    print()
    print(f"{dt.date.today().isoformat()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}")
    print_table(results)
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
