"""How far each search engine goes: index build and a reader's first searches at N records.

Usage: ``python bench/search_scale.py N [N...] [--engine pagefind|partitioned ...]
[--no-browser] [--repeat R]``

N deterministic synthetic search records are made directly (no site build), shaped like
``innovation_record``'s (Vietnamese titles, summaries and the opening 400 characters of a body
from bench/synth.py's vocabulary; the sample content's 16 units, its 2 phases, years
2021-2023, tags), newest first. Each engine indexes them in a process of its own; printed:
build time, peak memory (the builder's own resident size, and for Pagefind its largest
Pagefind process, from wait4), index size and files. Then the sample site is built once per
engine, its index replaced by the synthetic one, served on localhost (gzip as a static host
serves text; the indexes' own files are gzipped already) and, in Debian's Chromium, each query
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
import resource
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

from generator.search.search_index import (  # noqa: E402
    MAX_BODY_CHARS,
    SHARD_SIZE,
    SearchRecord,
    folded_d_words,
)
from generator.site.vietnamese import format_date  # noqa: E402

OUT = ROOT / "bench" / "out" / "search-scale"
ENGINES = ("pagefind", "partitioned")
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


def build_engine(engine: str, count: int, output: Path) -> dict[str, float]:
    """Index count records with engine into output, in this process (run by main in a child)."""
    start = time.perf_counter()
    generated = sum(1 for _ in records(min(count, 20000)))
    generate_s = (time.perf_counter() - start) * count / max(generated, 1)
    start = time.perf_counter()
    if engine == "partitioned":
        from generator.search.partitioned import build_partitioned, record_terms
        from generator.search.record_spool import RecordSpool

        # As a build gives them: spooled on disk with their terms, read back in order.
        spool = RecordSpool(output.parent, terms=record_terms)
        try:
            for record in records(count):
                spool.add(record)
            build_partitioned(spool, output)
        finally:
            spool.close()
    else:
        _build_pagefind(records(count), output)
    seconds = time.perf_counter() - start
    size, files = _tree_size(output)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "generate_s": round(generate_s, 1),
            "index_mb": round(size / 2**20, 1), "files": files,
            "pagefind_peak_mb": round(children / 1024)}


def _build_pagefind(stream: Iterator[SearchRecord], output: Path) -> None:
    """search_index.build_index's shards, made from a stream (the records come newest first):
    two Pagefind runs at once, at most two shards of records held."""
    from concurrent.futures import ThreadPoolExecutor

    from generator.search.pagefind_bundle import CHUNK_BYTES
    from generator.search.search_index import CONCURRENT_SHARDS, SHARDS_FILE, _index_shard
    if output.exists():
        shutil.rmtree(output)
    targets: list[Path] = []
    with ThreadPoolExecutor(max_workers=CONCURRENT_SHARDS) as pool:
        pending = []
        while True:
            shard = [record for _, record in zip(range(SHARD_SIZE), stream, strict=False)]
            if not shard:
                break
            target = output if not targets else output / f"shard-{len(targets)}"
            targets.append(target)
            pending.append(pool.submit(_index_shard, shard, target, CHUNK_BYTES))
            del shard
            if len(pending) >= CONCURRENT_SHARDS:
                pending.pop(0).result()
        for job in pending:
            job.result()
    from generator.search.search_index import _UI_FILES
    for target in targets[1:]:
        for name in _UI_FILES:
            (target / name).unlink(missing_ok=True)
    (output / SHARDS_FILE).write_text(
        json.dumps({"merge": [f"{t.name}/" for t in targets[1:]]}), encoding="utf-8")


def run_build(engine: str, count: int) -> dict[str, float]:
    """build_engine in a fresh process; its peak resident size from wait4."""
    output = OUT / f"{engine}-{count}"
    process = subprocess.Popen([sys.executable, __file__, "--build-only", engine, str(count),
                                str(output)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    text = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"build {engine} {count} failed")
    row = json.loads(text)
    row["builder_peak_mb"] = round(usage.ru_maxrss / 1024)
    # CPU seconds of the build and its processes: steadier than wall time on a shared machine
    # (record generation included: see "generate_s").
    row["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    return row


def site_for(engine: str) -> Path:
    """The sample site built once with engine; its index is swapped per N."""
    from sitetools import build_site
    folder = OUT / f"site-{engine}"
    site = folder / "site"
    if not (site / "tim-kiem" / "index.html").exists():
        shutil.rmtree(folder, ignore_errors=True)
        build_site(ROOT / "content", folder, search_engine=engine)
    return site


def index_folder(engine: str) -> str:
    from generator.site import urls
    return urls.SEARCH_INDEX if engine == "pagefind" else urls.SEARCH_PARTS


def first_searches(engine: str, count: int, repeat: int) -> list[dict[str, object]]:
    import functools
    import http.server

    from reader import GzipHandler
    from sitetools import launch_chromium

    site = site_for(engine)
    target = site / index_folder(engine).rstrip("/")
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.symlink_to(OUT / f"{engine}-{count}", target_is_directory=True)
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
        engine, count, output = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(build_engine(engine, count, output)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", type=int, nargs="+")
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="reuse the last indexes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report = []
    for count in args.counts:
        for engine in args.engine or ENGINES:
            row: dict[str, object] = {"engine": engine, "n": count}
            if not args.no_build:
                row.update(run_build(engine, count))
            if not args.no_browser:
                row["searches"] = first_searches(engine, count, args.repeat)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            report.append(row)
    (OUT / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                     encoding="utf-8")


if __name__ == "__main__":
    main()
