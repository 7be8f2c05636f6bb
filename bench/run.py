"""Benchmark: the real build against the bare baseline, on the same synthetic content.

Usage: ``python bench/run.py [N ...] [--shapes standard recurring ...] [--seed S] [--out DIR]
[--repeat R] [--no-baseline] [--authors-recur SHARE]
[--awards SHARE] [--tags SHARE] [--benefits SHARE] [--drafts SHARE] [--odd-names SHARE]``

For each N it makes (or reuses) a deterministic synthetic content tree, then runs, each in a
fresh process: the bare baseline (``bench/baseline.py``) and ``mkdocs build`` of the real site.
Wall time and peak memory are measured by the parent with wait4, so the peak covers every
process a build waits for. Prints a table with the ratios (with --repeat,
the run of median ratio and the range of all) and writes the results as JSON into
``bench/results/`` (named by date, sizes, shapes and knobs), the trees and logs staying in --out.
Shapes are bench/synth.py's: body shapes and presets; knobs given apply to every shape.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from devtools.buildconfig import derived_config  # noqa: E402
from generator.infra.timing import TIMINGS_ENV  # noqa: E402

sys.path.insert(0, str(HERE))
from synth import SHAPES, Knobs, add_knob_arguments, knobs_of, resolve_shape  # noqa: E402

RESULTS = HERE / "results"

SETTLE_SECONDS = 15
"""The pause after deleting the last run's output (clear)."""


def _tree_rss(root: int) -> list[int]:
    """Resident kB of a process and each of its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        sizes[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in sizes:
            found.append(sizes[pid])
        stack.extend(children.get(pid, []))
    return found


def _sample(pid: int, into: Path, done: threading.Event, every: float = 10.0) -> None:
    """Every few seconds: the largest process and the sum of the tree, in MB."""
    started = time.perf_counter()
    with into.open("w", encoding="utf-8") as out:
        out.write("seconds\tprocesses\tlargest_mb\tsum_mb\n")
        while not done.wait(every):
            sizes = _tree_rss(pid)
            if sizes:
                out.write(f"{time.perf_counter() - started:.0f}\t{len(sizes)}\t"
                          f"{max(sizes) / 1024:.0f}\t{sum(sizes) / 1024:.0f}\n")
                out.flush()


def measure(command: list[str], env: dict[str, str] | None = None,
            log: Path | None = None, memory: Path | None = None) -> dict[str, Any]:
    """Run a command; its wall time, peak RSS of it and its waited descendants, its stdout.
    With log, its stderr goes there as it comes (progress lines of a long build); with
    memory, the resident sizes of its processes are sampled there as it runs."""
    started = time.perf_counter()
    stderr_to = log.open("w", encoding="utf-8") if log is not None else subprocess.PIPE
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr_to,
                               env={**os.environ, **(env or {})}, text=True)
    done = threading.Event()
    if memory is not None:
        threading.Thread(target=_sample, args=(process.pid, memory, done), daemon=True).start()
    stdout, stderr = "", ""
    # communicate() would reap the child itself; read the pipes, then reap with wait4.
    if process.stdout is not None:
        stdout = process.stdout.read()
    if process.stderr is not None:
        stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    done.set()
    if log is not None:
        stderr_to.close()  # type: ignore[union-attr]
        stderr = log.read_text(encoding="utf-8")
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr[-3000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stdout": stdout}


def knob_arguments(knobs: Knobs) -> list[str]:
    """bench/synth.py's options for the knobs set."""
    return [arg for name, value in vars(knobs).items() if value is not None
            for arg in (f"--{name.replace('_', '-')}", repr(value))]


def content_tree(n: int, seed: int, out: Path, shape: str = "standard",
                 knobs: Knobs | None = None) -> Path:
    knobs = knobs or Knobs()
    label = knobs.label()
    name = (f"content-{n}-s{seed}" + ("" if shape == "standard" else f"-{shape}")
            + (f"-{label}" if label else ""))
    tree = out / name
    stamp = out / f"{name}.complete"  # beside the tree: content/ holds no stray file
    if not stamp.exists():
        if tree.exists():
            subprocess.run(["rm", "-rf", str(tree)], check=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(n), str(tree),
                        "--seed", str(seed), "--shape", shape, *knob_arguments(knobs)],
                       check=True)
        stamp.write_text("ok\n")
    return tree


def clear(folders: list[Path]) -> None:
    """The folders deleted, then a pause before anything is timed: on an ext4 disk mounted
    with `discard` (these machines), creating files right after a large tree was deleted
    costs several times the kernel time for seconds (a 2.5 GB tree: about 5 s), and
    whichever contender ran first would pay for it."""
    existing = [str(folder) for folder in folders if folder.exists()]
    if existing:
        subprocess.run(["rm", "-rf", *existing], check=True)
        os.sync()
        time.sleep(SETTLE_SECONDS)


