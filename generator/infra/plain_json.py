"""A record (a dataclass) as compact JSON bytes: plain data, never code."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any


def plain(value: Any) -> Any:
    """value with its dates as ISO text, its paths as text and its tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def record_json(record: Any) -> bytes:
    """A dataclass's fields as one JSON object, UTF-8, without spaces."""
    data = {name: plain(value) for name, value in asdict(record).items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
