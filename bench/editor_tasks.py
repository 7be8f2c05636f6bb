"""Each task of an officer, the board and a union office through the web editor, timed: runs
the browser tests that drive them (tests/browser/test_editor.py, Chromium against decap-server
and `mkdocs serve` on a copy of the sample content) RUNS times and prints the median of each
TIMING line they print, and the bytes the editor downloads (docs/performance.md, "The web
editor's tasks").

    .venv/bin/python bench/editor_tasks.py [RUNS]    # 3 by default
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
TASKS = ("written_in_the_form or photo_is_saved or at_most_its or award_is_added or "
         "nothing_names or exchange_is_added or downloads_its or refuses_a_taken")
TIMING = re.compile(r"^TIMING (.+): ([0-9.]+) s$", re.MULTILINE)
BYTES = re.compile(r"^BYTES (.+)$", re.MULTILINE)


def main(runs: int) -> int:
    times: dict[str, list[float]] = defaultdict(list)
    sizes: set[str] = set()
    failed: list[str] = []
    for run in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/browser/test_editor.py", "-q", "-s", "-p",
             "no:randomly", "-k", TASKS], cwd=PROJECT, capture_output=True, text=True,
            check=False)
        if done.returncode != 0:  # the run's times still count; its failures are said
            failed.extend(re.findall(r"^FAILED (\S+)", done.stdout, re.MULTILINE))
        for task, seconds in TIMING.findall(done.stdout):
            times[task].append(float(seconds))
        sizes.update(BYTES.findall(done.stdout))
        print(f"run {run + 1}/{runs} done", file=sys.stderr)
    print(f"| task (median of {runs} runs; every sample) | seconds |")
    print("|---|---|")
    for task, samples in times.items():
        every = ", ".join(f"{s:.2f}" for s in samples)
        print(f"| {task} ({len(samples)} samples: {every}) | {statistics.median(samples):.2f} |")
    for line in sorted(sizes):
        print(f"\n{line}")
    for test in failed:
        print(f"\nFAILED in a run: {test}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