def run_size(n: int, seed: int, out: Path, shape: str = "standard",
             cache: bool = False, with_baseline: bool = True,
             knobs: Knobs | None = None) -> dict[str, Any]:
    tree = content_tree(n, seed, out, shape, knobs)
    # Both contenders start from an empty output folder; removing the last run's is not
    # timed, nor what it costs the disk for a few seconds after (clear).
    clear([out / f"baseline-{n}", out / f"site-{n}"])
    baseline = measure([sys.executable, str(HERE / "baseline.py"), str(tree),
                        str(out / f"baseline-{n}")]) if with_baseline else None
    # A cold build: no cache (bench/incremental.py measures builds with one).
    plugin: dict[str, Any] = {"cache_dir": ".cache" if cache else ""}
    config = derived_config(tree, out / f"site-{n}", out / f"mkdocs-{n}.yml",
                            plugins=[{"sang-kien": plugin}])
    timings = out / f"timings-{n}.json"
    # The build's log (its progress lines included) beside the results.
    site = measure([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                   env={TIMINGS_ENV: str(timings), "NO_MKDOCS_2_WARNING": "1"},
                   log=out / f"build-{n}.log", memory=out / f"memory-{n}.tsv")
    stages = json.loads(timings.read_text(encoding="utf-8"))
    peaks = json.loads(Path(f"{timings}.peaks").read_text(encoding="utf-8"))
    pages = sum(1 for _ in (out / f"site-{n}").rglob("index.html"))
    return {
        "n": n,
        "shape": shape,
        "knobs": {k: v for k, v in vars(resolve_shape(shape, knobs)[1]).items()
                  if v is not None},
        "baseline": {"seconds": baseline["seconds"], "peak_mb": baseline["peak_mb"],
                     "stages": json.loads(baseline["stdout"].strip().splitlines()[-1])
                     .get("stages", {})} if baseline is not None else None,
        "site": {"seconds": site["seconds"], "peak_mb": site["peak_mb"], "stages": stages,
                 "peak_mb_after": peaks, "pages": pages},
        "ratio": site["seconds"] / baseline["seconds"] if baseline is not None else None,
    }


def print_table(results: list[dict[str, Any]]) -> None:
    print("| N | bodies | baseline s | build s | ratio | baseline peak MB | build peak MB "
          "| stages (s) |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["site"]["stages"].items()
                           if k != "total")
        base = r["baseline"]
        base_s = f"{base['seconds']:.1f}" if base else "–"
        ratio = f"{r['ratio']:.2f}×" if base else "–"
        ratios = sorted(run["ratio"] for run in r.get("runs", []) if run["ratio"])
        if len(ratios) > 1:
            ratio += f" (runs {ratios[0]:.2f}–{ratios[-1]:.2f}×)"
        base_peak = f"{base['peak_mb']:.0f}" if base else "–"
        print(f"| {r['n']:,} | {r.get('shape', 'standard')} | {base_s} | "
              f"{r['site']['seconds']:.1f} | {ratio} | {base_peak} | {r['site']['peak_mb']:.0f} "
              f"| {stages} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size (the median is shown, every run kept)")
    parser.add_argument("--shapes", nargs="+", default=["standard"],
                        choices=SHAPES,
                        help="shapes of the synthetic content (bench/synth.py --shape)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="the build alone (at 1,000,000 the bare loop takes as long again)")
    add_knob_arguments(parser)
    args = parser.parse_args()
    knobs = knobs_of(args)
    # The code measured is the code when the run starts (a run can outlast commits).
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=PROJECT,
                            capture_output=True, text=True).stdout.strip()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for n, shape in [(n, shape) for n in args.sizes for shape in args.shapes]:
        runs = [run_size(n, args.seed, args.out, shape, with_baseline=not args.no_baseline,
                         knobs=knobs)
                for _ in range(args.repeat)]
        # The median run, not the best: the machines are noisy, and the best of several
        # runs flatters. Every run's figures are kept beside it.
        ordered = sorted(runs, key=lambda r: r["ratio"] or r["site"]["seconds"])
        median = ordered[(len(ordered) - 1) // 2]
        median["runs"] = [{"baseline_s": r["baseline"]["seconds"] if r["baseline"] else None,
                           "site_s": r["site"]["seconds"], "ratio": r["ratio"]} for r in runs]
        results.append(median)
        print_table([median])
        sys.stdout.flush()
    print()
    print(f"{dt.date.today().isoformat()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}")
    print_table(results)
    print()
    print("Peak memory (MB) at the end of each stage, the build's process and its children:")
    for r in results:
        print(f"{r['n']:,} {r.get('shape', 'standard')}: " + ", ".join(
            f"{k} {v:.0f}" for k, v in r["site"]["peak_mb_after"].items()))
    # Kept as data beside the other benchmarks' results: the date, what was built, and the
    # commit, so a later reader knows which code gave the figures.
    label = knobs.label()
    name = "-".join([f"run-{dt.date.today().isoformat()}", *map(str, args.sizes),
                     *args.shapes, *([label] if label else []),
                     *([f"r{args.repeat}"] if args.repeat > 1 else [])])
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{name}.json"
    target.write_text(json.dumps({"commit": commit, "machine": platform.machine(),
                                  "cores": os.cpu_count(),
                                  "python": platform.python_version(),
                                  "load": os.getloadavg()[0], "results": results}, indent=1),
                      encoding="utf-8")
    print(f"results: {target}")


if __name__ == "__main__":
    main()
