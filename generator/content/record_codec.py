"""Innovations as JSON bytes and back, for the build cache: plain data, never code.

The bytes are infra.plain_json's; what they are read back into is the model's."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import fields
from pathlib import Path

from generator.infra.plain_json import record_json

from .model import Author, Award, Benefit, Innovation

_FIELDS = tuple(f.name for f in fields(Innovation))
_DATE_FIELDS = ("registered", "applied")


def innovation_to_json(innovation: Innovation) -> bytes:
    return record_json(innovation)


def innovation_from_json(raw: bytes) -> Innovation:
    """The innovation these bytes hold; ValueError, KeyError or TypeError when they hold none."""
    data = json.loads(raw)
    if not isinstance(data, dict) or set(data) != set(_FIELDS):
        raise ValueError("not an innovation record")
    for name in _DATE_FIELDS:
        if data[name] is not None:
            data[name] = dt.date.fromisoformat(data[name])
    # Repeated strings shared, as records.innovation_record shares them.
    data["authors"] = tuple(Author(sys.intern(a["name"]),
                                   sys.intern(a["position"]) if a["position"] else a["position"])
                            for a in data["authors"])
    data["awards"] = tuple(Award(**{**a, "kind": sys.intern(a["kind"]),
                                    "date": dt.date.fromisoformat(a["date"])})
                           for a in data["awards"])
    data["benefit"] = Benefit(**data["benefit"]) if data["benefit"] is not None else None
    data["tags"] = tuple(sys.intern(tag) for tag in data["tags"])
    data["replicated_in"] = tuple(sys.intern(code) for code in data["replicated_in"])
    for name in ("unit", "category", "status"):
        data[name] = sys.intern(data[name])
    data["image"] = Path(data["image"]) if data["image"] is not None else None
    data["links"] = tuple((str(target), int(line), int(col))
                          for target, line, col in data["links"])
    return Innovation(**data)
