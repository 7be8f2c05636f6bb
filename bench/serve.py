"""Benchmark of `mkdocs serve`: edit one innovation, time until the new page is served.

Usage: ``python bench/serve.py N [--edits 3] [--seed S] [--out DIR]``
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import content_tree  # noqa: E402

from devtools.buildconfig import derived_config  # noqa: E402
from generator.infra.timing import TIMINGS_ENV  # noqa: E402

# As scripts/serve does: MkDocs serves from a temporary folder, here in memory when possible.
TMP = {"TMPDIR": "/dev/shm"} if os.access("/dev/shm", os.W_OK) else {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def index_holds(index: str, term: str) -> bool:
    """Whether the partitioned index at this address has term in its dictionary (the part
    whose range holds it, as sk-search-parts.js finds it)."""
    manifest = fetch(index + "index.json")
    if manifest is None:
        return False
    part = max(0, bisect.bisect_right(json.loads(manifest)["parts"], term) - 1)
    try:
        with urllib.request.urlopen(f"{index}t/{part}.json.gz", timeout=5) as response:
            entries = json.loads(gzip.decompress(response.read()))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return False
    return any(entry[0] == term for entry in entries)


def wait_for(url: str, needle: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"not served within {limit} s: {url}")


def rebuild_stages(timings: Path, last: int) -> str:
    """The stages of the rebuild, once it has written its timings (a moment after serving)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if timings.exists() and timings.stat().st_mtime_ns != last:
            try:
                stages = json.loads(timings.read_text(encoding="utf-8"))
            except ValueError:  # caught while being written
                time.sleep(0.05)
                continue
            return ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        time.sleep(0.05)
    return "not written"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tree = content_tree(args.n, args.seed, args.out)
    config = derived_config(tree, args.out / f"serve-site-{args.n}",
                            args.out / f"mkdocs-serve-{args.n}.yml")
    port = free_port()
    timings = args.out / f"serve-timings-{args.n}.json"
    timings.unlink(missing_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(config), "-a",
         f"127.0.0.1:{port}"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", TIMINGS_ENV: str(timings), **TMP},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    target = sorted((tree / "innovations").rglob("*.md"))[len(list(
        (tree / "innovations").rglob("*.md"))) // 2]
    original = target.read_bytes()
    try:
        first = wait_for(f"http://127.0.0.1:{port}/", "sk-counters", 1800)
        print(f"first build served after {first:.1f} s")
        text = original.decode("utf-8")
        innovation_id = re.search(r'^id: "?([A-Z0-9-]+)"?', text, re.MULTILINE).group(1)
        url = f"http://127.0.0.1:{port}/sang-kien/{innovation_id.lower()}/"
        times = []
        for edit in range(args.edits):
            marker = f"Bản sửa số {edit + 1} {time.time_ns()}"
            edited = re.sub(r'^title: .*$', f'title: "{marker}"', text, count=1,
                            flags=re.MULTILINE)
            time.sleep(1.0)  # let the server settle between edits
            last = timings.stat().st_mtime_ns if timings.exists() else 0
            target.write_text(edited, encoding="utf-8")
            times.append(wait_for(url, marker, 120))
            print(f"edit {edit + 1}: new page served after {times[-1]:.2f} s; "
                  f"rebuild stages: {rebuild_stages(timings, last)}")
        print(f"N={args.n}: edit to served, best {min(times):.2f} s, worst {max(times):.2f} s")
        # Left alone after the last edit, the server replaces the search index behind it:
        # served once its dictionary holds the last marker's number.
        started = time.perf_counter()
        while (not index_holds(f"http://127.0.0.1:{port}/chi-muc/", marker.rsplit(" ", 1)[1])
               and time.perf_counter() - started < 300):
            time.sleep(0.2)
        print(f"search index of the last edit served {time.perf_counter() - started:.1f} s "
              "after its page")
    finally:
        target.write_bytes(original)
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl+C: MkDocs removes its serve folder
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
