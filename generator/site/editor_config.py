"""The web editor's configuration (Decap CMS, /bien-tap/config.yml), from the contract itself.

Every field of the checker's definitions (generator/content/definitions.py) becomes a widget:
required fields, patterns, lengths and minimums are read from the field objects, choices from
the content (unit codes, categories, award kinds), so that the form refuses what the checker
would refuse, as far as Decap's widgets can say it. Rules over the whole catalog (a unique id,
no draft among picks, no reference left dangling) the form checks against catalog.json
(editor_catalog), written by each build beside the editor; the checker still says them all,
on the pull request.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.content import definitions as d
from generator.content.field_containers import ListOf, MapOf, Struct
from generator.content.fields import (
    MAX_YEAR,
    MIN_YEAR,
    Boolean,
    Choice,
    Date,
    Field,
    Integer,
    Number,
    Pattern,
    Text,
)
from generator.content.images import ALLOWED_SUFFIXES, MAX_IMAGE_BYTES
from generator.content.model import Catalog
from generator.site.vietnamese import format_int

CONTENT = "content"
"""The content folder, relative to the repository root (where the CMS's paths start)."""

PROXY_PORT = 8081
"""decap-server's port in local mode (scripts/edit)."""

REPO_PLACEHOLDER = "CHU-SO-HUU/TEN-KHO"
"""GitHub's owner/name of the repository: the maintainer sets it in mkdocs.yml (README)."""

STATUS_LABELS = {"registered": "Đã đăng ký", "applied": "Đã áp dụng",
                 "recognized": "Đã được công nhận"}
"""As the innovation page shows them (overrides/sk/body/innovation.html)."""

LABELS: dict[str, str] = {
    # innovations
    "id": "Mã sáng kiến",
    "title": "Tên sáng kiến",
    "unit": "Đơn vị",
    "authors": "Tác giả",
    "authors.name": "Họ và tên",
    "authors.position": "Chức danh, bộ phận",
    "category": "Loại giải pháp",
    "registered": "Ngày đăng ký",
    "summary": "Tóm tắt",
    "status": "Trạng thái",
    "applied": "Ngày áp dụng",
    "benefit": "Hiệu quả làm lợi",
    "benefit.value_vnd": "Giá trị làm lợi (đồng/năm)",
    "benefit.text": "Diễn giải hiệu quả",
    "awards": "Giải thưởng",
    "awards.kind": "Loại giải thưởng",
    "awards.date": "Ngày quyết định",
    "awards.decision": "Số quyết định",
    "tags": "Chủ đề",
    "image": "Ảnh đại diện",
    "draft": "Bản nháp (chưa đăng)",
    "body": "Nội dung",
    # a month's picks
    "month": "Tháng (YYYY-MM)",
    "picks": "Sáng kiến được chọn",
    "picks.id": "Sáng kiến",
    "picks.headline": "Dòng nổi bật",
    # events
    "date": "Ngày diễn ra",
    "kind": "Loại sự kiện",
    "units": "Các đơn vị tham gia",
    "place": "Địa điểm",
    "innovations": "Sáng kiến được trình bày",
    "replicated_in": "Đã nhân rộng tại",
    # pages
    "description": "Mô tả ngắn",
    "template": "Mẫu trang",
    "hide": "Ẩn thành phần",
    "search": "Tìm kiếm",
    "search.exclude": "Không đưa vào tìm kiếm",
    # units.yml
    "units.code": "Mã đơn vị",
    "units.name": "Tên công đoàn",
    "units.parent": "Đơn vị cấp trên",
    "units.members": "Số đoàn viên",
    "units.targets": "Chỉ tiêu theo giai đoạn",
    "units.advisory_team": "Tổ tư vấn hỗ trợ sáng kiến",
    "units.advisory_team.contact": "Liên hệ",
    "units.advisory_team.members": "Thành viên",
    "units.advisory_team.members.name": "Họ và tên",
    "units.advisory_team.members.position": "Chức vụ",
}
"""Vietnamese labels by field path (a field of a list or group after a dot)."""

def _image_hint() -> str:
    """The image kinds and size the checker accepts (content/images.py), said once."""
    kinds = []
    for kind in ALLOWED_SUFFIXES.values():
        name = kind.upper() if kind != "webp" else "WebP"
        if name not in kinds:
            kinds.append(name)
    size = (f"{MAX_IMAGE_BYTES // 1_000_000} MB" if MAX_IMAGE_BYTES % 1_000_000 == 0
            else f"{format_int(MAX_IMAGE_BYTES // 1000)} KB")
    return (f"Ảnh {', '.join(kinds[:-1])} hoặc {kinds[-1]}, tối đa {size} "
            f"({format_int(MAX_IMAGE_BYTES)} byte), lưu cạnh bài; không dùng SVG.")


DATE_WIDGET = "sk-date"
MONEY_WIDGET = "sk-money"
"""The editor's own widgets (editor_files/editor.js): a date typed day/month/year, an amount
of money typed the Vietnamese way (1.200.000 đồng, 1,5 triệu, 1,2 tỷ)."""

SAFE_INTEGER_MAX = 2**53 - 1
"""The largest integer the web editor keeps exact (JavaScript's Number.MAX_SAFE_INTEGER): it
reads a file's numbers as JavaScript numbers, so the form refuses more rather than round it."""

HINTS: dict[str, str] = {
    "id": "Chữ in hoa và chữ số, các nhóm nối bằng một dấu '-' (không ở đầu hay cuối), ví dụ "
          "EVNNPC-2022-0042. Là địa chỉ trang, không đổi về sau, không trùng sáng kiến khác.",
    "title": "Từ 1 đến 200 ký tự.",
    "summary": "Một hai câu, chữ thường (không in đậm, không liên kết), tối đa 500 ký tự: "
               "hiện trên thẻ và trong kết quả tìm kiếm.",
    "registered": "Ngày sáng kiến đăng ký tham gia chương trình, gõ ngày/tháng/năm, ví dụ "
                  "15/09/2023.",
    "applied": "Ngày áp dụng lần đầu vào thực tế; nếu trước ngày đăng ký, trình kiểm tra nhắc "
               "lại để xem (vẫn đăng được).",
    "authors": f"Ít nhất 1, tối đa {d.MAX_AUTHORS} tác giả.",
    "tags": "Các chủ đề, cách nhau bởi dấu phẩy, mỗi chủ đề tối đa 60 ký tự, ví dụ: an toàn, "
            "chuyển đổi số.",
    "image": _image_hint(),
    "benefit.value_vnd": "Số đồng làm lợi mỗi năm, ví dụ 1.200.000 hoặc 1.200.000 đồng, "
                         "1,5 triệu, 1,2 tỷ; lưu thành số nguyên. Trình biên tập web giữ "
                         f"đúng tới {format_int(SAFE_INTEGER_MAX)}; số lớn hơn sửa trực tiếp "
                         "trong tệp.",
    "units.code": "Từ 2 đến 16 chữ in hoa hoặc chữ số, ví dụ EVNNPC; không trùng đơn vị khác.",
    "draft": "Bật: bài chưa đăng và chưa được tính.",
    "body": "Thay các câu mẫu dưới mỗi mục bằng nội dung thật (còn câu mẫu thì bài không đăng "
            "được, trừ khi là bản nháp).",
    "month": "Ví dụ 2022-05; trùng với tên tệp.",
    "picks": "Tối đa {featured_per_month} sáng kiến mỗi tháng, không trùng nhau, không chọn "
             "bản nháp.",
    "picks.id": "Gõ vài chữ của tên sáng kiến để chọn.",
    "units": "Ít nhất 2 đơn vị nếu là giao lưu; không lặp lại.",
    "replicated_in": "Các đơn vị khác đã áp dụng sáng kiến (nhân rộng); không ghi đơn vị của "
                     "chính sáng kiến, không lặp lại.",
    "innovations": "Chỉ các sáng kiến đã đăng.",
    "awards.decision": "Ví dụ 1234/QĐ-TLĐ, tối đa 60 ký tự.",
    "awards.date": "Không trước ngày đăng ký.",
}
"""Hints under the widgets; a field's own description is used where there is none here."""

_LONG_TEXT = 200
"""Texts allowed longer than this get a text area, not a line."""


@dataclass(frozen=True)
class Backend:
    """Where the editor saves: a GitHub repository through pull requests, or decap-server."""

    repo: str = REPO_PLACEHOLDER
    branch: str = "main"
    base_url: str | None = None
    """The OAuth server (Decap's `base_url`); None: Netlify's, for a site hosted there."""
    auth_endpoint: str | None = None
    proxy_port: int = PROXY_PORT


CHARACTER = ("(?:[^\\uD800-\\uDBFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]"
             "|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF]))")
"""One character as the checker counts it (a code point) in a JavaScript pattern without the
`u` flag, which counts UTF-16 units: an emoji is one character, not two. The three branches
never match the same text, so a text too long fails at once (overlapping branches, such as a
pair or any unit, backtrack exponentially: 201 emoji hang the form)."""


def _length_pattern(field: Text) -> list[str] | None:
    if field.max_len is None:
        return None
    return [f"^{CHARACTER}{{{field.min_len},{field.max_len}}}$",
            f"Từ {field.min_len} đến {field.max_len} ký tự."]


def _anchored(regex: str) -> str:
    return "^" + regex.lstrip("^").rstrip("$") + "$"


def _widget(path: str, field: Field, options: dict[str, list[dict[str, str]]],
            required: bool) -> dict[str, Any]:
    """One field of the contract as a Decap widget (without its name)."""
    name = path.rsplit(".", 1)[-1]
    out: dict[str, Any] = {"label": LABELS.get(path) or LABELS[name]}
    hint = HINTS.get(path) or field.description
    if isinstance(field, Text):
        long = field.max_len is None or field.max_len > _LONG_TEXT
        out["widget"] = "text" if long else "string"
        pattern = _length_pattern(field)
        if pattern:
            out["pattern"] = pattern
    elif isinstance(field, Pattern):
        out["widget"] = "string"
        out["pattern"] = [_anchored(field.regex), f"Không đúng dạng, ví dụ: {field.example}"]
    elif isinstance(field, Integer):
        out.update(widget="number", value_type="int", min=field.minimum,
                   max=SAFE_INTEGER_MAX, step=1)
    elif isinstance(field, Number):
        out.update(widget="number", value_type="float", min=field.minimum, max=field.maximum,
                   step=0.001)
    elif isinstance(field, Boolean):
        out["widget"] = "boolean"
    elif isinstance(field, Date):
        # Our own widget (editor_files/editor.js): typed day/month/year, stored YYYY-MM-DD.
        # Decap's datetime widget is a browser date input that re-renders the year while it
        # is typed (15/09/2023 became 1903-09-05) and says "UTC" and "mm/dd/yyyy".
        out.update(widget=DATE_WIDGET, min_year=MIN_YEAR, max_year=MAX_YEAR)
    elif isinstance(field, Choice):
        out.update(widget="select", options=options.get(field.source, []))
    elif isinstance(field, ListOf):
        out["widget"] = "list"
        if field.min_items:
            out["min"] = field.min_items
        if field.max_items is not None:
            out["max"] = field.max_items
        item = field.item
        if isinstance(item, Struct):
            out["fields"] = _fields(path, item, options)
            first = next(iter(item.fields))
            out["summary"] = "{{fields." + first + "}}"
        elif isinstance(item, Text) and field.item.max_len is not None and name == "tags":
            pass  # a plain list: one line, comma-separated
        else:
            out["field"] = {"name": name, **_widget(path, item, options, True)}
            # A folded item shows its value (a unit's code, an innovation's id), not the
            # field's label on every line: the officer sees which one the remove button takes.
            out["summary"] = "{{fields." + name + "}}"
    elif isinstance(field, Struct):
        out.update(widget="object", collapsed=True, fields=_fields(path, field, options))
    else:  # MapOf and anything new: not editable as a form
        raise TypeError(f"{path}: no widget for {type(field).__name__}")
    if hint:
        out["hint"] = hint
    if not required:
        out["required"] = False
    return out


def _fields(prefix: str, struct: Struct, options: dict[str, list[dict[str, str]]],
            custom: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every field of struct as a widget, in order; custom: widgets made by the caller."""
    out = []
    for name, field in struct.fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if custom and name in custom:
            out.append({"name": name, **custom[name]})
            continue
        out.append({"name": name, **_widget(path, field, options, name in struct.required)})
    return out


def _options(catalog: Catalog | None) -> dict[str, list[dict[str, str]]]:
    """The choices of every Choice source, as Decap's select options (label, value)."""
    options: dict[str, list[dict[str, str]]] = {
        "statuses": [{"label": STATUS_LABELS[s], "value": s} for s in d.STATUSES],
        "event_kinds": [{"label": label, "value": key} for key, label in d.EVENT_KINDS.items()],
    }
    if catalog is not None:
        options["units"] = [{"label": f"{u.code} – {u.name}", "value": u.code}
                            for u in catalog.units]
        options["categories"] = [{"label": label, "value": key}
                                 for key, label in catalog.program.categories.items()]
        options["awards"] = [{"label": kind.name, "value": key}
                             for key, kind in catalog.program.awards.items()]
    return options


def body_template() -> str:
    """The Markdown a new innovation starts with: the suggested sections."""
    return "\n\n".join(f"## {heading}\n\n{sentence}" for heading, sentence in d.BODY_PLACEHOLDERS)


def _body(hint_key: str | None = "body", default: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "body", "label": LABELS["body"], "widget": "markdown",
                           "required": False}
    if hint_key:
        out["hint"] = HINTS[hint_key]
    if default:
        out["default"] = default
    return out


_SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def _innovations(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    fields = _fields("", d.INNOVATION, options)
    for field in fields:
        if field["name"] == "id":
            # sk-id (editor.js): refuses an id another innovation has, offers the next free
            # one of the unit and year (catalog.json); the pattern is still checked.
            field["widget"] = "sk-id"
        if field["name"] == "image":
            field.update(widget="image", choose_url=False,
                         media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}})
            field.pop("pattern", None)
        if field["name"] == "benefit":
            for sub in field["fields"]:
                if sub["name"] == "value_vnd":
                    for key in ("value_type", "step"):
                        sub.pop(key, None)
                    sub["widget"] = MONEY_WIDGET
    return {
        "name": "innovations",
        "label": "Sáng kiến",
        "label_singular": "sáng kiến",
        "description": "Mỗi sáng kiến một thư mục, ảnh lưu cạnh bài.",
        "folder": f"{CONTENT}/innovations",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        # One folder per innovation (a page bundle) under its unit, images beside it. Decap
        # lowercases a path template and turns its dots to '-': `{{unit}}`, not fields.unit.
        # The folder is named by the id, unique: two innovations of the same title never
        # share a folder (Decap would write the second as index-1.md beside the first).
        "path": "{{unit}}/{{slug}}/index",
        "slug": "{{fields.id | lower}}",
        "media_folder": "",
        "public_folder": "",
        "identifier_field": "title",
        "summary": "{{title}} ({{id}})",
        "sortable_fields": ["title", "registered", "unit"],
        "fields": [*fields, _body(default=body_template())],
    }


def _relabel(fields: list[dict[str, Any]], **labels: str) -> list[dict[str, Any]]:
    for field in fields:
        if field["name"] in labels:
            field["label"] = labels[field["name"]]
            if field.get("hint") == HINTS.get(field["name"]):
                field.pop("hint")
    return fields


RELATION_SEARCH = ["title", "id", "unit"]
RELATION_DISPLAY = ["{{title}} ({{id}}, {{unit}})"]
"""An innovation in a picker: two of the same title differ by id and unit."""


def _with_program(fields: list[dict[str, Any]], start: str, end: str) -> None:
    """Every date widget knows the programme's days, to warn (not refuse) outside them."""
    for field in fields:
        if field.get("widget") == DATE_WIDGET:
            field.update(program_start=start, program_end=end)
        _with_program(field.get("fields") or [], start, end)
        if isinstance(field.get("field"), dict):
            _with_program([field["field"]], start, end)


def _month_picks(options: dict[str, list[dict[str, str]]], per_month: int | None
                 ) -> dict[str, Any]:
    fields = _relabel(_fields("", d.MONTH_PICKS, options), title="Tiêu đề")
    for field in fields:
        if field["name"] == "picks":
            if per_month is not None:
                field["max"] = per_month
                field["hint"] = field["hint"].format(featured_per_month=per_month)
            else:
                field["hint"] = field["hint"].replace("{featured_per_month}", "vài")
            field["summary"] = "{{fields.headline}}"
            for sub in field["fields"]:
                if sub["name"] == "id":
                    sub.pop("pattern", None)
                    sub.update(widget="relation", collection="innovations", value_field="id",
                               search_fields=RELATION_SEARCH, display_fields=RELATION_DISPLAY,
                               options_length=20)
    return {
        "name": "featured",
        "label": "Tiêu biểu tháng",
        "label_singular": "tháng tiêu biểu",
        "description": "Các sáng kiến tiêu biểu của một tháng, với bài viết của ban tuyên "
                       "truyền.",
        "folder": f"{CONTENT}/featured",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{fields.month}}",
        "identifier_field": "title",
        "summary": "{{fields.month}}: {{fields.title}}",
        "fields": [*fields, _body(hint_key=None)],
    }


