"""What a build writes besides its pages (Pelican's writers): open data, schemas, sitemap.

Each file is written whole or not at all: while serving, the open data is written behind
the server by a process the next rebuild may stop halfway.
"""

from __future__ import annotations

import gzip
import os
import posixpath
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.exceptions import PluginError

from generator.infra.build_cache import WORKBOOK, BuildCache
from generator.infra.digests import digest
from generator.infra.parallel import fork_map
from generator.site import exports, feeds, share, urls
from generator.site.calendar import events_calendar
from generator.site.reports import ProgrammeMonth, UnitMonth
from generator.site.site_plan import Site
from generator.site.workbooks import WorkbookPlan, programme_workbook_plan, unit_workbook_plan

from . import editor


def own_files(schemas: Iterable[str]) -> list[str]:
    """Every file these writers make, for the preview's pruning of what a build no longer
    makes."""
    return [*urls.DATA_FILES, *(urls.schema(name) for name in schemas), *urls.SITEMAP_FILES]


def write_whole(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Written beside, then moved into place: a reader never gets half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            for part in data:
                handle.write(part)
    os.replace(partial, path)


def write_stats(site_dir: Path, site: Site) -> None:
    write_whole(site_dir / urls.STATS_JSON, exports.stats_json(site).encode("utf-8"))


def write_open_data(site_dir: Path, site: Site) -> None:
    write_whole(site_dir / urls.INNOVATIONS_JSON,
                (part.encode() for part in exports.innovations_json_parts(site)))
    write_whole(site_dir / urls.INNOVATIONS_CSV, exports.innovations_csv_parts(site))


def write_schemas(site_dir: Path, schemas: dict[str, str]) -> None:
    for name, text in schemas.items():
        write_whole(site_dir / urls.schema(name), text.encode("utf-8"))


def _absolute(site_url: str | None, address: str) -> str:
    base = (site_url or "/").rstrip("/") + "/"
    return escape(posixpath.join(base, address) if address else base)


def sitemap_xml(site_url: str | None, addresses: Iterable[str]) -> str:
    rows = "".join(f"<url><loc>{_absolute(site_url, u)}</loc></url>\n" for u in addresses)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n")


def sitemap_index_xml(site_url: str | None, parts: Iterable[str]) -> str:
    rows = "".join(f"<sitemap><loc>{_absolute(site_url, part)}</loc></sitemap>\n"
                   for part in parts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</sitemapindex>\n")


def sitemap_files(addresses: Iterable[str]) -> list[str]:
    """The sitemap's own files beside sitemap.xml and its gzip: its parts, if it needs any."""
    count = len(set(addresses))
    if count <= urls.SITEMAP_LIMIT:
        return []
    return [urls.sitemap_part(n + 1) for n in range(-(-count // urls.SITEMAP_LIMIT))]


def _workbook(plan: WorkbookPlan, cache: BuildCache | None) -> bytes:
    if cache is None:
        return plan.render()
    key = digest(repr(plan))
    data = cache.get(WORKBOOK, key)
    if data is None:
        data = plan.render()
        cache.put(WORKBOOK, key, data)
    return data


def write_sitemap(site_dir: Path, site_url: str | None, addresses: Iterable[str]) -> None:
    ordered = sorted(set(addresses))
    limit = urls.SITEMAP_LIMIT
    if len(ordered) <= limit:
        sitemap = sitemap_xml(site_url, ordered)
    else:  # an index of parts of at most 50,000 addresses each
        parts = sitemap_files(ordered)
        for number, part in enumerate(parts):
            write_whole(site_dir / part, sitemap_xml(
                site_url, ordered[number * limit:(number + 1) * limit]).encode("utf-8"))
        sitemap = sitemap_index_xml(site_url, parts)
    data = sitemap.encode("utf-8")
    plain, compressed = urls.SITEMAP_FILES
    write_whole(site_dir / plain, data)
    # No timestamp in the gzip header: the same content gives the same bytes.
    write_whole(site_dir / compressed, gzip.compress(data, compresslevel=9, mtime=0))


def write_editor(site_dir: Path, site: Site, config: Any) -> None:
    """The web editor at /bien-tap/ (editor.py)."""
    try:
        editor.write_editor(site_dir, site, config)
    except (editor.EditorMissing, ValueError) as exc:
        raise PluginError(f"Không dựng được trang biên tập: {exc}") from exc


def write_feeds(site_dir: Path, site: Site, site_url: str | None) -> None:
    for address, feed in ((urls.INNOVATIONS_FEED, feeds.innovations_feed),
                          (urls.MONTH_PICKS_FEED, feeds.month_picks_feed),
                          (urls.AWARDS_FEED, feeds.awards_feed)):
        write_whole(site_dir / address, feed(site, site_url))


def write_share_cards(site_dir: Path, site: Site) -> None:
    """One picture per unit and one for the programme: their number does not grow with the
    innovations."""
    catalog = site.catalog
    write_whole(site_dir / urls.PROGRAMME_CARD, share.programme_card(catalog))
    for unit in catalog.units:
        write_whole(site_dir / urls.unit_card(unit.code), share.unit_card(unit, catalog))


def report_files(site: Site) -> list[str]:
    """The feeds, the share pictures, the calendar and every monthly report's workbook."""
    files = [*urls.FEEDS, urls.EVENTS_CALENDAR, urls.PROGRAMME_CARD,
             *(urls.unit_card(u.code) for u in site.catalog.units)]
    for report in site.reports:
        files.append(urls.programme_workbook(report.month))
        files.extend(urls.unit_workbook(row.unit.code, report.month) for row in report.units)
    return files


def write_calendar(site_dir: Path, site: Site, site_url: str | None) -> None:
    program = site.catalog.program
    write_whole(site_dir / urls.EVENTS_CALENDAR,
                events_calendar(site.events, site_url, f"Sự kiện – {program.name}"))


def write_workbooks(site_dir: Path, site: Site, workers: int,
                    cache: BuildCache | None = None) -> None:
    """Every monthly report as a workbook, shared among forked workers; from the build cache
    when what it shows is the same (an edit changes one or two of them)."""
    program = site.catalog.program
    jobs: list[tuple[str, UnitMonth | ProgrammeMonth]] = []
    for report in site.reports:
        jobs.append((urls.programme_workbook(report.month), report))
        jobs.extend((urls.unit_workbook(row.unit.code, report.month), row)
                    for row in report.units)

    def write(share: Sequence[tuple[str, UnitMonth | ProgrammeMonth]]) -> int:
        for address, report in share:
            plan = (unit_workbook_plan(report, program) if isinstance(report, UnitMonth)
                    else programme_workbook_plan(report, program))
            write_whole(site_dir / address, _workbook(plan, cache))
        if cache is not None:
            cache.flush()  # a forked worker's entries, before it ends
        return len(share)

    fork_map(write, jobs, workers)
