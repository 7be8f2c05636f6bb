"""Where a build's memory goes: the structures that grow with the content, sized per innovation.

Usage: ``python bench/memory_profile.py N [--shapes standard recurring ...] [--seed S]
[--out DIR] [--trace-plan] [knobs of bench/synth.py]``

Outside the normal build path: it loads and plans the content as a build does (one process,
bodies not kept but for the build's budget), then sizes each structure the plan keeps by
walking its objects (each object counted once, in the order listed: a structure's size is
what it holds that the ones before it do not), and the honour roll's working set (what it
allocates while it runs, from tracemalloc; made in one pass as before and in two as now, on
the same catalog). With --trace-plan, tracemalloc follows the whole
plan and prints the lines that kept most. Writes JSON into bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import sys
import time
import tracemalloc
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(HERE))

from run import RESULTS, content_tree  # noqa: E402
from synth import SHAPES, add_knob_arguments, knobs_of  # noqa: E402

from generator.content.loader import load_content  # noqa: E402
from generator.content.model import Catalog  # noqa: E402
from generator.site import site_plan  # noqa: E402
from generator.site.counting import author_key, compute_stats, is_counted  # noqa: E402
from generator.site.related import related_initiatives  # noqa: E402
from generator.site.reports import monthly_reports  # noqa: E402
from generator.site.vietnamese import name_key  # noqa: E402

BODY_BUDGET = 24_000_000
"""The plugin's kept_body_characters default: the catalog as a build without cache holds it."""

_SKIP = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
         types.MethodType, types.CodeType, types.FrameType)


def deep_size(root: object, seen: set[int]) -> int:
    """Bytes of root and everything it reaches that is not in seen (then added to seen)."""
    total, stack = 0, [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, _SKIP):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
    return total


