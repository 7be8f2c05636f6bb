"""Rules across fields and across files, one named function each (yamllint's manner).

A field's own rules (type, pattern, length, choices) live in the contract (definitions.py).
The rules here relate a field to another, to the file's name, or to other files. Each takes
what it looks at and reports through the file's context; each runs on whatever was readable
(a field reported wrong arrives as absent), so that every problem is found in one round.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import definitions as d
from .bodycheck import FIELD as BODY_FIELD
from .fields import INVALID, FieldContext, suggest
from .images import check_image
from .model import Innovation, Phase
from .problems import ProblemLog, display_path
from .reading import FILE_FIELD
from .rule_subject import Rule, Scope, Subject, complete, entries, items, value
from .slugs import slugify
from .yamlnodes import Mapping, Node, Scalar

# -- program.yml ------------------------------------------------------------------------------

def readable_phases(subject: Subject) -> tuple[Phase, ...] | None:
    """The phases, when every one of them was readable."""
    raw = entries(subject.value("phases"))
    if len(raw) != len(subject.items("phases")) or not all(complete(p, d.PHASE.required)
                                                           for p in raw):
        return None
    return tuple(Phase(**p) for p in raw)


def phases_in_order(subject: Subject, scope: Scope) -> None:
    phases = readable_phases(subject)
    if phases is None:
        return
    seen: set[int] = set()
    for index, (phase, where) in enumerate(zip(phases, subject.items("phases"), strict=True)):
        name = f"phases[{index + 1}]"
        if phase.id in seen:
            subject.ctx.error(where, f"{name}.id", f"giai đoạn {phase.id} khai báo hai lần")
        seen.add(phase.id)
        if phase.end < phase.start:
            subject.ctx.error(where, f"{name}.end", "ngày kết thúc trước ngày bắt đầu")
        if index and phase.start <= phases[index - 1].end:
            subject.ctx.error(where, f"{name}.start",
                              f"giai đoạn {phase.id} bắt đầu trước khi giai đoạn "
                              f"{phases[index - 1].id} kết thúc (chồng lấn hoặc sai thứ tự)",
                              "các giai đoạn xếp theo thời gian, không chồng lên nhau")


PROGRAMME_MONTHS_MAX = 120
"""From counted_from to the last phase's end: each month is a report per unit (a page and a
workbook), so the span bounds the site's size; the plan's programme lasts two years."""


def programme_within_span(subject: Subject, scope: Scope) -> None:
    phases = readable_phases(subject)
    start = subject.value("counted_from")
    if not phases or not isinstance(start, dt.date):
        return
    end = max(phase.end for phase in phases)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months > PROGRAMME_MONTHS_MAX:
        subject.ctx.error(subject.where("phases"), "phases",
                          f"chương trình kéo dài {months} tháng (từ counted_from đến hết giai "
                          f"đoạn cuối), tối đa {PROGRAMME_MONTHS_MAX}",
                          "mỗi tháng có một báo cáo cho từng đơn vị; kiểm tra lại các ngày")


def categories_not_empty(subject: Subject, scope: Scope) -> None:
    if subject.value("categories") == {}:
        subject.ctx.error(subject.where("categories"), "categories",
                          "cần ít nhất một loại giải pháp")


def award_criteria_safe(subject: Subject, scope: Scope) -> None:
    """Criteria are Markdown shown on the award's page: judged as a body is."""
    if scope.check_markdown is None:
        return
    awards = subject.node.get("awards") if isinstance(subject.node, Mapping) else None
    for _, kind in awards.items if isinstance(awards, Mapping) else ():
        criteria = kind.get("criteria") if hasattr(kind, "get") else None
        if isinstance(criteria, Scalar) and criteria.kind == "str":
            if criteria.style == "|":
                # A literal block keeps its lines: it starts on the line after its key.
                scope.check_markdown(criteria.text, criteria.line + 1, subject.ctx)
            else:
                # Folded (>), quoted or plain: YAML joined its lines, so a line of the text
                # is no line of the file; each finding is put where the value starts.
                scope.check_markdown(criteria.text, criteria.line, subject.ctx,
                                     (criteria.line, criteria.col))