def _events(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    fields = _relabel(_fields("", d.EVENT, options), title="Tên sự kiện")
    for field in fields:
        if field["name"] == "innovations":
            field["field"].pop("pattern", None)
            # sk-relation (editor.js): Decap's relation, whose items a list can remove.
            field["field"].update(widget="sk-relation", collection="innovations",
                                  value_field="id", search_fields=RELATION_SEARCH,
                                  display_fields=RELATION_DISPLAY, label="Sáng kiến")
    return {
        "name": "events",
        "label": "Sự kiện",
        "label_singular": "sự kiện",
        "description": "Tọa đàm, giao lưu trao đổi kinh nghiệm giữa các đơn vị.",
        "folder": f"{CONTENT}/events",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{fields.date}}-{{slug}}",
        "identifier_field": "title",
        "summary": "{{fields.date}}: {{fields.title}}",
        "fields": [*fields, _body(hint_key=None)],
    }


def _pages(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    fields = _relabel([f for f in _fields("", d.PAGE, options)
                       if f["name"] in ("title", "description")], title="Tiêu đề")
    return {
        "name": "pages",
        "label": "Trang",
        "label_singular": "trang",
        "description": "Các trang viết tay: giới thiệu, hướng dẫn...",
        "folder": CONTENT,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{title}}",
        "identifier_field": "title",
        "fields": [*fields, _body(hint_key=None)],
    }


