"""Open data: /data/stats.json, /data/innovations.json and /data/innovations.csv."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from generator.content.model import Innovation

from .counting import is_counted
from .site_plan import Site

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def innovation_row(site: Site, inn: Innovation) -> dict[str, Any]:
    program = site.catalog.program
    phase = program.phase_of(inn.registered)
    return {
        "id": inn.id,
        "url": site.url_of(inn),
        "title": inn.title,
        "unit": inn.unit,
        "unit_name": site.catalog.unit_by_code[inn.unit].name,
        "category": inn.category,
        "category_name": program.categories[inn.category],
        "registered": inn.registered.isoformat(),
        "phase": phase.id if phase else None,
        "counted": is_counted(inn, program),
        "status": inn.status,
        "applied": inn.applied.isoformat() if inn.applied else None,
        "authors": [{"name": a.name, "position": a.position} for a in inn.authors],
        "summary": inn.summary,
        "benefit_vnd": inn.benefit.value_vnd if inn.benefit else None,
        "benefit_text": inn.benefit.text if inn.benefit else None,
        "awards": [
            {"kind": a.kind, "date": a.date.isoformat(), "decision": a.decision}
            for a in inn.awards
        ],
        "tags": list(inn.tags),
        "replicated_in": list(inn.replicated_in),
    }


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def stats_json(site: Site) -> str:
    return _dump(site.stats.to_json())


def innovations_json(site: Site) -> str:
    return "".join(innovations_json_parts(site))


def innovations_json_parts(site: Site) -> Iterator[str]:
    """A JSON list with one innovation a line, a row at a time: a million rows are not held.
    One line a row reads and diffs well, and json's C encoder writes it (indenting inside a
    row takes its pure-Python encoder)."""
    published = site.catalog.published
    if not published:
        yield "[]\n"
        return
    yield "["
    for index, inn in enumerate(published):
        yield ("\n" if index == 0 else ",\n") + json.dumps(innovation_row(site, inn),
                                                           ensure_ascii=False)
    yield "\n]\n"


def safe_cell(value: object) -> str:
    """A cell Excel will not run: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_COLUMNS = (
    ("id", "Mã"), ("title", "Tên sáng kiến"), ("unit", "Mã đơn vị"), ("unit_name", "Đơn vị"),
    ("category_name", "Loại giải pháp"), ("registered", "Ngày đăng ký"), ("phase", "Giai đoạn"),
    ("counted", "Được tính"), ("status", "Trạng thái"), ("applied", "Ngày áp dụng"),
    ("authors", "Tác giả"), ("positions", "Chức danh tác giả"),
    ("benefit_vnd", "Giá trị làm lợi (đồng/năm)"), ("benefit_text", "Diễn giải giá trị làm lợi"),
    ("awards", "Khen thưởng"), ("tags", "Chủ đề"), ("replicated_in", "Nhân rộng tại"),
    ("summary", "Tóm tắt"),
)
"""Every field an innovation needs (bodies and images apart), so that `python -m generator
import` reads the file back into the same innovations; the columns it derives (phase,
counted, the unit's and category's names) are checked by the import, not stored."""


def innovations_csv(site: Site) -> bytes:
    return b"".join(innovations_csv_parts(site))


def innovations_csv_parts(site: Site, rows_per_part: int = 1000) -> Iterator[bytes]:
    """UTF-8 with BOM and CRLF, so that Excel opens Vietnamese text correctly; a thousand
    rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    yield "\ufeff".encode()
    for index, inn in enumerate(site.catalog.published):
        if index % rows_per_part == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
        record = innovation_row(site, inn)
        positions = [a["position"] or "" for a in record["authors"]]
        record["positions"] = "; ".join(positions) if any(positions) else ""
        record["authors"] = "; ".join(a["name"] for a in record["authors"])
        record["awards"] = "; ".join(
            f"{a['kind']} {a['decision'] or ''} {a['date']}".replace("  ", " ")
            for a in record["awards"]
        )
        record["tags"] = "; ".join(record["tags"])
        record["replicated_in"] = "; ".join(record["replicated_in"])
        record["counted"] = "có" if record["counted"] else "không"
        writer.writerow([safe_cell(record[key]) for key, _ in CSV_COLUMNS])
    yield buffer.getvalue().encode("utf-8")
