"""The MkDocs adapter: hands the checked catalog's pages and data to MkDocs and Material."""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.content.problems import Problem, format_problems
from generator.content.sanitize import clean_html
from generator.infra.build_cache import CACHE_KINDS, BuildCache
from generator.infra.parallel import Forked, can_fork
from generator.infra.timing import StageTimer
from generator.search.partitioned import build_partitioned, record_terms
from generator.search.record_spool import RecordSpool
from generator.search.records import (
    SearchRecord,
    filter_choices,
    innovation_record,
    month_picks_record,
    page_record,
)
from generator.site import charts, impact, urls
from generator.site.body_links import NO_LINKS, BodyLinks
from generator.site.checked import HOME, CheckedSite, load_and_plan
from generator.site.csp import TrustedScripts, with_policy
from generator.site.editor_config import form_place
from generator.site.schema import schema_documents
from generator.site.share import share_context
from generator.site.site_plan import ChainedPages, InnovationPages, PageKind, PlannedPage, Site

from . import (
    cluster,
    distributed_bulk,
    live_reload,
    nav_section,
    published_files,
    site_folder,
    writers,
)
from .bulk import BulkRenderer, MarkdownCache, is_bulk
from .page_ledger import PageLedger
from .preview import BackgroundIndex, ServeState, settle_memory
from .preview_gaps import NO_GAPS, load_leaving_out
from .templating import (
    BODY_TEMPLATES,
    PROBLEMS_TEMPLATE,
    TEMPLATES,
    focusable_tables,
    is_ours,
    register_filters,
    trusted_scripts,
)

log = get_plugin_logger(__name__)


class InnovationsConfig(Config):
    bulk_render = c.Type(bool, default=True)
    """Render innovation and listing pages from shells (fast); off: every page through MkDocs."""
    search = c.Type(bool, default=True)
    """Build the search index."""
    workers = c.Type(int, default=min(2, os.cpu_count() or 1))
    """Processes that render bulk pages (the build machines have 2 cores)."""
    cache_dir = c.Type(str, default=".cache")
    """The build cache's folder, beside mkdocs.yml unless absolute; empty: no cache. Read
    innovations, rendered bodies and the search index's list of files are kept there between
    builds."""
    distributed = c.Type(str, default="")
    """Bulk pages on a Dask cluster: "" (off), local:N or tcp://host:8786
    (cluster.py; the environment's SANG_KIEN_DISTRIBUTED overrides it)."""
    distributed_shared_site = c.Type(bool, default=False)
    """The workers see site_dir at the same path (shared storage): they write the pages."""
    kept_body_characters = c.Type(int, default=24_000_000)
    """Bodies a build without a cache keeps from loading to rendering, in characters (about
    48 MB in a process; 96 MB if they hold characters beyond U+FFFF): ten thousand short or
    standard ones are read once, not twice; the others are read again when their page is
    made."""


