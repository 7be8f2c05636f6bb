"""One build's state, from MkDocs' on_config to its on_post_build: what was loaded and planned,
where search records go, the build cache, the cluster, the work begun early. A preview server
makes one for every rebuild; the plugin only hands MkDocs' events to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.content.problems import Problem
from generator.infra.build_cache import CACHE_KINDS, BuildCache
from generator.infra.parallel import Forked
from generator.infra.timing import StageTimer
from generator.search.record_spool import RecordList, RecordSink
from generator.search.records import SearchRecord
from generator.site.body_links import NO_LINKS, BodyLinks
from generator.site.csp import TrustedScripts
from generator.site.site_plan import PlannedPage, Site

from . import cluster
from .preview import ServeState
from .preview_gaps import NO_GAPS, Gaps

log = get_plugin_logger(__name__)


class Options(Protocol):
    """The plugin's options (plugin.InnovationsConfig) as a build reads them."""

    bulk_render: bool
    search: bool
    workers: int
    cache_dir: str
    distributed: str
    distributed_shared_site: bool
    kept_body_characters: int


@dataclass
class BuildState:
    options: Options
    serve: ServeState | None
    """Only while serving: what the server keeps from one rebuild to the next."""
    timer: StageTimer = field(default_factory=StageTimer)
    cache: BuildCache | None = None
    """A build's (not a preview server's: it keeps its caches in memory)."""
    site: Site | None = None
    planned: dict[str, PlannedPage] = field(default_factory=dict)
    """Pages MkDocs renders, by their virtual file."""
    bulk: Sequence[PlannedPage] = ()
    """Pages rendered from shells after MkDocs' own (bulk.py)."""
    records: RecordSink = field(default_factory=RecordList)
    """On disk while building (record_spool.py); in memory while serving."""
    problems: list[Problem] = field(default_factory=list)
    problem_places: list[tuple[str, str]] = field(default_factory=list)
    """While serving content with errors: shown on every page instead of the site."""
    gaps: Gaps = NO_GAPS
    origins: dict[str, bytes] = field(default_factory=dict)
    links: BodyLinks = NO_LINKS
    """What each innovation was made from, by id, when the build cache read it."""
    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    trusted: TrustedScripts | None = None
    """The theme's inline scripts, read from its templates at each build (csp.py)."""
    marked_section: Page | None = None
    """The menu entry marked as the rendered page's section (nav_section.py)."""
    cluster: cluster.Cluster | None = None
    """A distributed build's, from the bulk pages to the end of the build."""
    early_data: Forked[None] | None = None
    """The data files made of the catalog alone, being written since on_env; None when
    they are written after the pages."""

    @property
    def serving(self) -> bool:
        return self.serve is not None

    @property
    def workers(self) -> int:
        """Serving keeps one process: its caches must see every page."""
        return 1 if self.serving else self.options.workers

    @property
    def distributed(self) -> str:
        return cluster.target(self.options.distributed)

    @property
    def reuses_pages(self) -> bool:
        """A build with a cache leaves the pages that did not change as the last build wrote
        them (page_ledger.py); a distributed one writes them all."""
        return (not self.serving and self.cache is not None and self.options.bulk_render
                and not self.distributed)

    @property
    def data_beside_index(self) -> bool:
        """Whether the data files of the catalog alone are written while the index is built."""
        return (not self.serving and self.options.search and self.options.workers > 1
                and self.cluster is None and not self.distributed)

    def keep(self, record: SearchRecord) -> None:
        self.records.add(record)

    def open_cache(self, config_file: str | None) -> None:
        """The build cache beside mkdocs.yml (the option `cache_dir`); a cache that cannot be
        opened leaves this build without one, said in the log."""
        if self.serving or not self.options.cache_dir:
            return
        folder = Path(config_file or ".").parent / self.options.cache_dir
        try:
            self.cache = BuildCache(folder)
        except sqlite3.OperationalError as exc:
            log.warning("bộ nhớ đệm %s chưa dùng được (%s): lần dựng này không dùng nó",
                        folder, exc)
            return
        if self.cache.reset_reason:
            log.info("bộ nhớ đệm %s được tạo mới: %s", folder, self.cache.reset_reason)

    def close_cache(self, sweep: bool) -> None:
        cache, self.cache = self.cache, None
        if cache is None:
            return
        log.info(cache.summary())
        if sweep:  # a whole build: what it did not use is out of date
            cache.sweep(CACHE_KINDS)
        cache.close()

    def open_cluster(self) -> bool:
        """Connect to (or start) the build's Dask cluster, if the build has one."""
        try:
            address = self.distributed
            if address and self.cluster is None:
                log.info("dựng phân tán trên %s", address)
                self.cluster = cluster.Cluster(address)
        except cluster.ClusterError as exc:
            raise PluginError(f"Dựng phân tán không thành công: {exc}") from exc
        return bool(address)

    def close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def failed(self) -> None:
        """The build stops: what it began is ended, its cache kept as it was."""
        early_data, self.early_data = self.early_data, None
        if early_data is not None:
            early_data.cancel()
        self.close_cache(sweep=False)
        self.records.close()

    def page_of(self, page: Page) -> PlannedPage | None:
        return self.planned.get(page.file.src_uri)

    def context_extra(self) -> dict[str, Any]:
        """What every template is given besides its page (404.html included)."""
        return {"sk_problems": self.problems, "sk_problem_places": self.problem_places}
