"""Innovations as JSON bytes and back, for the build cache: plain data, never code."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from .model import Author, Award, Benefit, Innovation

_FIELDS = tuple(f.name for f in fields(Innovation))
_DATE_FIELDS = ("registered", "applied")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def innovation_to_json(innovation: Innovation) -> bytes:
    data = {name: _plain(value) for name, value in asdict(innovation).items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
