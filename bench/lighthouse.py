"""Lighthouse's accessibility, best-practices and SEO scores for every page kind of the sample
site, at a phone's width (360 px, mobile form factor) and at a desktop's (1280 px), in the light
and the dark colour scheme (prefers-color-scheme, which the site follows).

Lighthouse is not a dependency of the project; install it anywhere outside it (Node.js 20 takes
Lighthouse 12) and give its folder:

    mkdir /tmp/lhtool && (cd /tmp/lhtool && npm init -y && npm install lighthouse@12)
    LIGHTHOUSE_DIR=/tmp/lhtool .venv/bin/python bench/lighthouse.py [--site DIR]

Without --site the sample content is built into a temporary folder. The site is served as a
static host serves it (an unknown address gets 404.html with status 404); each run is one
fresh browser context in Chromium (CHROME_PATH, or `chromium`). Writes
bench/results/lighthouse-sample.json and prints a table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

from serving import serve_folder  # noqa: E402

RUNNER = Path(__file__).with_name("lighthouse_runner.mjs")
OUT = PROJECT / "bench/results/lighthouse-sample.json"
CATEGORIES = ("accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")
SCHEMES = ("light", "dark")
MISSING = "/khong-co-trang-nay/"  # any unknown address: the 404 page

# Page kind → address on the sample site (override with --page KIND=PATH).
PAGES: dict[str, str] = {
    "home": "/",
    "innovations": "/sang-kien/",
    "innovation": "/sang-kien/evnnpt-2021-0040/",
    "units": "/don-vi/",
    "unit": "/don-vi/evnnpc/",
    "awards": "/giai-thuong/",
    "award": "/giai-thuong/bang-ldst/",
    "month-picks": "/tieu-bieu/",
    "month": "/tieu-bieu/2023-03/",
    "statistics": "/thong-ke/",
    "impact": "/hieu-qua/",
    "honour-roll": "/vinh-danh/",
    "events": "/su-kien/",
    "event": "/su-kien/2023-03-24-toa-dam-chuyen-doi-so-van-hanh-he-thong-va-thi-truong-dien/",
    "reports": "/bao-cao/",
    "monthly-report": "/bao-cao/evnnpc/2023-03/",
    "advisory-teams": "/to-tu-van/",
    "phase": "/giai-doan/2/",
    "category": "/loai/ky-thuat/",
    "topic": "/chu-de/an-toan/",
    "search": "/tim-kiem/",
    "not-found": MISSING,
    "page": "/gioi-thieu/",
}


def build_site(folder: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder)],
                   cwd=PROJECT, env=env, check=True)
    return folder


def run_lighthouse(jobs: list[dict[str, Any]], tool: Path, chrome: str) -> list[dict[str, Any]]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(jobs, handle)
    env = {**os.environ, "LIGHTHOUSE_DIR": str(tool), "CHROME_PATH": chrome}
    results = []
    try:
        with subprocess.Popen(["node", str(RUNNER), handle.name], env=env,
                              stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                result = json.loads(line)
                results.append(result)
                print(f"{len(results)}/{len(jobs)} {summary_line(result)}", file=sys.stderr)
        if proc.returncode:
            raise SystemExit(f"lighthouse runner exited with {proc.returncode}")
    finally:
        os.unlink(handle.name)
    return results


def summary_line(result: dict[str, Any]) -> str:
    scores = result.get("categories") or {}
    cells = " ".join(f"{cat}={fmt(scores.get(cat, {}).get('score'))}" for cat in CATEGORIES)
    return f"{result['page']:15} {result['form']:7} {result['scheme']:5} {cells}" + (
        f" ERROR {result['error'].splitlines()[0]}" if result.get("error") else "")


def fmt(score: float | None) -> str:
    return "-" if score is None else str(round(score * 100))


def record(result: dict[str, Any], base: str) -> dict[str, Any]:
    """One run as stored: scores out of 100 and each failing audit with what it names."""
    # Addresses relative to the site, not to this run's port.
    categories = json.loads(json.dumps(result.get("categories") or {}).replace(base, ""))
    out: dict[str, Any] = {
        "page": result["page"], "path": result["path"], "form": result["form"],
        "scheme": result["scheme"],
        "scores": {cat: None if categories.get(cat, {}).get("score") is None
                   else round(categories[cat]["score"] * 100) for cat in CATEGORIES},
        "failing": {cat: categories[cat]["failing"] for cat in CATEGORIES
                    if categories.get(cat, {}).get("failing")},
        "informative": {cat: categories[cat]["informative"] for cat in CATEGORIES
                        if categories.get(cat, {}).get("informative")},
        "not_applicable": {cat: categories[cat]["notApplicable"] for cat in CATEGORIES
                           if categories.get(cat, {}).get("notApplicable")},
        "observed": result.get("observed"),
    }
    for key in ("runtimeError", "error"):
        if result.get(key):
            out[key] = result[key]
    if result.get("warnings"):
        out["warnings"] = result["warnings"]
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| page | path | form | scheme | accessibility | best-practices | SEO |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        scores = row["scores"]
        lines.append(f"| {row['page']} | `{row['path']}` | {row['form']} | {row['scheme']} | "
                     + " | ".join(fmt(None if scores[c] is None else scores[c] / 100)
                                  for c in CATEGORIES) + " |")
    return "\n".join(lines)


def parse_pages(items: list[str]) -> dict[str, str]:
    pages = dict(PAGES)
    for item in items:
        kind, sep, path = item.partition("=")
        if not sep or not path.startswith("/"):
            raise SystemExit(f"--page wants KIND=/path/: {item}")
        pages[kind] = path
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build one)")
    parser.add_argument("--lighthouse-dir", type=Path, default=os.environ.get("LIGHTHOUSE_DIR"),
                        help="folder with node_modules/lighthouse (env LIGHTHOUSE_DIR)")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH")
                        or shutil.which("chromium") or "chromium",
                        help="Chromium's executable (env CHROME_PATH)")
    parser.add_argument("--only", nargs="*", default=[], metavar="KIND",
                        help="only these page kinds")
    parser.add_argument("--page", action="append", default=[], metavar="KIND=PATH",
                        help="add or change a page kind's address")
    parser.add_argument("--forms", nargs="*", default=list(FORMS), choices=FORMS)
    parser.add_argument("--schemes", nargs="*", default=list(SCHEMES), choices=SCHEMES)
    parser.add_argument("--reports", type=Path, help="also keep each full Lighthouse report here")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.lighthouse_dir or not (args.lighthouse_dir / "node_modules/lighthouse").is_dir():
        parser.error("give --lighthouse-dir or LIGHTHOUSE_DIR: a folder where "
                     "`npm install lighthouse@12` was run")
    pages = parse_pages(args.page)
    if args.only:
        unknown = set(args.only) - set(pages)
        if unknown:
            parser.error(f"unknown page kinds: {', '.join(sorted(unknown))}")
        pages = {kind: path for kind, path in pages.items() if kind in args.only}
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)

    with contextlib.ExitStack() as stack:
        if args.site:
            site = args.site.resolve()
        else:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            site = build_site(scratch / "site")
        for kind, path in pages.items():
            if path != MISSING and not (site / path.lstrip("/") / "index.html").is_file():
                raise SystemExit(f"{kind}: {path} is not a page of {site}")
        base = stack.enter_context(serve_folder(site)).rstrip("/")
        jobs = [{"page": kind, "path": path, "url": base + path, "form": form, "scheme": scheme,
                 "ignoreStatusCode": path == MISSING,
                 "report": str(args.reports / f"{kind}-{form}-{scheme}.json")
                 if args.reports else None}
                for kind, path in pages.items() for form in args.forms for scheme in args.schemes]
        results = run_lighthouse(jobs, args.lighthouse_dir.resolve(), args.chrome)

    rows = [record(result, base) for result in results]
    first = next((r for r in results if r.get("lighthouse")), {})
    document = {
        "lighthouse": first.get("lighthouse"),
        "chrome": first.get("chrome"),
        "settings": {
            "categories": list(CATEGORIES),
            "mobile": "formFactor mobile, 360x640 CSS px, DPR 3, Lighthouse's mobile UA",
            "desktop": "formFactor desktop, 1280x800 CSS px, DPR 1, Lighthouse's desktop UA",
            "dark": "prefers-color-scheme: dark emulated through CDP before the run",
            "throttling": "simulate (no performance category, page loaded unthrottled)",
            "not-found": f"{MISSING} answered with 404.html and status 404 (ignoreStatusCode)",
        },
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(table(rows))
    failed = [r for r in rows if r.get("error") or r.get("runtimeError")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