def _units(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """units.yml is a list at the top of the file, which Decap cannot hold as an entry: the
    editor's script (editor_files/editor.js) reads it as {header, units} and writes the list
    back; phase targets, a mapping keyed by phase id, become a list of (phase, target)."""
    unit = d.UNIT
    targets = unit.fields["targets"]
    assert isinstance(targets, MapOf) and isinstance(targets.value, Integer)
    parent = unit.fields["parent"]
    fields = _fields("units", unit, options, custom={"parent": {
        "label": LABELS["units.parent"], "widget": "select", "required": False,
        "options": options.get("units", []), "hint": parent.description,
    }, "targets": {
        "label": LABELS["units.targets"], "widget": "list", "required": False,
        "hint": targets.description + " (bắt buộc với công đoàn trực thuộc không có cấp dưới)",
        "summary": "Giai đoạn {{fields.phase}}: {{fields.target}}",
        "fields": [
            {"name": "phase", "label": "Giai đoạn", "widget": "number", "value_type": "int",
             "min": 1, "step": 1},
            {"name": "target", "label": "Chỉ tiêu", "widget": "number", "value_type": "int",
             "min": targets.value.minimum, "step": 1},
        ],
    }})
    return {
        "name": "units",
        "label": "Đơn vị",
        "description": "Các công đoàn trực thuộc (units.yml).",
        "format": "sk-units",  # a collection's option, for its files too
        "files": [{
            "name": "units",
            "label": "Các công đoàn trực thuộc",
            "file": f"{CONTENT}/units.yml",
            "fields": [{"name": "header", "widget": "hidden", "required": False},
                       {"name": "units", "label": "Đơn vị", "widget": "list",
                        "summary": "{{fields.code}} – {{fields.name}}",
                        "min": d.UNITS.min_items, "fields": fields}],
        }],
    }


def editor_config(catalog: Catalog | None, backend: Backend = Backend(),
                  site_url: str | None = None) -> dict[str, Any]:
    """Decap CMS's configuration for this content, as data."""
    options = _options(catalog)
    per_month = catalog.program.featured_per_month if catalog is not None else None
    github: dict[str, Any] = {"name": "github", "repo": backend.repo, "branch": backend.branch,
                              "squash_merges": True,
                              "commit_messages": {
                                  "create": "Thêm {{collection}} “{{slug}}”",
                                  "update": "Sửa {{collection}} “{{slug}}”",
                                  "delete": "Xóa {{collection}} “{{slug}}”",
                                  "uploadMedia": "Tải lên “{{path}}”",
                                  "deleteMedia": "Xóa “{{path}}”",
                                  "openAuthoring": "{{message}}",
                              }}
    if backend.base_url:
        github["base_url"] = backend.base_url
    if backend.auth_endpoint:
        github["auth_endpoint"] = backend.auth_endpoint
    config: dict[str, Any] = {
        "locale": "vi",
        "backend": github,
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": f"http://127.0.0.1:{backend.proxy_port}/api/v1",
                          "allowed_hosts": ["127.0.0.1", "localhost"]},
        "media_folder": f"{CONTENT}/anh",
        "public_folder": "/anh",
        "show_preview_links": False,
        "editor": {"preview": False},
        "slug": _SLUG,
        "collections": [_innovations(options), _month_picks(options, per_month),
                        _events(options), _units(options), _pages(options)],
    }
    if catalog is not None:
        program = catalog.program
        end = program.counted_until
        for collection in config["collections"]:
            for fields in [collection.get("fields") or [],
                           *[f.get("fields") or [] for f in collection.get("files") or []]]:
                _with_program(fields, program.counted_from.isoformat(), end.isoformat())
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Every string quoted (or a literal block): `1E3`, `NO`, `0123` or `TRUE` stay strings to
    every YAML reader (YAML 1.1 and 1.2, PyYAML, js-yaml, the `yaml` package Decap uses)."""
    style = "|" if "\n" in value else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def editor_config_yaml(catalog: Catalog | None, backend: Backend = Backend(),
                       site_url: str | None = None) -> str:
    """config.yml: stable bytes for the same content and settings."""
    text = yaml.dump(editor_config(catalog, backend, site_url), Dumper=_Dumper,
                     allow_unicode=True, sort_keys=False, width=100)
    return ("# Tệp này do trình dựng trang sinh ra từ quy định nội dung (generator/content/"
            "definitions.py):\n# đừng sửa tay, sửa mkdocs.yml (extra.editor) hoặc nội dung.\n"
            + text)


_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def backend_from(settings: dict[str, Any] | None) -> Backend:
    """The backend from mkdocs.yml's `extra.editor` (repo, branch, base_url, auth_endpoint)."""
    settings = dict(settings or {})
    repo = str(settings.get("repo") or REPO_PLACEHOLDER)
    if not _REPO.fullmatch(repo):
        raise ValueError(f"extra.editor.repo `{repo}` cần dạng chủ-sở-hữu/tên-kho")
    return Backend(repo=repo, branch=str(settings.get("branch") or "main"),
                   base_url=settings.get("base_url") or None,
                   auth_endpoint=settings.get("auth_endpoint") or None,
                   proxy_port=int(settings.get("proxy_port") or PROXY_PORT))


