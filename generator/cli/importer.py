"""`import FILE`: one innovation file per row of a spreadsheet, every row checked by the
contract's own checks, nothing written unless every row is valid.

Rows are streamed: each row's file is made, checked as the loader checks a file of the tree
and, unless --dry-run, staged in a folder beside the content folder; the staged files are
moved into place only when no row has a problem (the staging folder is removed otherwise).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.content.loader import InnovationChecker
from generator.content.model import Innovation, Program
from generator.content.problems import Problem, display_path
from generator.content.sheet_rows import (
    COLUMNS,
    CellProblem,
    Sheet,
    SheetError,
)
from generator.content.sources import read_text, split_front_matter
from generator.infra.parallel import can_fork, fork_pool
from generator.site import urls
from generator.site.counting import is_counted

from .innovation_files import BundlePaths, render
from .scaffold import existing_paths
from .sheet_values import RowReader, RowValues

REQUIRED = ("id", "title", "unit", "authors", "category", "registered", "summary")
_HEADER_OF = {c.key: c.headers[0] for c in COLUMNS}
_KEY_OF_FIELD = re.compile(r"^([a-z_]+)(?:\[[0-9]+\])?(?:\.([a-z_]+))?")


@dataclass(frozen=True, order=True)
class RowProblem:
    row: int
    column_index: int
    column: str
    field: str
    message: str
    hint: str = ""

    def format_text(self, file: str) -> str:
        text = f"{file}:{self.row}:{self.column}: {self.field}: {self.message}"
        return text + (f" (gợi ý: {self.hint})" if self.hint else "")


def _problem(row: int, column: str, name: str, message: str, hint: str = "") -> RowProblem:
    index = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(column))) if column else 0
    return RowProblem(row, index, column or "-", name, message, hint)


@dataclass
class ImportResult:
    rows: int = 0
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    setup_problems: list[Problem] = field(default_factory=list)
    """Of the content folder itself (program.yml, units.yml): no row can be checked."""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.setup_problems


BATCH = 250
"""Rows checked together by a forked worker: enough to pay for the pipe, few enough that the
rows waiting for a worker stay a few thousand at most (memory flat)."""


@dataclass(frozen=True)
class _Job:
    """A row whose file is to be made and checked (in a worker when there are several)."""

    values: RowValues
    target: Path
    updating: bool
    front: dict[str, Any]
    body: str
    valid: bool
    """Whether the row had no problem before its file was checked."""


_WORKER: _Import | None = None
"""The import a forked worker checks rows of (inherited, never pickled)."""


def _check_in_worker(jobs: list[_Job]) -> list[tuple[str, list[RowProblem]]]:
    assert _WORKER is not None
    return [_WORKER.check(job) for job in jobs]


class _Import:
    def __init__(self, sheet_path: Path, root: Path, update: bool, workers: int = 1) -> None:
        self.sheet_path = sheet_path
        self.root = root
        self.update = update
        self.workers = workers
        self.result = ImportResult()
        self.checker = InnovationChecker(root)
        self.existing = existing_paths(root)
        self.seen: dict[str, int] = {}
        self.bundles = BundlePaths(root)
        self.missing: set[str] = set()

    def run(self, stage: Path | None) -> list[tuple[Path, Path, bool]]:
        """Every row checked; the staged files as (staged, final, updated)."""
        checker = self.checker
        if checker.program is None or checker.units is None or any(
                p.severity == "error" for p in checker.data_problems):
            self.result.setup_problems = [p for p in checker.data_problems
                                          if p.severity == "error"]
            return []
        reader = RowReader(checker.program, checker.units)
        sheet = Sheet(self.sheet_path)
        staged: list[tuple[Path, Path, bool]] = []
        header_checked = False
        batch: list[_Job] = []
        pending: deque[tuple[list[_Job], Any]] = deque()
        pool = None
        try:
            for row in sheet.rows():
                if not header_checked:
                    header_checked = True
                    self._required_columns(sheet)
                self.result.rows += 1
                batch.append(self._job(reader.read(row)))
                if len(batch) < BATCH:
                    continue
                if pool is None and self.workers > 1 and can_fork():
                    pool = self._pool()
                if pool is None:
                    self._finish(batch, [self.check(job) for job in batch], stage, staged)
                else:
                    pending.append((batch, pool.apply_async(_check_in_worker, (batch,))))
                    while len(pending) > 2 * self.workers:
                        done, result = pending.popleft()
                        self._finish(done, result.get(), stage, staged)
                batch = []
            while pending:
                done, result = pending.popleft()
                self._finish(done, result.get(), stage, staged)
            self._finish(batch, [self.check(job) for job in batch], stage, staged)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        self.result.problems.extend(_cell(p) for p in sheet.problems)
        if not header_checked and sheet.header is not None:
            self._required_columns(sheet)
        return staged

    def _pool(self) -> Any:
        """Forked workers that inherit this import (its checker, the units, the catalog's
        data) and check batches of rows."""
        global _WORKER
        _WORKER = self
        return fork_pool(self.workers)

    def _finish(self, jobs: list[_Job], checked: list[tuple[str, list[RowProblem]]],
                stage: Path | None, staged: list[tuple[Path, Path, bool]]) -> None:
        """The rows' problems recorded and, when a row has none, its file staged."""
        for job, (text, problems) in zip(jobs, checked, strict=True):
            self.result.problems.extend(problems)
            if problems or not job.valid or stage is None:
                continue
            path = stage / f"{job.values.number}.md"
            path.write_text(text, encoding="utf-8")
            staged.append((path, job.target, job.updating))

    def _required_columns(self, sheet: Sheet) -> None:
        assert sheet.header is not None
        present = set(sheet.header.keys.values())
        for key in REQUIRED:
            if key not in present:
                self.result.problems.append(_problem(
                    sheet.header.row, "A", key, f"thiếu cột “{_HEADER_OF[key]}” ({key})",
                    "thêm cột này vào dòng tiêu đề"))
        self.missing = {key for key in REQUIRED if key not in present}

    def _job(self, values: RowValues) -> _Job:
        """What a row needs besides its own file: its problems of the sheet (cells not read,
        an id repeated or already in the content) and where its file goes."""
        problems = self.result.problems
        before = len(problems)
        for column, name, message, hint in values.problems:
            problems.append(_problem(values.number, column, name, message, hint))
        front = values.front
        innovation_id = front.get("id")
        body = values.body
        target: Path | None = None
        updating = False
        if isinstance(innovation_id, str) and innovation_id:
            first = self.seen.setdefault(innovation_id, values.number)
            column = values.columns.get("id", "A")
            if first != values.number:
                problems.append(_problem(values.number, column, "id",
                                         f"mã `{innovation_id}` trùng với dòng {first}",
                                         "mỗi dòng một sáng kiến, mã không lặp lại"))
                problems.append(_problem(first, column, "id",
                                         f"mã `{innovation_id}` trùng với dòng {values.number}",
                                         "mỗi dòng một sáng kiến, mã không lặp lại"))
            existing = self.existing.get(innovation_id)
            if existing is not None and not self.update:
                problems.append(_problem(
                    values.number, column, "id",
                    f"mã `{innovation_id}` đã có trong nội dung: {display_path(existing)}",
                    "thêm --update để cập nhật sáng kiến đã có, hoặc đổi mã"))
            elif existing is not None:
                target, updating = existing, True
                front, body = _merged(existing, values)
        if target is None:
            target = self.bundles.take(str(front.get("unit") or "khong-ro"),
                                       str(front.get("title") or ""),
                                       str(innovation_id or "sang-kien"))
        return _Job(values, target, updating, front, body or "", len(problems) == before)

    def check(self, job: _Job) -> tuple[str, list[RowProblem]]:
        """The row's file as the form would write it, checked as the loader checks a file:
        its text and its problems (by row and column)."""
        values = job.values
        problems: list[RowProblem] = []
        text, lines = render(job.front, job.body)
        innovation, found = self.checker.check(job.target, text.encode("utf-8"))
        # A cell the import could not read is left out of the file: reported once, as such.
        unread = {name for _, name, _, _ in values.problems}
        for problem in found:
            if problem.severity != "error":
                continue
            if problem.message.startswith("thiếu trường bắt buộc") and problem.field in unread:
                continue
            if problem.message.startswith("thiếu trường bắt buộc") and (
                    problem.field in self.missing):
                continue  # the missing column is reported once, at the header
            column = _column_of(problem, values, lines)
            problems.append(_problem(values.number, column, problem.field, problem.message,
                                     problem.hint))
        if innovation is not None:
            problems.extend(self._derived(values, innovation, self.checker.program))
        return text, problems

    def _derived(self, values: RowValues, inn: Innovation, program: Program | None
                 ) -> list[RowProblem]:
        """Columns the site derives: each must say what the row itself implies."""
        assert program is not None
        problems = []
        for key, (column, value) in values.derived.items():
            text = "" if value is None else str(value).strip()
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            if key == "phase":
                phase = program.phase_of(inn.registered)
                expected = str(phase.id) if phase else ""
                what = f"giai đoạn {expected}" if expected else "không thuộc giai đoạn nào"
            elif key == "counted":
                expected = "có" if is_counted(inn, program) else "không"
                what = f"“{expected}”"
                text = text.lower()
            else:
                expected = urls.innovation(inn.id)
                what = expected
                if text.endswith(expected) or text.endswith(expected.rstrip("/")):
                    continue
            if text and text != expected:
                problems.append(_problem(
                    values.number, column, key,
                    f"`{text}` không khớp với dữ liệu của dòng ({what}): cột này do trang tự "
                    "tính, không được lưu",
                    "xóa cột hoặc để trống; sửa cột gốc (ngày đăng ký, mã) nếu cần"))
        return problems


