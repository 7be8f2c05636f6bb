"""Adversarial input: does checking and building one hostile 1 MB innovation stay linear?

Usage: ``python bench/adversarial.py [--build] [--parts] [--timeout S] [--only CASE ...]
[--sizes 0.25,1] [--json PATH]``

For each case and size it writes, deterministically, one innovation file with a valid front
matter and a hostile body (one long line of tag openings, attributes, quotes, backticks,
brackets, emphasis, entities, attribute lists; the same patterns as many short lines; an
ordinary body as the control), puts it in a minimal valid content tree (program.yml,
units.yml and one sample innovation) and times, each in a fresh process with a timeout:

- ``validate``: ``python -m generator validate TREE`` (exit 0 or 1 are both fine);
- ``build`` (``--build``): ``mkdocs build`` of the tree with this project's settings, the
  search index off (plugin option ``search: false``) to time the page pipeline;
- ``--parts``: the stages alone, on the body only: ``markdown`` (python-markdown with the
  extensions of mkdocs.yml), ``nh3`` (``generator.sanitize.clean_html`` on the raw body),
  ``bodycheck`` (``generator.bodycheck.BodyChecker.check``: the guard, Markdown, the HTML check).

Seconds per MB (10^6 bytes of file) of validate and build leave out the fixed cost of the
same tree without the hostile file (measured first, best of three); the stages alone time
only the call. A linear stage has the same seconds per MB at every size; a quadratic one
about 4x more at 1 MB than at 0.25 MB. A run past the timeout is killed (its whole process
group) and shown as "> S"; the larger sizes of that case and stage are then skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from devtools.buildconfig import derived_config  # noqa: E402
from generator.content.sources import MAX_FILE_BYTES  # noqa: E402

MB = 1_000_000
TARGET_S_PER_MB = 2.0
MARKDOWN_EXTENSIONS = ["tables", "toc", "attr_list"]  # those of mkdocs.yml
SAMPLE = "innovations/evnnpc/can-pha-tram-bien-ap-cong-cong-theo-du-lieu-do-xa.md"
HOSTILE = "innovations/evnnpc/tep-thu-doi-khang.md"
BODY_FILE = "body.md"
PROCESS_STAGES = ("validate", "build")
PART_STAGES = ("markdown", "nh3", "bodycheck")

# --------------------------------------------------------------------------
# Hostile bodies
# --------------------------------------------------------------------------


def fill(piece: Callable[[int], str], nbytes: int) -> str:
    """Pieces 0, 1, 2, ... joined, as many whole ones as fit in nbytes of UTF-8."""
    parts: list[str] = []
    total = 0
    for index in range(nbytes):
        text = piece(index)
        size = len(text.encode("utf-8"))
        if total + size > nbytes:
            break
        parts.append(text)
        total += size
    return "".join(parts)


def line(unit: str, nbytes: int, head: str = "", tail: str = "") -> str:
    """One long line: head, unit repeated, tail, newline."""
    room = nbytes - len((head + tail).encode("utf-8")) - 1
    return head + fill(lambda _: unit, room) + tail + "\n"


def letters(index: int) -> str:
    """a, b, ..., z, ba, bb, ...: a distinct all-letter name per index."""
    name = ""
    while True:
        name = chr(ord("a") + index % 26) + name
        index //= 26
        if not index:
            return name


def attributes(nbytes: int, closed: bool) -> str:
    tail = ">nội dung</span>\n" if closed else "\n"
    room = nbytes - len(("<span" + tail).encode("utf-8"))
    return "<span" + fill(lambda i: f" a{i}={i}", room) + tail


def event_names(nbytes: int) -> str:
    room = nbytes - len("<span\n")
    return "<span" + fill(lambda i: f" onx{letters(i)}=1", room) + "\n"


def backticks_unique(nbytes: int) -> str:
    """Runs of 1, 2, 3, ... backticks, each length once: no run is ever closed."""
    return fill(lambda i: "`" * (i + 1) + "a", nbytes - 1) + "\n"


def backticks_mixed(nbytes: int) -> str:
    """Runs of 1 to 9 backticks in a fixed pseudo-random order, between words."""
    rng = random.Random(20261124)
    lengths = [rng.randint(1, 9) for _ in range(4096)]
    return fill(lambda i: "`" * lengths[i % len(lengths)] + " x ", nbytes - 1) + "\n"


LINE_UNITS: tuple[str, ...] = (
    "<a ", "<div ", "<span a=1 b=2 ", '<a title="', "`` x ``` ", "[[",
    "[a](", "![", "*_*_**__", "**a ", "&#x", "{: ", "a {: ",
)


def short_lines(nbytes: int, blank: bool) -> str:
    """Lines of about 72 bytes, each one hostile pattern repeated, the patterns in turn.

    No event attribute (`onx=`): the checker would refuse the file and the build would stop
    before the pages, which this case is for."""
    sep = "\n\n" if blank else "\n"

    def piece(index: int) -> str:
        unit = LINE_UNITS[index % len(LINE_UNITS)]
        return unit * max(1, 72 // len(unit)) + sep

    return fill(piece, nbytes)


CONTROL_PARAGRAPHS: tuple[str, ...] = (
    "Trong quá trình vận hành **máy biến áp phân phối** tại Điện lực Chí Linh, người lao động "
    "thường xuyên gặp tình trạng phát nhiệt tại các điểm tiếp xúc, ảnh hưởng đến độ tin cậy "
    "cung cấp điện.",
    "Nhóm tác giả đã *thiết kế* bộ gá tháo lắp nhanh, kèm [hướng dẫn sử dụng]"
    "(https://example.vn/huong-dan) và quy trình kiểm tra `định kỳ` mỗi quý.",
    "- Giảm thời gian thao tác từ 4 giờ xuống còn 45 phút.\n"
    "- Không cần cắt điện diện rộng.\n"
    "- Chi phí chế tạo dưới 3 triệu đồng.",
    "| Chỉ tiêu | Trước | Sau |\n|---|---:|---:|\n| Thời gian (giờ) | 4 | 0,75 |\n"
    "| Số người | 6 | 3 |",
    "> Giải pháp đã được áp dụng tại 12 trạm biến áp và được Hội đồng sáng kiến công nhận.",
)


def control(nbytes: int) -> str:
    """An ordinary body: headings, paragraphs, lists, tables, links, emphasis."""

    def piece(index: int) -> str:
        if index % 6 == 0:
            return f"## Phần {index // 6 + 1}\n\n"
        return CONTROL_PARAGRAPHS[index % len(CONTROL_PARAGRAPHS)] + "\n\n"

    return fill(piece, nbytes)


CASES: dict[str, Callable[[int], str]] = {
    "tag-a": lambda n: line("<a ", n),
    "tag-div": lambda n: line("<div ", n),
    "attrs-open": lambda n: attributes(n, closed=False),
    "attrs-closed": lambda n: attributes(n, closed=True),
    "attrs-on": event_names,
    "quotes": lambda n: line('<a title="', n),
    "backticks-unique": backticks_unique,
    "backticks-mixed": backticks_mixed,
    "brackets": lambda n: line("[", n),
    "link-open": lambda n: line("[a](", n),
    "image-open": lambda n: line("![", n),
    "emphasis-mix": lambda n: line("*_*_**__", n),
    "strong-open": lambda n: line("**a ", n),
    "entities": lambda n: line("&#x", n),
    "attr-list": lambda n: line("a {: ", n),
    "attr-list-heading": lambda n: line(" {: a", n, head="# Tiêu đề"),
    "lines": lambda n: short_lines(n, blank=False),
    "lines-blocks": lambda n: short_lines(n, blank=True),
    "control": control,
}


def front_matter(case: str) -> str:
    """A valid innovation front matter, shaped like the sample's (units.yml codes)."""
    return (
        "---\n"
        "id: EVNNPC-2023-9001\n"
        f"title: Tệp thử đối kháng {case}\n"
        "unit: EVNNPC\n"
        "authors:\n"
        "  - name: Nguyễn Văn An\n"
        "    position: Kỹ sư, Phòng Kỹ thuật, Công ty Điện lực Bắc Giang\n"
        "category: ky-thuat\n"
        "registered: 2023-03-15\n"
        "summary: Phần thân của sáng kiến này là dữ liệu thử hiệu năng, không phải nội dung.\n"
        "tags: [an toàn]\n"
        "---\n\n"
    )


