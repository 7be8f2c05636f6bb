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

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.content import definitions as d
from generator.content.field_containers import MapOf
from generator.content.fields import (
    Integer,
)
from generator.content.images import MAX_IMAGE_BYTES
from generator.content.model import Catalog

from .editor_texts import HINTS, LABELS
from .editor_widgets import (
    DATE_WIDGET,
    MONEY_WIDGET,
    body_field,
    body_template,
    choice_options,
    form_fields,
)

CONTENT = "content"
"""The content folder, relative to the repository root (where the CMS's paths start)."""

PROXY_PORT = 8081
"""decap-server's port in local mode (scripts/edit)."""

REPO_PLACEHOLDER = "CHU-SO-HUU/TEN-KHO"
"""GitHub's owner/name of the repository: the maintainer sets it in mkdocs.yml (README)."""

@dataclass(frozen=True)
class Backend:
    """Where the editor saves: a GitHub repository through pull requests, or decap-server."""

    repo: str = REPO_PLACEHOLDER
    branch: str = "main"
    base_url: str | None = None
    """The OAuth server (Decap's `base_url`); None: Netlify's, for a site hosted there."""
    auth_endpoint: str | None = None
    proxy_port: int = PROXY_PORT


_SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def _unit_filters(catalog: Catalog | None) -> list[dict[str, str]]:
    """The list's "Lọc theo" menu: each unit with every unit below it (its innovations are in
    their own unit's folder), in the order of units.yml; drafts."""
    filters = [{"label": "Bản nháp", "field": "draft", "pattern": "^true$"}]
    if catalog is None:
        return filters
    subtree: dict[str, list[str]] = {u.code: [] for u in catalog.units}
    for unit in catalog.units:
        for code in catalog.lineage(unit.code):
            subtree[code].append(unit.code)
    for unit in catalog.units:
        filters.append({"label": f"{'· ' * (unit.level - 1)}{unit.code} – {unit.name}",
                        "field": "unit",
                        "pattern": f"^({'|'.join(map(re.escape, subtree[unit.code]))})$"})
    return filters


def _innovations(options: dict[str, list[dict[str, str]]], catalog: Catalog | None
                 ) -> dict[str, Any]:
    fields = form_fields("", d.INNOVATION, options)
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
        "summary": "{{draft | ternary('Bản nháp · ', '')}}{{title}} ({{id}})",
        # Newest first (and so "Nhóm theo" a year lists the years in order).
        "sortable_fields": [{"field": "registered", "default_sort": "desc"}, "title", "unit"],
        "view_filters": _unit_filters(catalog),
        "view_groups": [{"label": "Năm đăng ký", "field": "registered",
                         "pattern": "^[0-9]{4}"},
                        {"label": "Đơn vị", "field": "unit", "pattern": "^[A-Z0-9]+$"}],
        "fields": [*fields, body_field(default=body_template())],
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
    fields = _relabel(form_fields("", d.MONTH_PICKS, options), title="Tiêu đề")
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
        "fields": [*fields, body_field(hint_key=None)],
    }


def _events(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    fields = _relabel(form_fields("", d.EVENT, options), title="Tên sự kiện")
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
        "fields": [*fields, body_field(hint_key=None)],
    }


def _pages(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    fields = _relabel([f for f in form_fields("", d.PAGE, options)
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
        "fields": [*fields, body_field(hint_key=None)],
    }


def _units(options: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """units.yml is a list at the top of the file, which Decap cannot hold as an entry: the
    editor's script (editor_files/editor.js) reads it as {header, units} and writes the list
    back; phase targets, a mapping keyed by phase id, become a list of (phase, target)."""
    unit = d.UNIT
    targets = unit.fields["targets"]
    assert isinstance(targets, MapOf) and isinstance(targets.value, Integer)
    parent = unit.fields["parent"]
    fields = form_fields("units", unit, options, custom={"parent": {
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
    options = choice_options(catalog)
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
        "collections": [_innovations(options, catalog), _month_picks(options, per_month),
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


