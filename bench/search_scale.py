"""How far the search index goes: its build and a reader's first searches at N records.

Usage: ``python bench/search_scale.py N [N...] [--no-browser] [--no-build] [--repeat R]``

N deterministic synthetic search records are made directly (no site build), shaped like
``innovation_record``'s (Vietnamese titles, summaries and the opening 400 characters of a body
from bench/synth.py's vocabulary; the sample content's 16 units, its 2 phases, years
2021-2023, tags), newest first. The partitioned index (generator/search/partitioned.py) is
made of them in a process of its own; printed: build time, peak memory (the builder's resident
size, from wait4), index size and files. Then the sample site is built once, its index
replaced by the synthetic one, served on localhost (gzip as a static host serves text; the
index's own files are gzipped already) and, in Debian's Chromium, each query
is typed into the search page from an empty cache: bytes transferred (response bodies as
sent, compressed) and time from the keystroke to the results shown (the page waits 200 ms
after the last keystroke before it searches: included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402

from generator.search.records import (  # noqa: E402
    MAX_BODY_CHARS,
    SearchRecord,
    folded_d_words,
)
from generator.site import urls  # noqa: E402
from generator.site.vietnamese import format_date  # noqa: E402

OUT = ROOT / "bench" / "out" / "search-scale"
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2023, 12, 31)
QUERIES: tuple[tuple[str, str], ...] = (
    ("điện", ""), ("đường dây", ""), ("duong day", ""), ("hotline", ""),
    ("tiết kiệ", ""), ("máy biến áp", "EVNNPC"), ("recloser lò hơi", ""),
)
"""(query, unit token): a common word, two words, unaccented, a rare word, a prefix, a unit
filter, and two words never found together (the worst case we know of: their lists are read
until the budget of a screenful is spent)."""


def _sample() -> tuple[list[dict[str, str]], list[dict[str, object]], dict[str, str],
                       dict[str, str]]:
    program = yaml.safe_load((ROOT / "content" / "program.yml").read_text(encoding="utf-8"))
    units = yaml.safe_load((ROOT / "content" / "units.yml").read_text(encoding="utf-8"))
    awards = {key: value["name"] for key, value in program["awards"].items()}
    return units, program["phases"], program["categories"], awards


def records(count: int, seed: int = 1) -> Iterator[SearchRecord]:
    """count records, newest first; the same count and seed give the same records."""
    rng = random.Random(seed)
    units, phases, categories, awards = _sample()
    category_names = list(categories.values())
    award_names = list(awards.values())
    span = (LAST_DAY - FIRST_DAY).days
    family_cum = list(_accumulate(w for _, w in synth.FAMILY_NAMES))
    names = [synth.person_name(rng, family_cum) for _ in range(5000)]
    for index in range(count):
        day = LAST_DAY - dt.timedelta(days=span * index // max(count, 1))
        unit = units[rng.randrange(len(units))]
        places = synth.UNITS[rng.randrange(len(synth.UNITS))].places
        topic = synth.make_topic(rng, synth.Unit(unit["code"], unit["name"], 1, 1.0, places))
        title = synth.make_title(rng, topic)
        summary = synth.make_summary(topic)
        body = " ".join(line for line in synth.situation_section(rng, topic, day.year)[2:]
                        if line)[:MAX_BODY_CHARS]
        authors = ", ".join(names[int(len(names) * rng.random() ** 1.8)]
                            for _ in range(rng.choice((1, 1, 2, 2, 3))))
        tags = sorted(rng.sample(synth.TAGS, rng.randrange(1, 4)), key=synth.TAGS.index)
        phase = next((p["name"] for p in phases if p["start"] <= day <= p["end"]), None)
        category = category_names[rng.randrange(len(category_names))]
        won = [award_names[0]] if rng.random() < 0.02 else []
        won += [award_names[1]] if rng.random() < 0.03 else []
        ident = f"{unit['code'].lower()}-{day.year}-{index:07d}"
        words = f"{title} {summary} {body} {authors} {unit['name']} {' '.join(tags)}"
        yield SearchRecord(
            url=f"sang-kien/{ident}/", title=title,
            content=f"{body} {authors} {folded_d_words(words)}",
            meta={"unit": unit["name"], "category": category, "summary": summary,
                  "tags": ", ".join(tags), "date": format_date(day), "kind": "Sáng kiến"},
            filters={"unit": [unit["name"]], "phase": [phase] if phase else [],
                     "category": [category], "year": [str(day.year)], "award": won,
                     "tag": tags, "counted": ["Được tính"]},
            sort={"date": day.isoformat()},
        )


def _accumulate(values: Iterator[int]) -> Iterator[int]:
    total = 0
    for value in values:
        total += value
        yield total


def _tree_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def build_index(count: int, output: Path) -> dict[str, float]:
    """Index count records into output, in this process (run by main in a child)."""
    from generator.search.partitioned import build_partitioned, record_terms
    from generator.search.record_spool import RecordSpool

    start = time.perf_counter()
    generated = sum(1 for _ in records(min(count, 20000)))
    generate_s = (time.perf_counter() - start) * count / max(generated, 1)
    start = time.perf_counter()
    # As a build gives them: spooled on disk with their terms, read back in order.
    spool = RecordSpool(output.parent, terms=record_terms)
    try:
        for record in records(count):
            spool.add(record)
        build_partitioned(spool, output)
    finally:
        spool.close()
    seconds = time.perf_counter() - start
    size, files = _tree_size(output)
    return {"seconds": round(seconds, 2), "generate_s": round(generate_s, 1),
            "index_mb": round(size / 2**20, 1), "files": files}


def run_build(count: int) -> dict[str, float]:
    """build_index in a fresh process; its peak resident size from wait4."""
    output = OUT / f"index-{count}"
    process = subprocess.Popen([sys.executable, __file__, "--build-only", str(count),
                                str(output)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    text = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"build {count} failed")
    row = json.loads(text)
    row["builder_peak_mb"] = round(usage.ru_maxrss / 1024)
    # CPU seconds of the build and its processes: steadier than wall time on a shared machine
    # (record generation included: see "generate_s").
    row["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    return row


def sample_site() -> Path:
    """The sample site, built once; its index is swapped per N."""
    from sitetools import build_site
    folder = OUT / "site"
    site = folder / "site"
    if not (site / "tim-kiem" / "index.html").exists():
        shutil.rmtree(folder, ignore_errors=True)
        build_site(ROOT / "content", folder)
    return site


def first_searches(count: int, repeat: int) -> list[dict[str, object]]:
    import functools
    import http.server

    from reader import GzipHandler
    from sitetools import launch_chromium

    site = sample_site()
    target = site / urls.SEARCH_PARTS.rstrip("/")
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.symlink_to(OUT / f"index-{count}", target_is_directory=True)
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/tim-kiem/"
    rows: list[dict[str, object]] = []
    try:
        with launch_chromium() as browser:
            for query, unit in QUERIES:
                runs = [_one_search(browser, base, query, unit) for _ in range(repeat)]
                kb = [float(r["kb"]) for r in runs]
                ms = [float(r["ms"]) for r in runs]
                rows.append({"query": query + (f" [{unit}]" if unit else ""),
                             "kb": round(statistics.median(kb), 1),
                             "ms": round(statistics.median(ms)), "ms_all": ms,
                             "requests": runs[0]["requests"], "status": runs[0]["status"]})
    finally:
        server.shutdown()
    return rows


WATCH_STATUS = """
new MutationObserver(() => {
  const text = document.getElementById('sk-status').textContent;
  if (/kết quả|Không tìm thấy/.test(text) && window.skDone === undefined)
    window.skDone = performance.now();
}).observe(document.getElementById('sk-status'), {childList: true, characterData: true,
  subtree: true});