def editor_catalog(catalog: Catalog) -> dict[str, Any]:
    """What the form needs to know of the whole catalog to refuse what the checker refuses
    before saving (/bien-tap/catalog.json, read by editor.js): every innovation's id with its
    file, title and draft flag (a duplicate id, the next free id of a unit and year, a draft
    among picks), and where each id is named (a month's picks, an event: deleting it, or
    making it a draft, would leave that reference dangling).

    `innovations` maps an id to [source under content/, title, 1 if a draft else 0]; `used`
    maps an id to Vietnamese phrases naming each place, as the form labels them."""
    used: dict[str, list[str]] = {}
    for month in catalog.months:
        year, number = month.month.split("-")
        where = f"“Tiêu biểu tháng” {int(number)}/{year} (Sáng kiến được chọn)"
        for pick in month.picks:
            used.setdefault(pick.id, []).append(where)
    for event in catalog.events:
        where = (f"sự kiện “{event.title}” ngày {event.date:%d/%m/%Y} "
                 "(Sáng kiến được trình bày)")
        for ident in event.innovations:
            used.setdefault(ident, []).append(where)
    return {
        "innovations": {i.id: [i.source, i.title, 1 if i.draft else 0]
                        for i in sorted(catalog.innovations, key=lambda i: i.id)},
        "used": {ident: used[ident] for ident in sorted(used)},
    }


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