PROGRAM_RULES: tuple[Rule, ...] = (phases_in_order, programme_within_span, categories_not_empty,
                                   award_criteria_safe)


# -- units.yml --------------------------------------------------------------------------------

def unit_codes_unique(subject: Subject, scope: Scope) -> None:
    seen: dict[str, int] = {}
    for index, (entry, where) in enumerate(_unit_entries(subject)):
        code = value(entry, "code")
        if code is None:
            continue
        if code in seen:
            subject.ctx.error(where, f"units[{index + 1}].code",
                              f"mã đơn vị `{code}` trùng với mục thứ {seen[code]}")
        else:
            seen[code] = index + 1


def unit_targets_name_phases(subject: Subject, scope: Scope) -> None:
    if scope.program is None:
        return  # program.yml is unreadable: reported there
    phase_ids = {p.id for p in scope.program.phases}
    for index, (entry, where) in enumerate(_unit_entries(subject)):
        for phase_id in value(entry, "targets") or {}:
            if phase_id not in phase_ids:
                subject.ctx.error(where, f"units[{index + 1}].targets.{phase_id}",
                                  f"giai đoạn {phase_id} không có trong program.yml",
                                  "các giai đoạn: " + ", ".join(map(str, sorted(phase_ids))))


def _unit_entries(subject: Subject) -> Iterable[tuple[Any, Node]]:
    """Each unit's converted fields with its node, when the list lines up with its nodes."""
    raw = entries(subject.raw)
    nodes = items(subject.node)
    return zip(raw, nodes, strict=True) if len(raw) == len(nodes) else ()


UNITS_RULES: tuple[Rule, ...] = (unit_codes_unique, unit_targets_name_phases)


# -- an innovation ----------------------------------------------------------------------------

def applied_after_registration(subject: Subject, scope: Scope) -> None:
    registered, applied = subject.value("registered"), subject.value("applied")
    if applied is not None and registered is not None and applied < registered:
        subject.ctx.warn(subject.where("applied"), "applied",
                         f"ngày áp dụng {applied:%d/%m/%Y} trước ngày đăng ký "
                         f"{registered:%d/%m/%Y}",
                         "đúng nếu giải pháp đã áp dụng trước khi đăng ký vào chương trình")


def awards_after_registration(subject: Subject, scope: Scope) -> None:
    registered = subject.value("registered")
    if registered is None:
        return
    for index, (award, where) in enumerate(zip(entries(subject.value("awards")),
                                               subject.items("awards"), strict=False)):
        date = value(award, "date")
        if date is not None and date < registered:
            subject.ctx.error(where, f"awards[{index + 1}].date",
                              f"ngày khen thưởng {date:%d/%m/%Y} trước ngày đăng ký "
                              f"{registered:%d/%m/%Y}",
                              "kiểm tra lại ngày khen thưởng hoặc ngày đăng ký")


def image_allowed(subject: Subject, scope: Scope) -> None:
    reference = subject.value("image")
    if reference is None:
        return
    image, message, hint = check_image(reference, subject.path, scope.root)
    if image is None:
        subject.ctx.error(subject.where("image"), "image", message, hint)
    else:
        subject.derived["image"] = image


def placeholders_replaced(subject: Subject, scope: Scope) -> None:
    """What `new` wrote for the editor to replace, still there once published."""
    if subject.value("draft") is True:
        return
    hint = ("thay bằng nội dung thật, hoặc bật “Bản nháp” trong biểu mẫu (`draft: true` "
            "trong tệp) cho tới khi xong")
    if subject.value("summary") == d.PLACEHOLDERS["summary"]:
        subject.ctx.error(subject.where("summary"), "summary", "vẫn là câu mẫu", hint)
    for index, (author, where) in enumerate(zip(entries(subject.value("authors")),
                                                subject.items("authors"), strict=False)):
        for key in ("name", "position"):
            if value(author, key) == d.PLACEHOLDERS[key]:
                subject.ctx.error(where.get(key) or where, f"authors[{index + 1}].{key}",
                                  f"vẫn là chữ mẫu “{d.PLACEHOLDERS[key]}”",
                                  hint)
    for offset, line in enumerate(subject.body.split("\n")):
        for heading, sentence in d.BODY_PLACEHOLDERS:
            if line.strip() == sentence:
                subject.ctx.error((subject.body_line + offset, 1), BODY_FIELD,
                                  f"mục “{heading}” vẫn là câu mẫu", hint)


