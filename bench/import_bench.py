"""The spreadsheet import at scale: time and peak memory, and the open data's round trip.

Usage: ``.venv/bin/python bench/import_bench.py [--round-trip 10000] [--rows 13000 100000]``

1. Round trip: bench/synth.py writes N innovations; their /data/innovations.csv (as a build
   writes it, generator/site/exports.py) is imported into a folder holding only program.yml
   and units.yml; the loaded records must equal the source's published ones (bodies apart).
2. Scale: a CSV and an .xlsx of R rows (the round trip's rows repeated under fresh ids) are
   imported, `--dry-run` and for real, each by `python -m generator import` in its own process
   (time and peak RSS of that process, from wait4).

Results: bench/results/import-<date>.json.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content.loader import load_content  # noqa: E402
from generator.site import exports  # noqa: E402
from generator.site.checked import load_and_plan  # noqa: E402


def _records(root: Path) -> dict[str, object]:
    loaded = load_content(root, workers=2)
    assert loaded.catalog is not None, [p.format_text() for p in loaded.errors[:5]]
    return {i.id: dataclasses.replace(i, body="", source="", body_line=1, body_digest="")
            for i in loaded.catalog.innovations if not i.draft}


def _empty_copy(source: Path, out: Path) -> Path:
    out.mkdir(parents=True)
    for name in ("program.yml", "units.yml"):
        shutil.copy(source / name, out / name)
    return out


_PEAK = """
import sys
from generator.cli.cli import main
code = main(sys.argv[1:])
peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")]
sys.stderr.write(f"\\nVmHWM {peak[0] if peak else 0}\\n")
sys.exit(code)
"""
"""The command, reporting its own peak resident size (VmHWM, kB): the rusage of a child
counts what it held as a fork of this process before it ran the command."""


def _run(args: list[str]) -> dict[str, float]:
    """One `python -m generator` command in its own process: wall time, CPU time and its
    peak RSS."""
    assert args[1:3] == ["-m", "generator"]
    args = [args[0], "-c", _PEAK, *args[3:]]
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)}: exit {code}\n{stderr[-2000:]}")
    peak = int(stderr.rsplit("VmHWM ", 1)[1].split()[0])
    return {"seconds": round(elapsed, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(peak / 1024, 1)}


def round_trip(count: int, work: Path) -> tuple[dict[str, object], bytes]:
    source = work / "synth"
    subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), str(count), str(source)],
                   check=True, capture_output=True)
    checked = load_and_plan(source, workers=2)
    assert checked.site is not None
    data = exports.innovations_csv(checked.site)
    sheet = work / "open.csv"
    sheet.write_bytes(data)
    target = _empty_copy(source, work / "imported")
    measured = _run([sys.executable, "-m", "generator", "import", str(sheet), "--dir",
                     str(target)])
    same = _records(target) == _records(source)
    print(f"round trip of {count}: {measured}, same records: {same}", file=sys.stderr)
    if not same:
        raise SystemExit("round trip: the imported records differ from the source's")
    return {"innovations": count, "rows": data.count(b"\r\n") - 1, "import": measured,
            "same_records": same}, data


def scaled_rows(data: bytes, rows: int) -> tuple[list[str], list[list[str]]]:
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    out = []
    for index in range(rows):
        row = list(body[index % len(body)])
        row[0] = f"{row[2]}-{2021 + index % 3}-{index:06d}"  # Mã: fresh, of the row's unit
        out.append(row)
    return header, out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sáng kiến")
    sheet.append(["DANH SÁCH SÁNG KIẾN (dữ liệu thử)"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def scale(data: bytes, rows: int, work: Path, source: Path, kinds: list[str]
          ) -> dict[str, object]:
    header, table = scaled_rows(data, rows)
    out: dict[str, object] = {"rows": rows}
    for kind, writer in (("csv", write_csv), ("xlsx", write_xlsx)):
        if kind not in kinds:
            continue
        sheet = work / f"rows-{rows}.{kind}"
        writer(sheet, header, table)
        target = _empty_copy(source, work / f"into-{rows}-{kind}")
        dry = _run([sys.executable, "-m", "generator", "import", str(sheet), "--dry-run",
                    "--dir", str(target)])
        real = _run([sys.executable, "-m", "generator", "import", str(sheet), "--dir",
                     str(target)])
        files = sum(1 for _ in (target / "innovations").rglob("index.md"))
        assert files == rows, (files, rows)
        out[kind] = {"bytes": sheet.stat().st_size, "dry_run": dry, "import": real}
        print(f"{rows} rows, {kind}: dry run {dry}, import {real}", file=sys.stderr)
        shutil.rmtree(target)
        sheet.unlink()
    del table
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round-trip", type=int, default=10000)
    parser.add_argument("--rows", type=int, nargs="*", default=[13000, 100000])
    parser.add_argument("--kinds", nargs="*", default=["csv", "xlsx"], choices=("csv", "xlsx"))
    parser.add_argument("--work", type=Path,
                        help="a folder for the trees (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="import-bench-"))
    load = os.getloadavg()  # a shared machine: the times are only as calm as this
    try:
        trip, data = round_trip(args.round_trip, work)
        results = {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                     capture_output=True, text=True).stdout.strip(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_at_start": [round(x, 2) for x in load]},
            "round_trip": trip,
            "scale": [scale(data, rows, work, work / "synth", args.kinds)
                      for rows in args.rows],
        }
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    rows = "-".join(str(r) for r in args.rows)
    out = ROOT / "bench" / "results" / (f"import-{dt.date.today().isoformat()}-rt"
                                        f"{args.round_trip}-rows{rows}-{'-'.join(args.kinds)}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
