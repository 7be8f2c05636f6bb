"""Load and check a content tree: every file read once, every problem collected."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import definitions as d
from .bodycheck import FIELD as BODY_FIELD
from .bodycheck import BodyChecker
from .fields import INVALID, FieldContext, Struct, suggest
from .images import check_image
from .inventory import PROGRAM_FILE, UNITS_FILE, Inventory, take_inventory
from .model import (
    Author,
    Award,
    AwardKind,
    Benefit,
    Catalog,
    EmulationBlock,
    Event,
    Innovation,
    MonthPicks,
    Peer,
    Phase,
    Pick,
    Program,
    Unit,
)
from .parallel import fork_map
from .problems import Problem, ProblemLog, UnreadableText, display_path
from .sources import read_text, split_front_matter
from .yamlnodes import Node, parse_yaml


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem]
    inventory: Inventory

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors


_UNCHANGED: dict[Path, tuple[tuple[object, ...], Innovation]] = {}
"""Innovations read without any problem, by file and what they were checked against: a
`mkdocs serve` rebuild parses only the files that changed. Files with an image are always
read again (the image may have changed without the file)."""


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = ProblemLog()
        self.bodies = BodyChecker()
        self.choices: dict[str, list[str]] = {}
        """Names that references may use (units, categories, ...), once they are loaded."""

    # -- reading -----------------------------------------------------------------------------

    def _ctx(self, path: Path, choices: dict[str, list[str]] | None = None) -> FieldContext:
        return FieldContext(display_path(path), self.log, choices or {})

    def _read_yaml(self, path: Path, text: str, line_offset: int, ctx: FieldContext) -> Node | None:
        try:
            parsed = parse_yaml(text, line_offset)
        except UnreadableText as exc:
            ctx.error((exc.line, exc.col), "(yaml)", exc.message, exc.hint)
            return None
        for dup in parsed.duplicates:
            ctx.error((dup.line, dup.col), dup.key,
                      f"trường `{dup.key}` được khai báo hai lần (dòng {dup.first_line} và dòng "
                      f"{dup.line}); YAML sẽ lặng lẽ bỏ một giá trị",
                      "giữ lại một dòng duy nhất")
        return parsed.root

    def _read_file(self, path: Path, ctx: FieldContext) -> str | None:
        try:
            return read_text(path)
        except UnreadableText as exc:
            ctx.error((exc.line, exc.col), "(tệp)", exc.message, exc.hint)
        except OSError as exc:
            ctx.error((1, 1), "(tệp)", f"không đọc được tệp: {exc.strerror}")
        return None

    def _read_data_file(self, name: str) -> tuple[Node | None, FieldContext]:
        path = self.root / name
        ctx = self._ctx(path)
        if not path.is_file():
            ctx.error((1, 1), "(tệp)", f"thiếu tệp {name} trong thư mục nội dung")
            return None, ctx
        text = self._read_file(path, ctx)
        if text is None:
            return None, ctx
        before = self.log.error_count
        node = self._read_yaml(path, text, 0, ctx) if text.strip() else None
        if node is None and self.log.error_count == before:
            # Empty, blank or only comments: nothing to read, and nothing may be guessed.
            ctx.error((1, 1), "(tệp)", f"tệp {name} trống",
                      "xem mẫu trong hướng dẫn biên tập")
        return node, ctx

    # -- program and units -------------------------------------------------------------------

    def load_program(self) -> Program | None:
        node, ctx = self._read_data_file(PROGRAM_FILE)
        if node is None:
            return None
        before = self.log.error_count
        raw = d.PROGRAM.convert(node, ctx, "")
        if raw is INVALID:
            return None
        phases = tuple(Phase(**p) for p in _entries(raw.get("phases")) if _complete(p, d.PHASE))
        phases_node = node.get("phases")
        if len(phases) == len(getattr(phases_node, "items", ())):  # every phase readable
            self._check_phases(phases, node, ctx)
        if self.log.error_count > before:
            return None
        block = raw.get("emulation_block")
        program = Program(
            name=raw["name"],
            organization=raw["organization"],
            counted_from=raw["counted_from"],
            target=raw["target"],
            phases=phases,
            participation_target=raw["participation_target"],
            featured_per_month=raw["featured_per_month"],
            categories=dict(raw["categories"]),
            awards={k: AwardKind(key=k, **v) for k, v in raw["awards"].items()},
            emulation_block=EmulationBlock(
                name=block["name"],
                rank_target=block.get("rank_target"),
                peers=tuple(Peer(**p) for p in block["peers"]),
            ) if block else None,
        )
        if not program.categories:
            ctx.error(node, "categories", "cần ít nhất một loại giải pháp")
        return program

    def _check_phases(self, phases: tuple[Phase, ...], node: Node, ctx: FieldContext) -> None:
        phases_node = node.get("phases") if hasattr(node, "get") else None
        items = getattr(phases_node, "items", ())
        seen: set[int] = set()
        for index, phase in enumerate(phases):
            where = items[index] if index < len(items) else node
            name = f"phases[{index + 1}]"
            if phase.id in seen:
                ctx.error(where, f"{name}.id", f"giai đoạn {phase.id} khai báo hai lần")
            seen.add(phase.id)
            if phase.end < phase.start:
                ctx.error(where, f"{name}.end", "ngày kết thúc trước ngày bắt đầu")
            if index and phase.start <= phases[index - 1].end:
                ctx.error(where, f"{name}.start",
                          f"giai đoạn {phase.id} bắt đầu trước khi giai đoạn "
                          f"{phases[index - 1].id} kết thúc (chồng lấn hoặc sai thứ tự)",
                          "các giai đoạn xếp theo thời gian, không chồng lên nhau")

    def load_units(self, program: Program | None) -> tuple[Unit, ...] | None:
        node, ctx = self._read_data_file(UNITS_FILE)
        if node is None:
            return None
        before = self.log.error_count
        raw = d.UNITS.convert(node, ctx, "units")
        if raw is INVALID:
            return None
        items = getattr(node, "items", ())
        units: list[Unit] = []
        seen: dict[str, int] = {}
        phase_ids = {p.id for p in program.phases} if program else None
        for index, entry in enumerate(raw):
            where = items[index] if index < len(items) else node
            if not {"code", "name", "members", "targets"} <= entry.keys() or INVALID in (
                entry.values()
            ):
                continue
            code = entry["code"]
            if code in seen:
                ctx.error(where, f"units[{index + 1}].code",
                          f"mã đơn vị `{code}` trùng với mục thứ {seen[code]}")
                continue
            seen[code] = index + 1
            if phase_ids is not None:
                for phase_id in entry["targets"]:
                    if phase_id not in phase_ids:
                        ctx.error(where, f"units[{index + 1}].targets.{phase_id}",
                                  f"giai đoạn {phase_id} không có trong program.yml",
                                  "các giai đoạn: " + ", ".join(str(p) for p in sorted(phase_ids)))
            units.append(Unit(**entry))
        if self.log.error_count > before:
            return None
        return tuple(units)

    # -- innovations -------------------------------------------------------------------------

    def load_innovations(self, paths: list[Path], choices: dict[str, list[str]],
                         workers: int = 1) -> list[Innovation]:
        signature = tuple(sorted((k, tuple(v)) for k, v in choices.items()))

        def load_share(share: Sequence[Path]) -> tuple[list[Innovation], list[Problem]]:
            before = len(self.log.items)
            loaded = [inn for path in share
                      if (inn := self._load_cached(path, choices, signature)) is not None]
            return loaded, self.log.items[before:]

        out: list[Innovation] = []
        for index, (loaded, problems) in enumerate(fork_map(load_share, paths, workers, 1000)):
            out.extend(loaded)
            if index:  # the first share ran here and logged its problems already
                self.log.extend(problems)
        self._check_unique_ids(out)
        return out

    def _load_cached(self, path: Path, choices: dict[str, list[str]],
                     signature: tuple[object, ...]) -> Innovation | None:
        try:
            stat = path.stat()
        except OSError:
            return self._load_innovation(path, choices)
        key = (stat.st_mtime_ns, stat.st_size, signature)
        cached = _UNCHANGED.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        before = len(self.log.items)
        innovation = self._load_innovation(path, choices)
        if innovation is not None and innovation.image is None and len(self.log.items) == before:
            _UNCHANGED[path] = (key, innovation)
        else:
            _UNCHANGED.pop(path, None)
        return innovation

    def _front_matter(self, path: Path, ctx: FieldContext) -> tuple[Node, str, int] | None:
        """The file's front matter and body; None once why not is logged. The body is checked
        whatever the front matter holds."""
        text = self._read_file(path, ctx)
        if text is None:
            return None
        if not text.strip():
            ctx.error((1, 1), "(tệp)", "tệp trống", "dùng `python -m generator new` để tạo khung")
            return None
        try:
            doc = split_front_matter(text)
        except UnreadableText as exc:
            ctx.error((exc.line, exc.col), "(tệp)", exc.message, exc.hint)
            return None
        if doc is None:
            ctx.error((1, 1), "(tệp)", "thiếu phần đầu (front matter) giữa hai dòng '---'",
                      "dòng đầu tiên của tệp phải là '---'")
            self._check_body(text, 1, ctx)
            return None
        before = self.log.error_count
        node = self._read_yaml(path, doc.yaml_text, doc.yaml_line - 1, ctx)
        if node is None and self.log.error_count == before:
            ctx.error((1, 1), "(tệp)", "phần đầu (front matter) trống")
        self._check_body(doc.body, doc.body_line, ctx)
        if node is None:
            return None
        return node, doc.body, doc.body_line

    def _check_body(self, body: str, first_line: int, ctx: FieldContext) -> None:
        for finding in self.bodies.check(body, first_line):
            ctx.error((finding.line, finding.col), BODY_FIELD, finding.message, finding.hint)

    def _converted(self, path: Path, ctx: FieldContext, definition: Struct
                   ) -> tuple[Node, dict[str, Any], str, int] | None:
        """Front matter read and converted by definition, with INVALID for each field already
        reported, so that every check whose inputs are readable still runs."""
        read = self._front_matter(path, ctx)
        if read is None:
            return None
        node, body, body_line = read
        raw = definition.convert(node, ctx, "")
        if raw is INVALID:
            return None
        return node, raw, body, body_line

    def _load_innovation(self, path: Path, choices: dict[str, list[str]]) -> Innovation | None:
        ctx = self._ctx(path, choices)
        before = self.log.error_count
        converted = self._converted(path, ctx, d.INNOVATION)
        if converted is None:
            return None
        node, raw, body, body_line = converted
        registered = _value(raw, "registered")
        applied = _value(raw, "applied")
        if applied is not None and registered is not None and applied < registered:
            ctx.warn(node.get("applied") or node, "applied",
                     f"ngày áp dụng {applied:%d/%m/%Y} trước ngày đăng ký {registered:%d/%m/%Y}",
                     "đúng nếu giải pháp đã áp dụng trước khi đăng ký vào chương trình")
        awards_node = node.get("awards")
        award_items = getattr(awards_node, "items", ())
        for index, award in enumerate(_entries(raw.get("awards"))):
            date = _value(award, "date")
            if date is None or registered is None or index >= len(award_items):
                continue
            if date < registered:
                ctx.error(award_items[index], f"awards[{index + 1}].date",
                          f"ngày khen thưởng {date:%d/%m/%Y} trước ngày đăng ký "
                          f"{registered:%d/%m/%Y}",
                          "kiểm tra lại ngày khen thưởng hoặc ngày đăng ký")
        image = None
        reference = _value(raw, "image")
        if reference is not None:
            image, message, hint = check_image(reference, path, self.root)
            if image is None:
                ctx.error(node.get("image") or node, "image", message, hint)
        if _value(raw, "draft") is not True:
            self._check_placeholders(node, raw, body, body_line, ctx)
        if self.log.error_count > before:
            return None
        benefit = raw.get("benefit")
        return Innovation(
            id=raw["id"],
            title=raw["title"],
            unit=raw["unit"],
            authors=tuple(Author(**a) for a in raw["authors"]),
            category=raw["category"],
            registered=registered,
            summary=raw["summary"],
            body=body,
            source=path.relative_to(self.root).as_posix(),
            status=raw.get("status", "registered"),
            applied=applied,
            benefit=Benefit(**benefit) if benefit else None,
            awards=tuple(Award(**a) for a in raw.get("awards", [])),
            tags=tuple(dict.fromkeys(raw.get("tags", []))),
            image=image,
            draft=raw.get("draft", False),
            body_line=body_line,
        )

    def _check_placeholders(self, node: Node, raw: dict[str, Any], body: str, body_line: int,
                            ctx: FieldContext) -> None:
        """What `new` wrote for the editor to replace, still there in a published innovation."""
        hint = "thay bằng nội dung thật, hoặc giữ `draft: true` cho tới khi xong"
        if _value(raw, "summary") == d.PLACEHOLDERS["summary"]:
            ctx.error(node.get("summary") or node, "summary", "vẫn là câu mẫu của lệnh `new`", hint)
        author_items = getattr(node.get("authors"), "items", ())
        for index, author in enumerate(_entries(raw.get("authors"))):
            for key in ("name", "position"):
                if index < len(author_items) and _value(author, key) == d.PLACEHOLDERS[key]:
                    where = author_items[index].get(key) or author_items[index]
                    ctx.error(where, f"authors[{index + 1}].{key}",
                              f"vẫn là chữ mẫu “{d.PLACEHOLDERS[key]}” của lệnh `new`", hint)
        for offset, line in enumerate(body.split("\n")):
            for heading, sentence in d.BODY_PLACEHOLDERS:
                if line.strip() == sentence:
                    ctx.error((body_line + offset, 1), BODY_FIELD,
                              f"mục “{heading}” vẫn là câu mẫu của lệnh `new`", hint)

    def _check_unique_ids(self, innovations: list[Innovation]) -> None:
        first: dict[str, Innovation] = {}
        for inn in innovations:
            other = first.get(inn.id)
            if other is None:
                first[inn.id] = inn
                continue
            for here, there in ((inn, other), (other, inn)):
                other_path = display_path(self.root / there.source)
                self.log.add(display_path(self.root / here.source), 2, 1, "id",
                             f"mã `{inn.id}` trùng với tệp {other_path}",
                             "mỗi sáng kiến một mã riêng; `python -m generator new` cho mã mới")

    def _check_presented(self, ids: list[Any], items: Sequence[Node], name: str, ctx: FieldContext,
                         by_id: dict[str, Innovation], twice: str) -> None:
        """Ids of innovations a month or an event names: each once, existing, published."""
        seen: set[str] = set()
        for index, innovation_id in enumerate(ids):
            if innovation_id is None or index >= len(items):
                continue
            where, field_name = items[index], name.format(n=index + 1)
            if innovation_id in seen:
                ctx.error(where, field_name, f"`{innovation_id}` {twice}")
            seen.add(innovation_id)
            target = by_id.get(innovation_id)
            if target is None:
                ctx.error(where, field_name, f"không có sáng kiến mã `{innovation_id}`",
                          suggest(innovation_id, by_id))
            elif target.draft:
                ctx.error(where, field_name, f"sáng kiến `{innovation_id}` còn là bản nháp "
                          "(draft)", "chỉ chọn sáng kiến đã đăng")

    # -- monthly picks -----------------------------------------------------------------------

    def load_month_picks(self, paths: list[Path], program: Program | None,
                    by_id: dict[str, Innovation]) -> list[MonthPicks]:
        months = [m for path in paths
                  if (m := self._load_month_picks(path, program, by_id)) is not None]
        return sorted(months, key=lambda m: m.month)

    def _load_month_picks(self, path: Path, program: Program | None, by_id: dict[str, Innovation]
                    ) -> MonthPicks | None:
        ctx = self._ctx(path)
        before = self.log.error_count
        if not re.fullmatch(d.MONTH_PATTERN, path.stem):
            ctx.error((1, 1), "(tệp)", f"tên tệp `{path.name}` phải có dạng YYYY-MM.md",
                      "ví dụ featured/2022-05.md")
        converted = self._converted(path, ctx, d.MONTH_PICKS)
        if converted is None:
            return None
        node, raw, body, _ = converted
        month = _value(raw, "month")
        if month is not None and month != path.stem:
            ctx.error(node.get("month") or node, "month",
                      f"tháng `{month}` không khớp tên tệp `{path.name}`",
                      f"viết month: {path.stem}")
        picks_node = node.get("picks")
        picks = _entries(raw.get("picks"))
        limit = program.featured_per_month if program else None
        if limit is not None and len(picks) > limit:
            ctx.error(picks_node or node, "picks",
                      f"{len(picks)} sáng kiến tiêu biểu, tối đa {limit} mỗi tháng",
                      "bớt lại cho đúng kế hoạch")
        items = getattr(picks_node, "items", ())
        ids = [_value(pick, "id") for pick in picks] if len(picks) == len(items) else []
        self._check_presented(ids, items, "picks[{n}].id", ctx, by_id,
                              "được chọn hai lần trong tháng")
        if self.log.error_count > before:
            return None
        return MonthPicks(
            month=raw["month"],
            title=raw["title"],
            picks=tuple(Pick(**p) for p in raw["picks"]),
            body=body,
            source=path.relative_to(self.root).as_posix(),
        )

    # -- events ------------------------------------------------------------------------------

    def load_events(self, paths: list[Path], by_id: dict[str, Innovation]) -> list[Event]:
        events = [e for path in paths if (e := self._load_event(path, by_id)) is not None]
        return sorted(events, key=lambda e: (-e.date.toordinal(), e.slug))

    def _load_event(self, path: Path, by_id: dict[str, Innovation]) -> Event | None:
        ctx = self._ctx(path, {**self.choices, "event_kinds": list(d.EVENT_KINDS)})
        before = self.log.error_count
        name = re.fullmatch(d.EVENT_NAME_PATTERN, path.stem)
        if name is None:
            ctx.error((1, 1), "(tệp)",
                      f"tên tệp `{path.name}` phải có dạng YYYY-MM-DD-ten-su-kien.md",
                      "ví dụ events/2022-05-20-toa-dam-an-toan.md (chữ thường không dấu)")
        converted = self._converted(path, ctx, d.EVENT)
        if converted is None:
            return None
        node, raw, body, _ = converted
        date = _value(raw, "date")
        if name is not None and date is not None and date.isoformat() != name.group(1):
            ctx.error(node.get("date") or node, "date",
                      f"ngày {date.isoformat()} không khớp tên tệp `{path.name}`",
                      f"viết date: {name.group(1)}")
        units_node = node.get("units")
        units = _entries(raw.get("units"))
        if _value(raw, "kind") == "giao-luu" and len(units) < 2:
            ctx.error(units_node or node, "units", "giao lưu cần ít nhất 2 đơn vị",
                      "ghi mã các đơn vị cùng tham gia")
        unit_items = getattr(units_node, "items", ())
        seen: set[str] = set()
        for index, code in enumerate(units):
            if code in seen and index < len(unit_items):
                ctx.error(unit_items[index], f"units[{index + 1}]",
                          f"đơn vị `{code}` ghi hai lần")
            seen.add(code)
        presented_node = node.get("innovations")
        presented = _entries(raw.get("innovations"))
        items = getattr(presented_node, "items", ())
        self._check_presented(presented if len(presented) == len(items) else [], items,
                              "innovations[{n}]", ctx, by_id, "được ghi hai lần")
        if self.log.error_count > before:
            return None
        return Event(
            slug=path.stem,
            title=raw["title"],
            date=date,
            kind=raw["kind"],
            units=tuple(units),
            summary=raw["summary"],
            body=body,
            source=path.relative_to(self.root).as_posix(),
            place=raw.get("place"),
            innovations=tuple(presented),
            draft=raw.get("draft", False),
        )

    # -- ordinary pages ----------------------------------------------------------------------

    def check_pages(self, paths: list[Path]) -> None:
        for path in paths:
            ctx = self._ctx(path)
            text = self._read_file(path, ctx)
            if text is None:
                continue
            try:
                doc = split_front_matter(text)
            except UnreadableText as exc:
                ctx.error((exc.line, exc.col), "(tệp)", exc.message, exc.hint)
                continue
            if doc is None:
                self._check_body(text, 1, ctx)
                continue
            node = self._read_yaml(path, doc.yaml_text, doc.yaml_line - 1, ctx)
            if node is not None:
                d.PAGE.convert(node, ctx, "")
            self._check_body(doc.body, doc.body_line, ctx)


def _entries(value: Any) -> list[Any]:
    """A converted list, or none when it was reported as wrong or absent."""
    return value if isinstance(value, list) else []


def _value(raw: Any, key: str) -> Any:
    """A converted field, or None when it is absent or was reported as wrong."""
    if not isinstance(raw, dict):
        return None
    value = raw.get(key)
    return None if value is INVALID else value


def _complete(entry: Any, definition: Struct) -> bool:
    return (isinstance(entry, dict) and definition.required <= entry.keys()
            and INVALID not in entry.values())


def load_content(root: Path, workers: int = 1) -> LoadResult:
    """Read and check the whole content tree; a catalog only when nothing is wrong.

    workers > 1 shares the innovation files among forked processes (large trees only).
    """
    inventory = take_inventory(root)
    loader = _Loader(root)
    loader.log.extend(inventory.problems)
    program = loader.load_program()
    units = loader.load_units(program)
    choices: dict[str, list[str]] = {"statuses": list(d.STATUSES)}
    if program is not None:
        choices["categories"] = list(program.categories)
        choices["awards"] = list(program.awards)
    if units is not None:
        choices["units"] = [u.code for u in units]
    loader.choices = choices
    innovations = loader.load_innovations(inventory.innovations, choices, workers)
    by_id = {inn.id: inn for inn in innovations}
    months = loader.load_month_picks(inventory.months, program, by_id)
    events = loader.load_events(inventory.events, by_id)
    loader.check_pages(inventory.pages)
    problems = loader.log.sorted()
    if program is None or units is None or any(p.severity == "error" for p in problems):
        return LoadResult(None, problems, inventory)
    innovations.sort(key=lambda i: (-i.registered.toordinal(), i.id))
    catalog = Catalog(
        program=program,
        units=units,
        innovations=tuple(innovations),
        months=tuple(months),
        events=tuple(events),
        unit_by_code={u.code: u for u in units},
        by_id=by_id,
    )
    return LoadResult(catalog, problems, inventory)