def tags_have_addresses(subject: Subject, scope: Scope) -> None:
    """Each tag is a page of its own (/chu-de/<slug>/): it needs a letter or a digit, and two
    tags of one innovation that make the same address are one topic written twice."""
    seen: dict[str, str] = {}
    tags = subject.value("tags")
    if not isinstance(tags, list):
        return
    for index, (tag, where) in enumerate(zip(tags, subject.items("tags"), strict=False)):
        if not isinstance(tag, str):
            continue
        slug = slugify(tag)
        name = f"tags[{index + 1}]"
        if not slug:
            subject.ctx.error(where, name, f"chủ đề `{tag}` không có chữ cái hay chữ số nào",
                              "mỗi chủ đề là một trang, địa chỉ trang lấy từ chữ của nó")
        elif slug in seen:
            subject.ctx.error(where, name, f"chủ đề `{tag}` trùng với `{seen[slug]}`",
                              "bỏ bớt một chủ đề")
        else:
            seen[slug] = tag


def replicated_elsewhere(subject: Subject, scope: Scope) -> None:
    """v3: each unit of replicated_in once, and never the innovation's own."""
    own, seen = subject.value("unit"), set()
    for index, (code, where) in enumerate(zip(entries(subject.value("replicated_in")),
                                              subject.items("replicated_in"), strict=False)):
        name = f"replicated_in[{index + 1}]"
        if code is None or code is INVALID:
            continue
        if code == own:
            subject.ctx.error(where, name, f"`{code}` là đơn vị của chính sáng kiến",
                              "replicated_in chỉ ghi các đơn vị khác đã nhân rộng")
        elif code in seen:
            subject.ctx.error(where, name, f"đơn vị `{code}` ghi hai lần")
        seen.add(code)


INNOVATION_RULES: tuple[Rule, ...] = (
    applied_after_registration, awards_after_registration, image_allowed,
    placeholders_replaced, tags_have_addresses, replicated_elsewhere)


def innovation_ids_unique(innovations: Iterable[Innovation], root: Path,
                          log: ProblemLog) -> None:
    """Across files: an id is an address, forever."""
    first: dict[str, Innovation] = {}
    for inn in innovations:
        other = first.setdefault(inn.id, inn)
        if other is inn:
            continue
        for here, there in ((inn, other), (other, inn)):
            log.add(display_path(root / here.source), 2, 1, "id",
                    f"mã `{inn.id}` trùng với tệp {display_path(root / there.source)}",
                    "mỗi sáng kiến một mã riêng; `python -m generator new` cho mã mới")


# -- a month's picks --------------------------------------------------------------------------

def month_picks_file_name(path: Path, ctx: FieldContext) -> None:
    if not re.fullmatch(d.MONTH_PATTERN, path.stem):
        ctx.error((1, 1), FILE_FIELD, f"tên tệp `{path.name}` phải có dạng YYYY-MM.md",
                  "ví dụ featured/2022-05.md")


def month_matches_file_name(subject: Subject, scope: Scope) -> None:
    month = subject.value("month")
    if month is not None and month != subject.path.stem:
        subject.ctx.error(subject.where("month"), "month",
                          f"tháng `{month}` không khớp tên tệp `{subject.path.name}`",
                          f"viết month: {subject.path.stem}")