def file_bytes(size_mb: float) -> int:
    """Bytes of the hostile file at a size: just under the project's limit at 1 MB."""
    return min(round(size_mb * MB), MAX_FILE_BYTES - 1000)


def hostile_file(case: str, size_mb: float) -> tuple[str, str]:
    """The whole file and its body."""
    head = front_matter(case)
    body = CASES[case](file_bytes(size_mb) - len(head.encode("utf-8")))
    return head + body, body


def make_tree(folder: Path, text: str | None) -> Path:
    """A minimal valid content tree, with the hostile file if text is given."""
    root = folder / "content"
    (root / "innovations/evnnpc").mkdir(parents=True)
    for name in ("program.yml", "units.yml", SAMPLE):
        shutil.copyfile(PROJECT / "content" / name, root / name)
    if text is not None:
        (root / HOSTILE).write_text(text, encoding="utf-8")
    return root


# --------------------------------------------------------------------------
# Running with a timeout
# --------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    code: int | None  # None: killed at the timeout
    error: str = ""

    @property
    def timed_out(self) -> bool:
        return self.code is None


def run(command: list[str], timeout: float, cwd: Path = PROJECT) -> tuple[Run, str]:
    """Run command in its own process group; kill the whole group at the timeout."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=cwd, env=env, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return Run(time.perf_counter() - started, None), ""
    seconds = time.perf_counter() - started
    error = stderr.strip().splitlines()[-1][:200] if process.returncode > 1 and stderr else ""
    return Run(seconds, process.returncode, error), stdout


def run_process_stage(stage: str, root: Path, timeout: float) -> Run:
    if stage == "validate":
        return run([sys.executable, "-m", "generator", "validate", str(root)], timeout)[0]
    config = derived_config(root, root.parent / "site", root.parent / "mkdocs.yml",
                            plugins=[{"sang-kien": {"search": False}}])
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], timeout)[0]


def run_part(stage: str, body: Path, timeout: float) -> Run:
    """One stage alone, in a fresh process; the time is the child's, of the call only."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", stage, str(body)]
    outcome, stdout = run(command, timeout)
    if outcome.code == 0:
        outcome.seconds = float(stdout.strip().splitlines()[-1])
    return outcome


