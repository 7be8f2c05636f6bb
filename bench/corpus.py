"""Time `python -m generator validate` on each bad file of the test corpus, alone in a tree.

Usage: ``python bench/corpus.py`` — prints the slowest and the median, in seconds, process
start included (what an editor waits for).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

from conftest import ContentTree  # noqa: E402


def main() -> None:
    corpus = PROJECT / "tests/corpus"
    cases = json.loads((corpus / "cases.json").read_text(encoding="utf-8"))
    times = {}
    for case in cases:
        with tempfile.TemporaryDirectory() as folder:
            tree = ContentTree(Path(folder) / "content")
            tree.innovation("valid/a")
            shutil.copytree(PROJECT / "tests/corpus-assets", tree.root / "corpus-assets")
            target = tree.root / case["place"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((corpus / case["file"]).read_bytes())
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "generator", "validate",
                                     str(tree.root)], capture_output=True, cwd=PROJECT)
            times[case["file"]] = time.perf_counter() - started
            assert result.returncode == 1, case["file"]
    slowest = max(times, key=times.__getitem__)
    print(f"{len(times)} bad files: median {statistics.median(times.values()):.2f} s, "
          f"slowest {times[slowest]:.2f} s ({slowest})")


if __name__ == "__main__":
    main()
