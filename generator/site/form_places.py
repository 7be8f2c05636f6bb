"""A problem's place as the web editor's form names it: the document in words and the field
by the form's labels."""

from __future__ import annotations

import functools
import re
from typing import Any

from .editor_config import editor_config

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