def child(stage: str, body_path: Path) -> None:
    """In the child process: time one stage on the body, print the seconds."""
    body = body_path.read_text(encoding="utf-8")
    call: Callable[[], object]
    if stage == "markdown":
        import markdown

        def call() -> object:
            return markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    elif stage == "nh3":
        from generator.content.sanitize import clean_html

        def call() -> object:
            return clean_html(body)
    elif stage == "bodycheck":
        from generator.content.bodycheck import BodyChecker

        checker = BodyChecker()

        def call() -> object:
            return checker.check(body, 1)
    else:
        sys.exit(f"unknown stage {stage}")
    started = time.perf_counter()
    call()
    print(time.perf_counter() - started)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclass
class Result:
    stage: str
    case: str
    size_mb: float  # requested
    mb: float  # actual file size, in 10^6 bytes
    seconds: float | None  # None: timed out or skipped
    net: float | None  # seconds less the stage's fixed cost
    code: int | None
    note: str = ""

    @property
    def per_mb(self) -> float | None:
        return None if self.net is None else self.net / self.mb


def fmt_seconds(r: Result, timeout: float) -> str:
    if r.note == "skipped":
        return "skipped"
    return f"> {timeout:.0f}" if r.seconds is None else f"{r.seconds:.2f}"


def fmt_per_mb(r: Result, timeout: float, fixed: float) -> str:
    if r.note == "skipped":
        return "–"
    if r.per_mb is None:
        return f"> {(timeout - fixed) / r.mb:.1f}"
    return f"{r.per_mb:.2f}"


def ratio(small: Result, large: Result, timeout: float, fixed: float) -> str:
    """s/MB at the largest size over s/MB at the smallest ('> x' when only a bound is known)."""
    if small.per_mb is None:
        return "?"
    if small.per_mb <= 0.01:  # too fast to measure a ratio against
        return "–" if large.per_mb is not None and large.per_mb <= 0.05 else "n/a"
    if large.per_mb is None:
        if large.note == "skipped":
            return "?"
        return f"> {(timeout - fixed) / large.mb / small.per_mb:.1f}"
    return f"{large.per_mb / small.per_mb:.2f}"


def print_tables(results: list[Result], stages: list[str], fixed: dict[str, float],
                 timeout: float) -> None:
    titles = {
        "validate": "python -m generator validate",
        "build": "mkdocs build, search off",
        "markdown": "python-markdown alone (" + ", ".join(MARKDOWN_EXTENSIONS) + ")",
        "nh3": "nh3 alone (generator.sanitize.clean_html on the raw body)",
        "bodycheck": "generator.bodycheck.BodyChecker.check alone",
    }
    for stage in stages:
        rows = [r for r in results if r.stage == stage]
        if not rows:
            continue
        cost = fixed.get(stage, 0.0)
        print(f"\n## {stage}: {titles[stage]}"
              + (f"; fixed cost {cost:.2f} s left out of s/MB" if stage in fixed else ""))
        print("| case | MB | seconds | s/MB | exit | ratio |")
        print("|---|---:|---:|---:|---:|---:|")
        for case in dict.fromkeys(r.case for r in rows):
            mine = [r for r in rows if r.case == case]
            for r in mine:
                last = r is mine[-1] and len(mine) > 1
                code = "–" if r.code is None else str(r.code)
                print(f"| {case} | {r.mb:.2f} | {fmt_seconds(r, timeout)} | "
                      f"{fmt_per_mb(r, timeout, cost)} | {code} | "
                      f"{ratio(mine[0], r, timeout, cost) if last else ''} |")


