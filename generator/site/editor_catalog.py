"""What the web editor's form knows of the whole catalog (/bien-tap/catalog.json)."""

from __future__ import annotations

from typing import Any

from generator.content import definitions as d
from generator.content.model import Catalog


def editor_catalog(catalog: Catalog) -> dict[str, Any]:
    """What the form needs to know of the whole catalog to refuse what the checker refuses
    before saving (/bien-tap/catalog.json, read by editor.js): every innovation's id with its
    file, title and draft flag (a duplicate id, the next free id of a unit and year, a draft
    among picks), and where each id is named (a month's picks, an event: deleting it, or
    making it a draft, would leave that reference dangling).

    `innovations` maps an id to [source under content/, title, 1 if a draft else 0]; `used`
    maps an id to Vietnamese phrases naming each place, as the form labels them;
    `placeholders` is what the form starts with and the checker refuses once published
    (by field; `body`: [heading, sentence] pairs)."""
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
        "placeholders": {**d.PLACEHOLDERS, "body": [list(p) for p in d.BODY_PLACEHOLDERS]},
    }