"""


def _one_search(browser, base: str, query: str, unit: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    sizes: list[int] = []
    counting = [False]

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        if counting[0]:
            sizes.append(request.sizes()["responseBodySize"])

    page.on("requestfinished", finished)
    page.goto(base, wait_until="networkidle")
    page.evaluate(WATCH_STATUS)
    if unit:  # chosen without a search of its own: the query below is the first
        page.evaluate(f"document.querySelector('select[data-filter=unit]').value = '{unit}'")
    counting[0] = True
    page.evaluate("window.skStart = performance.now()")
    page.fill("#sk-q", query)
    page.wait_for_function("() => window.skDone !== undefined", timeout=120000)
    ms = page.evaluate("window.skDone - window.skStart")
    page.wait_for_load_state("networkidle")
    status = page.locator("#sk-status").inner_text()
    context.close()
    return {"kb": sum(sizes) / 1024, "ms": ms, "requests": len(sizes), "status": status}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--build-only":
        count, output = int(sys.argv[2]), Path(sys.argv[3])
        print(json.dumps(build_index(count, output)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", type=int, nargs="+")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="reuse the last indexes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report = []
    for count in args.counts:
        row: dict[str, object] = {"n": count}
        if not args.no_build:
            row.update(run_build(count))
        if not args.no_browser:
            row["searches"] = first_searches(count, args.repeat)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        report.append(row)
    (OUT / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                     encoding="utf-8")


if __name__ == "__main__":
    main()
