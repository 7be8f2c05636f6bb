"""Bulk pages made on the workers of a Dask cluster (cluster.py).

What travels: once per worker, a RenderState: the site (catalog and page plan), the page
shells this process rendered through MkDocs and Material, the sources of our templates and
the Markdown settings; workers need the same Python packages, not the theme's folders nor
content/. Then each task carries only the positions in the plan of a few hundred pages.
Back come the pages' search records and, unless the site folder is shared with the workers,
the pages' bytes, which this process writes as they come.
"""

from __future__ import annotations

import gc
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils.templates import script_tag_filter, url_filter

from generator.infra.progress import Progress
from generator.search.records import SearchRecord, innovation_record
from generator.site.body_links import NO_LINKS, BodyLinks
from generator.site.site_plan import PageKind, PlannedPage, Site

from .bulk import BulkRenderer
from .cluster import Cluster, Task
from .markdown_cache import MarkdownCache
from .shells import Shell, write_page
from .templating import OUR_TEMPLATES, is_ours, register_filters

log = get_plugin_logger(__name__)

BATCH_PAGES = 250
"""Pages per task: enough to make the scheduler's cost per task (a few ms) negligible, few
enough that the work spreads evenly and a batch's returned bytes stay small."""


def bulk_record(site: Site, page: PlannedPage, body_html: str) -> SearchRecord | None:
    """A bulk page's search record: innovations are searched, listings are not."""
    if page.kind is not PageKind.INNOVATION:
        return None
    return innovation_record(site, page.context["innovation"], body_html)


@dataclass(frozen=True)
class PortableConfig:
    """What BulkRenderer and MarkdownCache read of MkDocs' config, without its plugins."""

    markdown_extensions: list[Any]
    mdx_configs: dict[str, Any]
    site_dir: str
    site_url: str | None


@dataclass(frozen=True)
class RenderState:
    """Everything a worker needs to render any bulk page, sent once to each worker."""

    token: str
    """This build's: a worker keeps the renderer it made for it, not one of a past build."""
    site: Site
    shells: dict[Any, Shell]
    templates: dict[str, str]
    config: PortableConfig
    links: BodyLinks = NO_LINKS


@dataclass(frozen=True)
class BatchResult:
    records: list[SearchRecord]
    pages: list[tuple[str, bytes]]
    """Each page's address and bytes; empty when the worker wrote them into the shared site."""
    seconds: float
    """Spent in the task on the worker (the rest of the wall time is the engine's and ours)."""


_RENDERERS: dict[str, BulkRenderer] = {}
"""The worker's renderer for the current build (its Jinja environment compiled once)."""


def _renderer(state: RenderState) -> BulkRenderer:
    renderer = _RENDERERS.get(state.token)
    if renderer is None:
        gc.unfreeze()  # a past build's site, frozen below, may go (a worker serves many builds)
        _RENDERERS.clear()
        # The same environment as MkDocs' Theme.get_env() and our on_env give the templates
        # a bulk body uses (ours; the shell already holds the theme's part).
        env = jinja2.Environment(loader=jinja2.DictLoader(state.templates), auto_reload=False,
                                 autoescape=is_ours)
        env.filters["url"] = url_filter
        env.filters["script_tag"] = script_tag_filter
        register_filters(env, state.site)
        config = cast(MkDocsConfig, state.config)  # only the fields BulkRenderer reads
        renderer = BulkRenderer(config, env, cast(Navigation, None), cast(Files, None),
                                state.site, MarkdownCache(config, keep=False),
                                links=state.links)
        renderer.shells.update(state.shells)
        _RENDERERS[state.token] = renderer
        gc.freeze()  # the site lives as long as the worker's part of the build (parallel.py)
    return renderer


def render_batch(state: RenderState, positions: list[int], shared: bool) -> BatchResult:
    """On a worker: the pages at these positions of the plan, rendered (and written, if the
    site folder is shared)."""
    started = time.perf_counter()
    renderer = _renderer(state)
    records: list[SearchRecord] = []
    pages: list[tuple[str, bytes]] = []
    for position in positions:
        page = state.site.pages[position]
        data, body_html = renderer.render(page)
        record = bulk_record(state.site, page, body_html)
        if record is not None:
            records.append(record)
        if shared:
            write_page(state.config.site_dir, page.url, data)
        else:
            pages.append((page.url, data))
    return BatchResult(records, pages, time.perf_counter() - started)


def our_templates(env: jinja2.Environment) -> dict[str, str]:
    """Our templates' sources as the theme's loader finds them (custom_dir first)."""
    assert env.loader is not None
    return {name: env.loader.get_source(env, name)[0]
            for name in sorted(env.loader.list_templates()) if name.startswith(OUR_TEMPLATES)}


def render_bulk(cluster: Cluster, renderer: BulkRenderer, pages: Sequence[PlannedPage],
                shared: bool) -> list[SearchRecord]:
    """Render and write pages on the cluster's workers; their search records, in page order."""
    started = time.perf_counter()
    renderer.make_shells(pages)  # MkDocs' part stays here: nav, files, the theme's context
    site = renderer.site
    # By address: the innovations' pages are made anew each time they are asked for.
    where = {page.url: position for position, page in enumerate(site.pages)}
    positions = [where[page.url] for page in pages]
    config = renderer.config
    state = RenderState(uuid.uuid4().hex, site, dict(renderer.shells),
                        our_templates(renderer.env),
                        PortableConfig(list(config.markdown_extensions),
                                       dict(config.mdx_configs), str(config.site_dir),
                                       config.site_url), renderer.links)
    handle = cluster.share(state)
    shared_at = time.perf_counter()
    batches = [positions[i:i + BATCH_PAGES] for i in range(0, len(positions), BATCH_PAGES)]
    tasks = [Task(render_batch, (handle, batch, shared),
                  f"pages {pages[n * BATCH_PAGES].url}…") for n, batch in enumerate(batches)]
    records: list[list[SearchRecord]] = [[] for _ in batches]
    progress = Progress(log, "trang", len(pages))
    on_workers, returned = 0.0, 0
    for index, result in cluster.run(tasks):
        records[index] = result.records
        on_workers += result.seconds
        for url, data in result.pages:
            write_page(str(config.site_dir), url, data)
            returned += len(data)
        progress.advance(len(batches[index]))
    wall = time.perf_counter() - started
    log.info("phân tán: %d trang, %d lô, %d máy thợ; gửi trạng thái %.2f giây, tổng %.2f giây, "
             "máy thợ làm %.2f giây; trả về %.1f MB", len(pages), len(batches), cluster.workers,
             shared_at - started, wall, on_workers, returned / 1e6)
    return [record for batch in records for record in batch]