PLAIN_DOCUMENTS = {"program.yml": "Thông tin chương trình (program.yml)",
                   "units.yml": "Danh sách đơn vị (units.yml)"}


def _labels(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """name -> (label, the labels under it) for a collection's fields."""
    out: dict[str, Any] = {}
    for field in fields:
        below = field.get("fields") or ([field["field"]] if "field" in field else [])
        out[field["name"]] = (field.get("label", field["name"]), _labels(below))
    return out


def _collection_of(path: str) -> str | None:
    first = path.split("/", 1)[0]
    return {"innovations": "innovations", "featured": "featured", "events": "events",
            "units.yml": "units"}.get(first, "pages" if path.endswith(".md") else None)


@functools.cache
def _plain_config() -> dict[str, Any]:
    return editor_config(None)


def form_place(path: str, field: str) -> tuple[str, str]:
    """A problem's place as the form names it: the document in words ("Sáng kiến trong tệp
    innovations/evnnpc/x.md") and the field by its labels, items counted from 1 as the
    checker counts them ("Sáng kiến được chọn › mục 5 › Sáng kiến" for `picks[5].id`).
    Unknown names are kept."""
    config = _plain_config()
    name = _collection_of(path)
    collection = next((c for c in config["collections"] if c["name"] == name), None)
    if path in PLAIN_DOCUMENTS:
        document = PLAIN_DOCUMENTS[path]
    elif collection is not None:
        document = f"{collection['label']} – tệp {path}"
    else:
        document = f"Tệp {path}"
    if collection is None:
        return document, field
    fields = collection.get("fields") or collection["files"][0]["fields"]
    labels = _labels(fields)
    if name == "units":  # the form holds the file's list as `units`
        labels = labels.get("units", ("", labels))[1]
        field = re.sub(r"^\[(\d+)\]", r"units[\1]", field) if field.startswith("[") else field
        labels = {"units": ("Đơn vị", labels)}
    shown: list[str] = []
    for step in _STEP.finditer(field):
        key, index = step.group(1), step.group(2)
        if index is not None:
            shown.append(f"mục {int(index)}")
        elif key in labels:
            label, below = labels[key]
            shown.append(label)
            if len(below) == 1 and key in below:  # a list of plain values: one label
                below = {}
            labels = below
        else:
            shown.append(key)
            labels = {}
    return document, " › ".join(shown) or field
