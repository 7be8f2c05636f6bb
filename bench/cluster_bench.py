"""Benchmark: the same build on this machine alone and on a local Dask cluster.

Usage: ``python bench/cluster_bench.py [N] [--repeat R] [--out DIR] [--tasks T] [--only-costs]``

Builds the synthetic tree of N innovations (``bench/synth.py``) R times in each mode, the
modes interleaved so that the machine's noise falls on all of them: ``single`` (forked
processes, the default build), ``returned`` (``distributed: local:2``, pages' bytes sent back
and written by the build process) and ``shared`` (the same, the workers writing the pages).
Prints wall time and the stages of each run, the distributed stage's own log line (state
sent, bytes returned, time spent on workers), the pickled size of what is sent to each
worker, and the scheduler's cost per task (T empty tasks on a local cluster of two workers).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from devtools.buildconfig import derived_config  # noqa: E402
from generator.infra.timing import TIMINGS_ENV  # noqa: E402

MODES = {"single": {}, "returned": {"distributed": "local:2"},
         "shared": {"distributed": "local:2", "distributed_shared_site": True}}


def build(tree: Path, out: Path, mode: str) -> dict[str, Any]:
    site = out / f"site-{mode}"
    subprocess.run(["rm", "-rf", str(site)], check=True)
    config = derived_config(tree, site, out / f"mkdocs-{mode}.yml",
                            plugins=[{"sang-kien": MODES[mode]}] if MODES[mode] else [
                                "sang-kien"])
    timings = out / f"timings-{mode}.json"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, TIMINGS_ENV: str(timings),
                                 "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    line = re.search(r"phân tán: .*", result.stderr)
    return {"mode": mode, "seconds": seconds,
            "stages": json.loads(timings.read_text(encoding="utf-8")),
            "log": line.group() if line else ""}


def state_bytes(tree: Path) -> int:
    """The pickled site plan: nearly all of what is sent once to each worker."""
    from generator.site.checked import load_and_plan

    site = load_and_plan(tree, 2).site
    return len(pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))


def scheduler_cost(tasks: int) -> float:
    """Seconds per empty task, submitted and gathered through a local cluster of two."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as local, \
            distributed.Client(local) as client:
        client.gather(client.map(abs, range(100), pure=False))  # warm up
        started = time.perf_counter()
        client.gather(client.map(abs, range(tasks), pure=False))
        return (time.perf_counter() - started) / tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only-costs", action="store_true", help="state size and task cost")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--tasks", type=int, default=2000)
    args = parser.parse_args()
    out = args.out / f"cluster-{args.n}"
    out.mkdir(parents=True, exist_ok=True)
    tree = out / "content"
    if not (out / "content.complete").exists():
        subprocess.run(["rm", "-rf", str(tree)], check=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(args.n), str(tree),
                        "--seed", str(args.seed)], check=True)
        (out / "content.complete").write_text("ok\n")
    runs = []
    for _ in range(0 if args.only_costs else args.repeat):
        for mode in MODES:
            run = build(tree, out, mode)
            runs.append(run)
            stages = run["stages"]
            print(f"{mode:9} {run['seconds']:6.1f} s  bulk {stages['render_bulk_pages']:5.1f} s"
                  f"  search {stages['search_index']:5.1f} s  {run['log']}", flush=True)
    print(f"site plan pickled: {state_bytes(tree) / 1e6:.1f} MB")
    print(f"scheduler cost per task: {1000 * scheduler_cost(args.tasks):.2f} ms")
    if runs:
        (out / "results.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