def _cell(problem: CellProblem) -> RowProblem:
    return _problem(problem.row, problem.column, "(bảng tính)", problem.message, problem.hint)


def _column_of(problem: Problem, values: RowValues, lines: dict[int, str]) -> str:
    columns = values.columns
    match = _KEY_OF_FIELD.match(problem.field)
    if match:
        key, sub = match.groups()
        if key == "benefit" and sub and f"benefit.{sub}" in columns:
            return columns[f"benefit.{sub}"]
        if key == "authors" and sub == "position" and "positions" in columns:
            return columns["positions"]
        if key == "body" and "body" in columns:
            return columns["body"]
        if key in columns:
            return columns[key]
        if key == "benefit":
            return columns.get("benefit.value_vnd") or columns.get("benefit.text", "")
    key = lines.get(problem.line)
    if key is not None and key in columns:
        return columns[key]
    return columns.get("body", "") if key is None else ""


def _merged(existing: Path, values: RowValues) -> tuple[dict[str, Any], str | None]:
    """--update: the file's front matter with the columns the sheet has written over it;
    fields and the body the sheet has no column for are kept."""
    try:
        doc = split_front_matter(read_text(existing))
        old = yaml.safe_load(doc.yaml_text) if doc is not None else None
    except Exception:  # a broken file: the sheet's row replaces it, and is checked
        doc, old = None, None
    front: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    given = values.given
    for key in list(front):
        if key in given:
            del front[key]
    for key, value in values.front.items():
        if key != "benefit":
            front[key] = value
    benefit = dict(front.get("benefit") or {}) if isinstance(front.get("benefit"), dict) else {}
    for sub in ("value_vnd", "text"):
        if f"benefit.{sub}" in given:
            benefit.pop(sub, None)
            if sub in values.front.get("benefit", {}):
                benefit[sub] = values.front["benefit"][sub]
    if benefit:
        front["benefit"] = benefit
    else:
        front.pop("benefit", None)
    if "authors" in given and "positions" not in given and isinstance(old, dict):
        positions = {a.get("name"): a.get("position") for a in old.get("authors") or []
                     if isinstance(a, dict) and a.get("position")}
        for author in front.get("authors") or []:
            if author["name"] in positions:
                author["position"] = positions[author["name"]]
    body = values.body if "body" in given else (doc.body if doc is not None else "")
    return front, body


def import_sheet(sheet_path: Path, root: Path, dry_run: bool = False,
                 update: bool = False, workers: int = 1) -> ImportResult:
    """Check every row; unless dry_run and only when every row is valid, write the files.
    With workers > 1, rows are checked in batches by that many forked processes."""
    job = _Import(sheet_path, root, update, workers)
    stage = None if dry_run else Path(tempfile.mkdtemp(prefix=".nhap-bang-tinh-",
                                                       dir=root.resolve().parent))
    try:
        try:
            staged = job.run(stage)
        except SheetError as exc:
            job.result.problems.append(_problem(exc.row, exc.column, "(bảng tính)", exc.message,
                                                exc.hint))
            staged = []
        result = job.result
        if result.ok and stage is not None:
            for source, target, updating in staged:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
                (result.updated if updating else result.created).append(target)
        result.problems.sort()
        return result
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
