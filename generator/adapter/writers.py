"""What a build writes besides its pages (Pelican's writers): open data, schemas, sitemap.

Each file is written whole or not at all: while serving, the open data is written behind
the server by a process the next rebuild may stop halfway.
"""

from __future__ import annotations

import gzip
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from markupsafe import escape

from generator.site import exports, urls
from generator.site.site_plan import Site


def own_files(schemas: Iterable[str]) -> list[str]:
    """Every file these writers make, for the preview's pruning of what a build no longer
    makes."""
    return [*urls.DATA_FILES, *(urls.schema(name) for name in schemas), *urls.SITEMAP_FILES]


def write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def write_stats(site_dir: Path, site: Site) -> None:
    write_whole(site_dir / urls.STATS_JSON, exports.stats_json(site).encode("utf-8"))


def write_open_data(site_dir: Path, site: Site) -> None:
    write_whole(site_dir / urls.INNOVATIONS_JSON, exports.innovations_json(site).encode())
    write_whole(site_dir / urls.INNOVATIONS_CSV, exports.innovations_csv(site))


def write_schemas(site_dir: Path, schemas: dict[str, str]) -> None:
    for name, text in schemas.items():
        write_whole(site_dir / urls.schema(name), text.encode("utf-8"))


def sitemap_xml(site_url: str | None, addresses: Iterable[str]) -> str:
    base = (site_url or "/").rstrip("/") + "/"
    rows = "".join(f"<url><loc>{escape(posixpath.join(base, u) if u else base)}</loc></url>\n"
                   for u in sorted(set(addresses)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n")


def write_sitemap(site_dir: Path, site_url: str | None, addresses: Iterable[str]) -> None:
    sitemap = sitemap_xml(site_url, addresses).encode("utf-8")
    plain, compressed = urls.SITEMAP_FILES
    write_whole(site_dir / plain, sitemap)
    # No timestamp in the gzip header: the same content gives the same bytes.
    write_whole(site_dir / compressed, gzip.compress(sitemap, compresslevel=9, mtime=0))