def picks_within_limit(subject: Subject, scope: Scope) -> None:
    picks = entries(subject.value("picks"))
    limit = scope.program.featured_per_month if scope.program else None
    if limit is not None and len(picks) > limit:
        subject.ctx.error(subject.where("picks"), "picks",
                          f"{len(picks)} sáng kiến tiêu biểu, tối đa {limit} mỗi tháng",
                          "bớt lại cho đúng kế hoạch")


def picks_exist_and_published(subject: Subject, scope: Scope) -> None:
    picks = entries(subject.value("picks"))
    ids = [value(p, "id") for p in picks] if len(picks) == len(subject.items("picks")) else []
    _presented(subject, scope, ids, "picks", "picks[{n}].id", "được chọn hai lần trong tháng")


MONTH_PICKS_RULES: tuple[Rule, ...] = (
    month_matches_file_name, picks_within_limit, picks_exist_and_published)


# -- an event ---------------------------------------------------------------------------------

def event_file_name(path: Path, ctx: FieldContext) -> None:
    if not re.fullmatch(d.EVENT_NAME_PATTERN, path.stem):
        ctx.error((1, 1), FILE_FIELD,
                  f"tên tệp `{path.name}` phải có dạng YYYY-MM-DD-ten-su-kien.md",
                  "ví dụ events/2022-05-20-toa-dam-an-toan.md (chữ thường không dấu)")


def event_date_matches_file_name(subject: Subject, scope: Scope) -> None:
    name = re.fullmatch(d.EVENT_NAME_PATTERN, subject.path.stem)
    date: dt.date | None = subject.value("date")
    if name is not None and date is not None and date.isoformat() != name.group(1):
        subject.ctx.error(subject.where("date"), "date",
                          f"ngày {date.isoformat()} không khớp tên tệp `{subject.path.name}`",
                          f"viết date: {name.group(1)}")


def exchange_has_two_units(subject: Subject, scope: Scope) -> None:
    if subject.value("kind") == "giao-luu" and len(entries(subject.value("units"))) < 2:
        subject.ctx.error(subject.where("units"), "units", "giao lưu cần ít nhất 2 đơn vị",
                          "ghi mã các đơn vị cùng tham gia")


def event_units_not_repeated(subject: Subject, scope: Scope) -> None:
    seen: set[str] = set()
    for index, (code, where) in enumerate(zip(entries(subject.value("units")),
                                              subject.items("units"), strict=False)):
        if code in seen:
            subject.ctx.error(where, f"units[{index + 1}]", f"đơn vị `{code}` ghi hai lần")
        seen.add(code)


def presented_exist_and_published(subject: Subject, scope: Scope) -> None:
    presented = entries(subject.value("innovations"))
    ids = presented if len(presented) == len(subject.items("innovations")) else []
    _presented(subject, scope, ids, "innovations", "innovations[{n}]", "được ghi hai lần")


EVENT_RULES: tuple[Rule, ...] = (
    event_date_matches_file_name, exchange_has_two_units, event_units_not_repeated,
    presented_exist_and_published)


def _presented(subject: Subject, scope: Scope, ids: list[Any], key: str, name: str,
               twice: str) -> None:
    """Ids of innovations a month or an event names: each once, existing, published."""
    seen: set[str] = set()
    for index, (innovation_id, where) in enumerate(zip(ids, subject.items(key), strict=False)):
        if innovation_id is None:
            continue
        field_name = name.format(n=index + 1)
        if innovation_id in seen:
            subject.ctx.error(where, field_name, f"`{innovation_id}` {twice}")
        seen.add(innovation_id)
        target = scope.by_id.get(innovation_id)
        if target is None:
            subject.ctx.error(where, field_name, f"không có sáng kiến mã `{innovation_id}`",
                              suggest(innovation_id, scope.by_id))
        elif target.draft:
            subject.ctx.error(where, field_name, f"sáng kiến `{innovation_id}` còn là bản nháp "
                              "(draft)", "chỉ chọn sáng kiến đã đăng")


def run(rules: Iterable[Rule], subject: Subject, scope: Scope) -> None:
    for rule in rules:
        rule(subject, scope)