def worst_line(results: list[Result], fixed: dict[str, float], timeout: float) -> str:
    measured = [r for r in results if r.note != "skipped"]
    if not measured:
        return "nothing measured"

    def bound(r: Result) -> float:
        if r.per_mb is not None:
            return r.per_mb
        return (timeout - fixed.get(r.stage, 0.0)) / r.mb

    worst = max(measured, key=lambda r: (r.per_mb is None, bound(r)))
    value = f"> {bound(worst):.1f}" if worst.per_mb is None else f"{bound(worst):.2f}"
    verdict = "within" if worst.per_mb is not None and bound(worst) <= TARGET_S_PER_MB \
        else "over"
    return (f"worst: {value} s/MB ({worst.stage}, {worst.case}, {worst.mb:.2f} MB); "
            f"target {TARGET_S_PER_MB:g} s/MB: {verdict}")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def fixed_costs(stages: list[str], timeout: float) -> dict[str, float]:
    """Best of three runs of each process stage on the tree without the hostile file."""
    costs: dict[str, float] = {}
    for stage in stages:
        if stage not in PROCESS_STAGES:
            continue
        times = []
        for _ in range(3):
            with tempfile.TemporaryDirectory(prefix="adversarial-") as folder:
                outcome = run_process_stage(stage, make_tree(Path(folder), None), timeout)
            if outcome.code != 0:
                raise SystemExit(f"{stage} fails on the tree without the hostile file "
                                 f"({outcome.code}): {outcome.error}")
            times.append(outcome.seconds)
        costs[stage] = min(times)
    return costs


def measure(cases: list[str], sizes: list[float], stages: list[str], timeout: float,
            fixed: dict[str, float]) -> Iterator[Result]:
    for case in cases:
        timed_out: set[str] = set()
        for size in sizes:
            text, body = hostile_file(case, size)
            mb = len(text.encode("utf-8")) / MB
            with tempfile.TemporaryDirectory(prefix="adversarial-") as folder:
                root = make_tree(Path(folder), text)
                body_path = Path(folder) / BODY_FILE
                body_path.write_text(body, encoding="utf-8")
                for stage in stages:
                    if stage in timed_out:
                        yield Result(stage, case, size, mb, None, None, None, "skipped")
                        continue
                    if stage in PROCESS_STAGES:
                        outcome = run_process_stage(stage, root, timeout)
                    else:
                        outcome = run_part(stage, body_path, timeout)
                    if outcome.timed_out:
                        timed_out.add(stage)
                        result = Result(stage, case, size, mb, None, None, None, "timeout")
                    else:
                        net = max(outcome.seconds - fixed.get(stage, 0.0), 0.0)
                        result = Result(stage, case, size, mb, outcome.seconds, net,
                                        outcome.code, outcome.error)
                    print(f"{stage:9} {case:18} {mb:5.2f} MB  "
                          f"{fmt_seconds(result, timeout):>8} s  exit {result.code}"
                          + (f"  {result.note}" if result.note else ""),
                          file=sys.stderr, flush=True)
                    yield result


def parse_sizes(text: str) -> list[float]:
    try:
        sizes = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of sizes in MB: {text}") from exc
    if not sizes or sizes[0] <= 0 or file_bytes(sizes[-1]) > MAX_FILE_BYTES:
        raise argparse.ArgumentTypeError(f"sizes must be > 0 and at most 1 MB: {text}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--child"]:
        child(args_in[1], Path(args_in[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time mkdocs build")
    parser.add_argument("--no-validate", action="store_true", help="do not time validate")
    parser.add_argument("--parts", action="store_true",
                        help="also time python-markdown, nh3 and the HTML check alone")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before a run is killed (default 60)")
    parser.add_argument("--only", action="append", choices=sorted(CASES), metavar="CASE",
                        help="run only this case (repeatable): " + ", ".join(CASES))
    parser.add_argument("--sizes", type=parse_sizes, default=[0.25, 1.0],
                        help="comma-separated sizes in MB (default 0.25,1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(args_in)
    stages = ([] if args.no_validate else ["validate"]) + (["build"] if args.build else []) \
        + (list(PART_STAGES) if args.parts else [])
    if not stages:
        parser.error("nothing to time")
    cases = args.only or list(CASES)
    fixed = fixed_costs(stages, args.timeout)
    results = list(measure(cases, args.sizes, stages, args.timeout, fixed))
    print_tables(results, stages, fixed, args.timeout)
    print()
    print(worst_line(results, fixed, args.timeout))
    if args.json:
        args.json.write_text(json.dumps({"fixed": fixed, "timeout": args.timeout,
                                         "results": [asdict(r) for r in results]}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
