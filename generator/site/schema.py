"""JSON Schema of every content file kind, made from the checker's own definitions."""

from __future__ import annotations

import json
from typing import Any

from generator.content import definitions as d
from generator.content.model import Catalog

from . import urls

SCHEMA_FILES = {
    "innovation.json": ("Phần đầu của một sáng kiến", d.INNOVATION),
    "featured.json": ("Phần đầu của một tháng tiêu biểu", d.MONTH_PICKS),
    "program.json": ("program.yml: kế hoạch của chương trình", d.PROGRAM),
    "units.json": ("units.yml: các công đoàn trực thuộc", d.UNITS),
}


def options_of(catalog: Catalog | None) -> dict[str, list[str]]:
    """Names the schema lists as choices; without a catalog, only the fixed ones."""
    choices: dict[str, list[str]] = {"statuses": list(d.STATUSES)}
    if catalog is not None:
        choices["units"] = [u.code for u in catalog.units]
        choices["categories"] = list(catalog.program.categories)
        choices["awards"] = list(catalog.program.awards)
    return choices


def schema_documents(catalog: Catalog | None) -> dict[str, str]:
    """File name -> JSON text, stable bytes for the same content."""
    choices = options_of(catalog)
    out = {}
    for name, (title, definition) in SCHEMA_FILES.items():
        document: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": urls.schema(name),
            "title": title,
            **definition.schema(choices),
        }
        out[name] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return out
