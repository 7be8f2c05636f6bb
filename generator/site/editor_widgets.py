"""Each field of the contract as a Decap widget: its kind, pattern, length, bounds, choices,
label and hint, so that the form refuses what the checker would refuse."""

from __future__ import annotations

from typing import Any

from generator.content import definitions as d
from generator.content.field_containers import ListOf, Struct
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
from generator.content.model import Catalog

from .editor_texts import HINTS, LABELS, SAFE_INTEGER_MAX, STATUS_LABELS

DATE_WIDGET = "sk-date"
MONEY_WIDGET = "sk-money"
"""The editor's own widgets (editor_files/editor.js): a date typed day/month/year, an amount
of money typed the Vietnamese way (1.200.000 đồng, 1,5 triệu, 1,2 tỷ)."""

LONG_TEXT = 200
"""Texts allowed longer than this get a text area, not a line."""


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


def widget_of(path: str, field: Field, options: dict[str, list[dict[str, str]]],
            required: bool) -> dict[str, Any]:
    """One field of the contract as a Decap widget (without its name)."""
    name = path.rsplit(".", 1)[-1]
    out: dict[str, Any] = {"label": LABELS.get(path) or LABELS[name]}
    hint = HINTS.get(path) or field.description
    if isinstance(field, Text):
        long = field.max_len is None or field.max_len > LONG_TEXT
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
            out["fields"] = form_fields(path, item, options)
            first = next(iter(item.fields))
            out["summary"] = "{{fields." + first + "}}"
        elif isinstance(item, Text) and field.item.max_len is not None and name == "tags":
            pass  # a plain list: one line, comma-separated
        else:
            out["field"] = {"name": name, **widget_of(path, item, options, True)}
            # A folded item shows its value (a unit's code, an innovation's id), not the
            # field's label on every line: the officer sees which one the remove button takes.
            out["summary"] = "{{fields." + name + "}}"
    elif isinstance(field, Struct):
        out.update(widget="object", collapsed=True, fields=form_fields(path, field, options))
    else:  # MapOf and anything new: not editable as a form
        raise TypeError(f"{path}: no widget for {type(field).__name__}")
    if hint:
        out["hint"] = hint
    if not required:
        out["required"] = False
    return out


def form_fields(prefix: str, struct: Struct, options: dict[str, list[dict[str, str]]],
            custom: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every field of struct as a widget, in order; custom: widgets made by the caller."""
    out = []
    for name, field in struct.fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if custom and name in custom:
            out.append({"name": name, **custom[name]})
            continue
        out.append({"name": name, **widget_of(path, field, options, name in struct.required)})
    return out


def choice_options(catalog: Catalog | None) -> dict[str, list[dict[str, str]]]:
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


def body_field(hint_key: str | None = "body", default: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "body", "label": LABELS["body"], "widget": "markdown",
                           "required": False}
    if hint_key:
        out["hint"] = HINTS[hint_key]
    if default:
        out["default"] = default
    return out