def one_pass_roll(catalog: Catalog) -> list[dict[str, Any]]:
    """The honour roll as it was made before commit 6c71e40 (every person held with lists of
    all their initiatives), to measure it against the two passes on the same catalog."""
    people: dict[tuple[str, str], dict[str, Any]] = {}
    for inn in catalog.published:
        counted = is_counted(inn, catalog.program)
        for author in inn.authors:
            key = author_key(inn.unit, author.name)
            person = people.setdefault(key, {"name": " ".join(author.name.split()),
                                             "unit": inn.unit, "counted": [],
                                             "awarded": [], "all": []})
            person["all"].append(inn)
            if counted:
                person["counted"].append(inn)
            if inn.awards and counted:
                person["awarded"].append(inn)
    chosen = [p for p in people.values() if len(p["counted"]) >= 2 or p["awarded"]]
    return sorted(chosen, key=lambda p: (name_key(p["name"]), p["unit"]))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def traced(call: Callable[[], Any]) -> tuple[Any, int, int]:
    """call's result, the bytes it kept and the most it held at once while running."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = call()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, current - before, peak - before


def profile(tree: Path, trace_plan: bool) -> dict[str, Any]:
    started = time.perf_counter()
    loaded = load_content(tree, 1, keep_bodies=False, body_budget=BODY_BUDGET)
    catalog = loaded.catalog
    assert catalog is not None, "content with errors"
    del loaded
    gc.collect()
    load_s = time.perf_counter() - started
    load_peak = rss_mb()
    n = len(catalog.innovations)
    people = len({author_key(i.unit, a.name) for i in catalog.published for a in i.authors})

    # The honour roll alone: what it allocates while it runs (its people dict with every
    # person's lists) against what it keeps (the people shown).
    rolls = {}
    for name, make in (("one_pass", one_pass_roll), ("two_passes", site_plan.honour_roll)):
        roll, kept, peak = traced(lambda make=make: make(catalog))  # type: ignore[misc]
        shown = len(roll)
        rolls[name] = {"kept_bytes": kept, "peak_bytes": peak,
                       "peak_bytes_per_innovation": round(peak / max(n, 1), 1),
                       "kept_bytes_per_innovation": round(kept / max(n, 1), 1)}
        del roll
    related, related_kept, related_peak = traced(
        lambda: related_initiatives(catalog.published))
    del related
    # The counters and the monthly reports each hold every author's key while they count.
    working: dict[str, dict[str, int]] = {}
    for name, call in (("stats", lambda: compute_stats(catalog)),
                       ("monthly_reports", lambda: tuple(monthly_reports(catalog)))):
        made, kept, peak = traced(call)
        working[name] = {"kept_bytes": kept, "peak_bytes": peak}
        del made

    started = time.perf_counter()
    snapshot_lines: list[dict[str, Any]] = []
    if trace_plan:
        gc.collect()
        tracemalloc.start(1)
        site = site_plan.plan_site(catalog)
        snapshot = tracemalloc.take_snapshot()
        plan_kept, plan_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        for stat in snapshot.statistics("lineno")[:25]:
            frame = stat.traceback[0]
            snapshot_lines.append({"line": f"{Path(frame.filename).name}:{frame.lineno}",
                                   "bytes": stat.size, "blocks": stat.count})
    else:
        site = site_plan.plan_site(catalog)
        plan_kept = plan_peak = 0
    plan_s = time.perf_counter() - started
    plan_rss = rss_mb()

    # Sized in this order, each counting only what the ones before do not hold.
    seen: set[int] = set()
    innovation_pages = next(p for p in site.pages.parts
                            if isinstance(p, site_plan.InnovationPages))
    other_pages = [p for p in site.pages.parts if p is not innovation_pages]
    structures: list[tuple[str, str, object]] = [
        ("catalog: bodies kept (the build's budget)", "bounded: 24 M characters",
         [i.body for i in catalog.innovations if i.body]),
        ("catalog: innovation records (without bodies)", "innovations", catalog.innovations),
        ("catalog: by_id", "innovations", catalog.by_id),
        ("catalog: units, programme, months, events", "units, months",
         (catalog.units, catalog.program, catalog.months, catalog.events,
          catalog.unit_by_code)),
        ("related innovations table", "innovations", innovation_pages.related),
        ("featured_in, presented_at", "picks, events",
         (innovation_pages.featured_in, innovation_pages.presented_at)),
        ("stats (counters, units, months)", "units × months", site.stats),
        ("impact (items with a value)", "innovations with a benefit", site.impact),
        ("monthly reports", "units × months", site.reports),
        ("tag map", "tags", site.tag_slugs),
        ("other planned pages (listings, units, tags, awards, honour roll, reports)",
         "innovations / 20, people shown, awards", other_pages),
    ]
    sized = []
    for name, grows, obj in structures:
        size = deep_size(obj, seen)
        sized.append({"structure": name, "grows_with": grows, "bytes": size,
                      "bytes_per_innovation": round(size / max(n, 1), 1)})
    return {
        "innovations": n, "published": len(catalog.published), "people": people,
        "people_shown": shown, "load_s": round(load_s, 1), "plan_s": round(plan_s, 1),
        "rss_peak_mb_after_load": round(load_peak), "rss_peak_mb_after_plan": round(plan_rss),
        "honour_roll": rolls,
        "related": {"kept_bytes": related_kept, "peak_bytes": related_peak},
        "working_sets": working,
        "plan_traced": {"kept_bytes": plan_kept, "peak_bytes": plan_peak,
                        "top_lines": snapshot_lines},
        "structures": sized,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--shapes", nargs="+", default=["standard"], choices=SHAPES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--trace-plan", action="store_true",
                        help="tracemalloc over the whole plan (slower): the lines that keep most")
    add_knob_arguments(parser)
    args = parser.parse_args()
    knobs = knobs_of(args)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for shape in args.shapes:
        tree = content_tree(args.n, args.seed, args.out, shape, knobs)
        # Each shape in its own process: one's garbage must not count in the other's peak.
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            with os.fdopen(write, "w") as out:
                json.dump(profile(tree, args.trace_plan), out)
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as into:
            result = {"shape": shape, **json.load(into)}
        os.waitpid(pid, 0)
        results.append(result)
        n = result["innovations"]
        print(f"\n{n:,} innovations, shape {shape}: {result['people']:,} people, "
              f"{result['people_shown']:,} shown; load {result['load_s']} s, "
              f"plan {result['plan_s']} s; peak RSS {result['rss_peak_mb_after_load']} MB "
              f"after load, {result['rss_peak_mb_after_plan']} MB after plan")
        for name, roll in result["honour_roll"].items():
            print(f"honour roll, {name}: held {roll['peak_bytes'] / 1e6:.1f} MB while running "
                  f"({roll['peak_bytes_per_innovation']} B per innovation), kept "
                  f"{roll['kept_bytes'] / 1e6:.1f} MB")
        print(f"related table: held {result['related']['peak_bytes'] / 1e6:.1f} MB, kept "
              f"{result['related']['kept_bytes'] / 1e6:.1f} MB")
        for name, sizes in result.get("working_sets", {}).items():
            print(f"{name}: held {sizes['peak_bytes'] / 1e6:.1f} MB while running, kept "
                  f"{sizes['kept_bytes'] / 1e6:.1f} MB")
        print("| structure | grows with | MB | bytes per innovation |")
        print("|---|---|---:|---:|")
        for row in result["structures"]:
            print(f"| {row['structure']} | {row['grows_with']} | {row['bytes'] / 1e6:.1f} "
                  f"| {row['bytes_per_innovation']:.0f} |")
        for line in result["plan_traced"]["top_lines"]:
            print(f"  {line['line']}: {line['bytes'] / 1e6:.1f} MB in {line['blocks']:,} blocks")
        sys.stdout.flush()
    label = knobs.label()
    name = "-".join([f"memory-{dt.date.today().isoformat()}", str(args.n), *args.shapes,
                     *([label] if label else [])])
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{name}.json"
    target.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"results: {target}")


if __name__ == "__main__":
    main()