class InnovationsPlugin(BasePlugin[InnovationsConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.planned: dict[str, PlannedPage] = {}
        """Pages MkDocs renders, by their virtual file."""
        self.bulk: Sequence[PlannedPage] = []
        """Pages rendered from shells after MkDocs' own (bulk.py)."""
        self.records: list[SearchRecord] | RecordSpool = []
        """On disk while building (record_spool.py); in memory while serving."""
        self.timer = StageTimer()
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.files: Files | None = None
        self.serve: ServeState | None = None
        """Only while serving."""
        self.problems: list[Problem] = []
        self.problem_places: list[tuple[str, str]] = []
        """While serving content with errors: shown on every page instead of the site."""
        self.gaps = NO_GAPS
        self.search = BackgroundIndex()
        self.build_cache: BuildCache | None = None
        """A build's (not a preview server's: it keeps its caches in memory)."""
        self.cluster: cluster.Cluster | None = None
        """A distributed build's, from the bulk pages to the end of the build."""
        self.origins: dict[str, bytes] = {}
        self.links: BodyLinks = NO_LINKS
        """What each innovation was made from, by id, when the build cache read it."""
        self.trusted: TrustedScripts | None = None
        """The theme's inline scripts, read from its templates at each build (csp.py)."""
        self._marked_section: Page | None = None
        """The menu entry marked as the rendered page's section (nav_section.py)."""
        self.early_data: Forked[None] | None = None
        """The data files made of the catalog alone, being written since on_env; None when
        they are written after the pages."""

    @property
    def serving(self) -> bool:
        return self.serve is not None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve":
            self.serve = ServeState()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        live_reload.install(server)  # previewed pages keep the built site's policy
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serve is not None:  # a rebuild: what the last build left is out of date
            self.serve.after_build.build_starts(stop=self.search.stop)
        self.timer = StageTimer()
        if self.serve is None and self.config.cache_dir:
            folder = Path(config.config_file_path or ".").parent / self.config.cache_dir
            self.build_cache = None
            try:
                self.build_cache = BuildCache(folder)
            except sqlite3.OperationalError as exc:
                log.warning("bộ nhớ đệm %s chưa dùng được (%s): lần dựng này không dùng nó",
                            folder, exc)
                return config
            if self.build_cache.reset_reason:
                log.info("bộ nhớ đệm %s được tạo mới: %s", folder,
                         self.build_cache.reset_reason)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        early_data, self.early_data = self.early_data, None
        if early_data is not None:
            early_data.cancel()
        self._close_cache(sweep=False)
        if isinstance(self.records, RecordSpool):
            self.records.close()

    def _close_cache(self, sweep: bool) -> None:
        cache, self.build_cache = self.build_cache, None
        if cache is None:
            return
        log.info(cache.summary())
        if sweep:  # a whole build: what it did not use is out of date
            cache.sweep(CACHE_KINDS)
        cache.close()

    def on_shutdown(self) -> None:
        self._close_cluster()
        if self.serve is not None:
            self.serve.after_build.build_starts(stop=self.search.close)
        else:
            self.search.close()
            # The process ends: the interpreter's last collection would walk every object of
            # the catalog and the plan to free nothing (2.8 s at 100,000 innovations).
            gc.freeze()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs cleans the site folder next: the last build's pages are held through it.
        if self.serve is not None:
            self.serve.kept.hold(Path(config.site_dir))
        elif self._reuses_pages:
            site_folder.hold(Path(config.site_dir))

    @property
    def _reuses_pages(self) -> bool:
        """A build with a cache leaves the pages that did not change as the last build wrote
        them (page_ledger.py); a distributed one writes them all."""
        return (self.serve is None and self.build_cache is not None
                and self.config.bulk_render and not cluster.target(self.config.distributed))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.serve is not None:
            self.serve.reuse_files = self.serve.kept.restore(Path(config.site_dir))
        elif self._reuses_pages:
            site_folder.restore(Path(config.site_dir))
        self.timer.mark("mkdocs_start")
        published_files.drop_innovation_files(files, config)
        serve = self.serve
        # Serving keeps one process: the loader's cache must see every file.
        # A build renders innovation pages from shells, reading each body again from its
        # file (bodies.py): the catalog need not hold them, but for the first few million
        # characters (a site of ten thousand short ones: read once, not twice). With a build
        # cache, none: their HTML comes from the cache, and a page's key stays what it was.
        # MkDocs' own pages, the preview's caches and a cluster's workers (content/ is not
        # theirs to read) need them all.
        keep_bodies = (serve is not None or not self.config.bulk_render
                       or bool(cluster.target(self.config.distributed)))
        budget = self.config.kept_body_characters if self.build_cache is None else 0
        def load(leave_out: frozenset[str] = frozenset()) -> CheckedSite:
            return load_and_plan(Path(config.docs_dir), 1 if serve else self.config.workers,
                                 serve.innovations if serve else None, self.build_cache,
                                 keep_bodies, budget, leave_out)

        # Previewing, files with errors are left out, not the whole site (preview_gaps.py).
        checked, self.gaps = (load_leaving_out(load, Path(config.docs_dir))
                              if serve else (load(), NO_GAPS))
        self.timer.split(checked.seconds)
        for problem in checked.warnings:
            log.info("cảnh báo: %s", problem.format_text())
        report = (f"Nội dung có {len(checked.errors)} lỗi, chưa dựng được trang:\n"
                  + format_problems(checked.errors))
        self.problems = [] if checked.site is not None else checked.errors
        # Each problem's document and field as the web editor's form labels them.
        docs = Path(config.docs_dir)
        self.problem_places = [form_place(published_files.under_content(p.path, docs), p.field)
                               for p in self.problems]
        self.site = checked.site
        self.origins = checked.origins
        self.links = checked.links
        if checked.site is None and self.serve is None:
            raise PluginError(report)
        if checked.site is None:
            # A failed rebuild leaves MkDocs' server waiting, and the editor's browser with
            # it: instead, the preview answers every address with the problems at once.
            log.info(report)  # an error here would abort the strict build it replaces
            self.planned, self.bulk, self.records = {}, [], []
            published_files.show_problems(files, config)
            return files
        published_files.keep_only_accepted(files, checked, config)
        self._plan_pages(files, checked.site, config)
        self.gaps.add_pages(files, config, checked.site, self.links)
        published_files.add_bundle_files(files, checked, config)
        self.timer.mark("files")
        return files

    def _plan_pages(self, files: Files, site: Site, config: MkDocsConfig) -> None:
        self.planned = {}
        self.records = ([] if self.serving or not self.config.search
                        else RecordSpool(terms=record_terms))
        bulk: list[PlannedPage] = []
        made_when_rendered: list[Sequence[PlannedPage]] = []
        for part in site.pages.parts:
            if self.config.bulk_render and isinstance(part, InnovationPages):
                made_when_rendered.append(part)  # every one is bulk; none is made here
                continue
            for page in part:
                if self.config.bulk_render and is_bulk(page):
                    bulk.append(page)
                else:
                    self._plan_mkdocs_page(files, page, config)
        self.bulk = ChainedPages([bulk, *made_when_rendered])

    def _plan_mkdocs_page(self, files: Files, page: PlannedPage, config: MkDocsConfig) -> None:
        self.planned[page.src_uri] = page
        if page.src_uri == HOME and files.get_file_from_path(HOME) is not None:
            return  # the editors' home page text; the counters are added around it
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=inclusion))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.planned.get(page.file.src_uri)
        self.gaps.mark(page)
        if self.problems:
            page.meta["template"] = PROBLEMS_TEMPLATE
            page.meta["title"] = "Nội dung có lỗi"
        if planned is not None:
            page.meta.setdefault("template", TEMPLATES[planned.kind])
            page.meta.setdefault("hide", list(planned.hide))
            # Material prints these two without escaping: hand it escaped text.
            page.meta["title"] = Markup(escape(page.meta.get("title") or planned.title))
            if planned.description:
                page.meta["description"] = Markup(escape(planned.description))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # Links to the files of innovations, events and months' picks: their pages' addresses.
        clean = self.links.rewrite(focusable_tables(clean_html(html)), page.url)
        self._record_page(page, clean)
        planned = self.planned.get(page.file.src_uri)
        if planned is not None and planned.kind in BODY_TEMPLATES:
            # A bulk page's shell has no table of contents; the same page through MkDocs
            # must not either (tests/build/test_bulk.py compares the bytes).
            page.toc = get_toc([])
        return clean

    def _record_page(self, page: Page, html: str) -> None:
        """Index what a reader searches for: innovations, monthly stories, written pages."""
        site = self.site
        planned = self.planned.get(page.file.src_uri)
        if site is None or self.gaps.shows(page.file.src_uri):
            return
        if planned is None:
            if page.file.src_uri != HOME:
                self._keep(page_record(page.url, str(page.title or ""), html))
        elif planned.kind is PageKind.INNOVATION:
            self._keep(innovation_record(site, planned.context["innovation"], html))
        elif planned.kind is PageKind.MONTH_PICKS:
            self._keep(month_picks_record(planned.context["month"], html, site))

    def _keep(self, record: SearchRecord) -> None:
        if isinstance(self.records, RecordSpool):
            self.records.add(record)
        else:
            self.records.append(record)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        env.autoescape = is_ours
        # MkDocs makes a new environment for every build, so a template cannot change while
        # it is in use: no stat of its file each time a page asks for it (or imports macros).
        env.auto_reload = False
        register_filters(env, self.site)
        env.globals["sk_gaps"] = self.gaps  # every page's banner, shells' too
        if self.serve is not None:  # compile the theme once, not at every rebuild
            env.bytecode_cache = self.serve.compiled_templates
        self.env, self.files = env, files
        self.trusted = trusted_scripts(env)
        if self.site is not None:
            self.early_data = self._begin_early_data(Path(config.site_dir), self.site)
        self.timer.mark("read_pages")
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        published_files.escape_shown_meta(page)
        self._marked_section = nav_section.mark(nav, page.url)  # unmarked in on_post_page
        planned = self.planned.get(page.file.src_uri)
        context["sk_problems"] = self.problems
        context["sk_problem_places"] = self.problem_places
        context["sk_site"] = self.site
        context["sk_share"] = share_context(planned, self.site)
        context["sk"] = planned.context if planned is not None else {}
        # Made here, not in the plan: only the page that shows them pays for them.
        if planned is not None and planned.kind is PageKind.STATS and self.site:
            context["sk"] = {**planned.context, "charts": charts.stats_charts(
                self.site.catalog, planned.context["stats"]),
                "benefit_chart": impact.benefit_chart(planned.context["impact"])}
        if planned is not None and planned.kind is PageKind.SEARCH and self.site:
            context["sk"] = {**planned.context, "filters": filter_choices(self.site),
                             "index": urls.SEARCH_PARTS}
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        context["sk_problems"] = self.problems  # 404.html: every unknown address
        context["sk_problem_places"] = self.problem_places
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._marked_section is not None:
            self._marked_section.active = False
            self._marked_section = None
        # The policy allows the theme's inline scripts in this page, nothing else.
        assert self.trusted is not None
        return with_policy(output, self.trusted)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html is a page; sitemap.xml is not
            return output_content
        assert self.trusted is not None
        return with_policy(output_content, self.trusted)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = self.site
        if self.serve is not None and self.problems and self.files is not None:
            # Only the problems' pages: the last site's pages would hide them.
            self.serve.kept.finish(Path(config.site_dir),
                                   [*(file.dest_uri for file in self.files), urls.NOT_FOUND])
        if site is None or self.files is None:
            return
        self.timer.mark("render_mkdocs_pages")
        self._render_bulk(config, site)
        self.timer.mark("render_bulk_pages")
        site_dir = Path(config.site_dir)
        schemas = schema_documents(site.catalog)
        addresses = self._addresses()
        if self.serve is not None:  # remove what this build no longer makes
            self.serve.kept.finish(site_dir, self._made_files(site, schemas, addresses))

        try:
            if self.early_data is not None:
                # Two cores, two independent single-threaded stages: the search index here,
                # the data files made of the catalog in the process begun in on_env (ended
                # by on_build_error if this fails first).
                self._index(site_dir, site)
                self._write_data(site_dir, site, schemas, addresses, config, early=False)
                self.early_data.result()
                self.early_data = None
                self.timer.mark("data_and_search_index")
            else:
                self._write_data(site_dir, site, schemas, addresses, config)
                self.timer.mark("data")
                self._index(site_dir, site)
                self.timer.mark("search_index")
        finally:
            self._close_cluster()
        if self._reuses_pages:
            self._prune(site_dir, site, schemas, addresses)
            self.timer.mark("prune")
        self._close_cache(sweep=True)
        self.timer.mark("cache_sweep")
        self.timer.report(log)

    @property
    def _data_beside_index(self) -> bool:
        return (self.serve is None and self.config.search and self.config.workers > 1
                and self.cluster is None and not cluster.target(self.config.distributed))

    def _write_data(self, site_dir: Path, site: Site, schemas: dict[str, str],
                    addresses: list[str], config: MkDocsConfig, early: bool = True) -> None:
        """early False: those begun in on_env (_early_data) are not written here."""
        writers.write_stats(site_dir, site)
        writers.write_schemas(site_dir, schemas)
        writers.write_calendar(site_dir, site, config.site_url)
        writers.write_feeds(site_dir, site, config.site_url)
        if early:
            self._early_data(site_dir, site)
        writers.write_sitemap(site_dir, config.site_url, addresses)
        writers.write_editor(site_dir, site, config)

    def _early_data(self, site_dir: Path, site: Site) -> None:
        """The longest data files to make (four fifths of their time), made of the catalog
        alone, in folders of their own (urls.RESERVED_FOLDERS): they need nothing MkDocs
        makes, and nothing MkDocs writes lands on them."""
        if not self.serving:  # while serving, written after the build, with the search index
            writers.write_open_data(site_dir, site)
        writers.write_share_cards(site_dir, site)
        writers.write_workbooks(site_dir, site, 1 if self.serving else self.config.workers,
                                self.build_cache)

    def _begin_early_data(self, site_dir: Path, site: Site) -> Forked[None] | None:
        """_early_data begun in a forked process of the lowest priority, when the search
        index is built beside it: it takes the core that MkDocs' own pages, the end of the
        bulk pages and the search index leave idle, not the bulk pages' (at 10,000 short
        bodies they wrote 4.2 s of data files after the pages, beside 1.9 s of index)."""
        if not self._data_beside_index or not can_fork():
            return None
        return Forked(lambda: self._early_data(site_dir, site), nice=19)

    def _made_files(self, site: Site, schemas: dict[str, str],
                    addresses: list[str]) -> list[str]:
        """Every file this build writes but those of the folders it makes whole."""
        assert self.files is not None
        return [*(file.dest_uri for file in self.files),
                *(f"{page.url}index.html" for page in self.bulk), *writers.own_files(schemas),
                *writers.sitemap_files(addresses), *writers.report_files(site),
                urls.NOT_FOUND]

    def _prune(self, site_dir: Path, site: Site, schemas: dict[str, str],
               addresses: list[str]) -> None:
        """What the last build left in the site folder and this one did not make goes."""
        owned = {urls.EDITOR.rstrip("/")}
        if self.config.search:  # made whole by the indexer; without search, pruned
            owned.add(urls.SEARCH_PARTS.rstrip("/"))
        made = set(self._made_files(site, schemas, addresses))
        removed = site_folder.prune(site_dir, made, owned)
        if removed:
            log.info("đã xoá %d tệp của lần dựng trước không còn trong trang", removed)

    def _addresses(self) -> list[str]:
        assert self.files is not None
        pages = [f.page.url for f in self.files.documentation_pages() if f.page is not None]
        return [*pages, *(page.url for page in self.bulk)]

    def _index(self, site_dir: Path, site: Site) -> None:
        output = site_dir / urls.SEARCH_PARTS
        if self.serve is None:
            if self.config.search:
                try:
                    count = build_partitioned(self.records, output,
                                              store=self.build_cache).documents
                finally:
                    if isinstance(self.records, RecordSpool):
                        self.records.close()
                log.info("chỉ mục tìm kiếm: %d mục", count)
            return
        # Previewing: the last index is served at once; the new one and the open data follow
        # in a forked process that the next rebuild stops.
        if self.config.search:
            self.search.show_last(output)
        records = list(self.records)

        def open_data() -> None:
            writers.write_open_data(site_dir, site)

        def index() -> None:
            if self.config.search:
                self.search.start(records, output, also=open_data)
            else:
                open_data()

        # Memory first: the index process then shares a frozen heap with the server.
        self.serve.after_build.schedule(settle_memory, index)

    def _render_bulk(self, config: MkDocsConfig, site: Site) -> None:
        if not self.bulk:
            return
        serve = self.serve
        markdown_cache = serve.markdown_cache if serve is not None else None
        if markdown_cache is None:
            markdown_cache = MarkdownCache(config, keep=serve is not None,
                                           store=self.build_cache)
            if serve is not None:
                serve.markdown_cache = markdown_cache
        assert self.env is not None and self.nav is not None and self.files is not None
        spool = self.records
        ledger = (PageLedger(self.build_cache, Path(config.site_dir),
                             spool.add_row if isinstance(spool, RecordSpool) else None)
                  if self._reuses_pages and self.build_cache is not None else None)
        renderer = BulkRenderer(config, self.env, self.nav, self.files, site, markdown_cache,
                                serve.page_cache if serve else None,
                                serve.reuse_files if serve else False,
                                ledger=ledger,
                                origins=self.origins, links=self.links)

        def index(page: PlannedPage, body_html: str) -> SearchRecord | None:
            return distributed_bulk.bulk_record(site, page, body_html)

        if serve is None and self._open_cluster():
            assert self.cluster is not None
            try:
                records = distributed_bulk.render_bulk(
                    self.cluster, renderer, self.bulk, self.config.distributed_shared_site)
                for record in records:
                    self._keep(record)
            except cluster.ClusterError as exc:
                self._close_cluster()
                raise PluginError(f"Dựng phân tán không thành công: {exc}") from exc
            return
        # Serving keeps one process: its Markdown cache must see every page.
        workers = 1 if serve is not None else self.config.workers
        if isinstance(spool, RecordSpool):
            def spooled(page: PlannedPage, body_html: str) -> bytes | None:
                record = index(page, body_html)
                row = spool.add(record) if record is not None else None
                return row if ledger is not None else None  # the ledger keeps it

            # Each forked share writes its records to disk; nothing travels back.
            renderer.write_all(self.bulk, on_page=spooled, workers=workers,
                               after_share=spool.flush)
        elif self.config.search or serve is not None:
            spool.extend(renderer.write_all(self.bulk, on_page=index, workers=workers))
        else:
            renderer.write_all(self.bulk, workers=workers)

    def _open_cluster(self) -> bool:
        """Connect to (or start) the build's Dask cluster, if the build has one."""
        try:
            address = cluster.target(self.config.distributed)
            if address and self.cluster is None:
                log.info("dựng phân tán trên %s", address)
                self.cluster = cluster.Cluster(address)
        except cluster.ClusterError as exc:
            raise PluginError(f"Dựng phân tán không thành công: {exc}") from exc
        return bool(address)

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
