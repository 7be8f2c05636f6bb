"""The MkDocs adapter: hands the checked catalog's pages and data to MkDocs and Material."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.content.problems import format_problems
from generator.content.sanitize import clean_html
from generator.content.schema import schema_documents
from generator.search.pagefind_bundle import CHUNK_BYTES
from generator.search.search_index import (
    SHARD_SIZE,
    IndexLayout,
    SearchIndexError,
    SearchRecord,
    build_index,
    filter_choices,
    innovation_record,
    month_record,
    page_record,
)
from generator.site import charts, exports
from generator.site.build import DATA_FILES, HOME, SITEMAP_FILES, check_site
from generator.site.csp import with_policy
from generator.site.site_plan import PlannedPage, Site

from .bulk import (
    BULK_TEMPLATES,
    BulkRenderer,
    MarkdownCache,
    PageCache,
    all_urls,
    is_bulk,
    sitemap_xml,
)
from .preview import AfterBuild, BackgroundIndex, KeptOutput, settle_memory
from .templating import TemplateCode, register_filters
from .timing import StageTimer

log = get_plugin_logger(__name__)
OWN_FILES = (*DATA_FILES, *SITEMAP_FILES)
"""Files on_post_build writes besides pages, schemas and the search index."""

OUR_TEMPLATES = "sk/"
"""Templates under this prefix are ours and autoescaped; Material's are left as they are."""

class InnovationsConfig(Config):
    bulk_render = c.Type(bool, default=True)
    """Render innovation and listing pages from shells (fast); off: every page through MkDocs."""
    search = c.Type(bool, default=True)
    """Build the Pagefind search index."""
    workers = c.Type(int, default=min(2, os.cpu_count() or 1))
    """Processes that render bulk pages (the build machines have 2 cores)."""
    search_shard_size = c.Type(int, default=SHARD_SIZE)
    """Records per Pagefind run; bounds the indexer's memory (about 125 KB a record)."""
    search_chunk_bytes = c.Type(int, default=CHUNK_BYTES)
    """Gzipped bytes per word chunk of the index: what a reader downloads per query word."""


class InnovationsPlugin(BasePlugin[InnovationsConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.planned: dict[str, PlannedPage] = {}
        self.bulk: list[PlannedPage] = []
        self.records: list[SearchRecord] = []
        self.timer = StageTimer()
        self.serving = False
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.files: Files | None = None
        # Kept across the rebuilds of one `mkdocs serve` (a plugin with on_startup lives as
        # long as the command): an edit re-renders only what it changed.
        self.markdown_cache: MarkdownCache | None = None
        self.page_cache: PageCache | None = None
        self.kept: KeptOutput | None = None
        self.after_build: AfterBuild | None = None
        self.template_code: TemplateCode | None = None
        self.reuse_files = False
        self.search = BackgroundIndex()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.page_cache = PageCache()
            self.kept = KeptOutput()
            self.after_build = AfterBuild()
            self.template_code = TemplateCode()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.after_build is not None:  # a rebuild: what the last build left is out of date
            self.after_build.build_starts(stop=self.search.stop)
        self.timer = StageTimer()
        return config

    def on_shutdown(self) -> None:
        if self.after_build is not None:
            self.after_build.build_starts(stop=self.search.close)
        else:
            self.search.close()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.kept is not None:  # MkDocs cleans the site folder next
            self.kept.hold(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.kept is not None:
            self.reuse_files = self.kept.restore(Path(config.site_dir))
        self.timer.mark("mkdocs_start")
        # Serving keeps one process: the loader's cache must see every file.
        checked = check_site(Path(config.docs_dir), 1 if self.serving else self.config.workers)
        self.timer.split(checked.seconds)
        for problem in checked.warnings:
            log.info("cảnh báo: %s", problem.format_text())
        if checked.site is None:
            raise PluginError(
                f"Nội dung có {len(checked.errors)} lỗi, chưa dựng được trang:\n"
                + format_problems(checked.errors)
            )
        self.site = site = checked.site
        # MkDocs would publish whatever lies in content/: only what the checker accepted and
        # checked goes out (ordinary pages and assets); the rest is ours to render.
        published = checked.inventory.published_as_is(Path(config.docs_dir))
        for file in list(files):
            from_content = file.src_dir is not None and Path(file.src_dir) == Path(config.docs_dir)
            if from_content and file.src_uri not in published:
                files.remove(file)
        self.planned, self.bulk, self.records = {}, [], []
        for page in site.pages:
            if self.config.bulk_render and is_bulk(page):
                self.bulk.append(page)
                continue
            self.planned[page.src_uri] = page
            if page.src_uri == HOME and files.get_file_from_path(HOME) is not None:
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown,
                                        inclusion=inclusion))
        bundles = checked.inventory.bundle_assets
        for inn in site.catalog.published:
            beside: dict[str, Path] = {}
            source = Path(config.docs_dir, inn.source)
            for asset in bundles.get(source.parent, ()) if source.name == "index.md" else ():
                beside[asset.relative_to(source.parent).as_posix()] = asset
            if inn.image is not None:
                beside.setdefault(inn.image.name, inn.image)
            for name, asset in beside.items():
                files.append(File.generated(config, f"{site.url_of(inn)}{name}",
                                            abs_src_path=str(asset)))
        self.timer.mark("files")
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        planned = self.planned.get(page.file.src_uri)
        if planned is not None:
            page.meta.setdefault("template", planned.template)
            page.meta.setdefault("hide", list(planned.hide))
            # Material prints these two without escaping: hand it escaped text.
            page.meta["title"] = Markup(escape(page.meta.get("title") or planned.title))
            if planned.description:
                page.meta["description"] = Markup(escape(planned.description))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        clean = clean_html(html)
        self._record_page(page, clean)
        planned = self.planned.get(page.file.src_uri)
        if planned is not None and planned.template in BULK_TEMPLATES:
            # A bulk page's shell has no table of contents; the same page through MkDocs
            # must not either (tests/test_bulk.py compares the bytes).
            page.toc = get_toc([])
        return clean

    def _record_page(self, page: Page, html: str) -> None:
        """Index what a reader searches for: innovations, monthly stories, written pages."""
        site = self.site
        planned = self.planned.get(page.file.src_uri)
        if site is None:
            return
        if planned is None:
            if page.file.src_uri != HOME:
                self.records.append(page_record(page.url, str(page.title or ""), html))
        elif planned.template == "sk/innovation.html":
            self.records.append(innovation_record(site, planned.context["innovation"], html))
        elif planned.template == "sk/featured.html":
            self.records.append(month_record(planned.context["month"], html, site))

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        env.autoescape = lambda name: bool(name) and name.startswith(OUR_TEMPLATES)
        register_filters(env)
        if self.template_code is not None:  # serving: compile the theme once, not per rebuild
            env.bytecode_cache = self.template_code
        self.env, self.files = env, files
        self.timer.mark("read_pages")
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        planned = self.planned.get(page.file.src_uri)
        context["sk_site"] = self.site
        context["sk"] = planned.context if planned is not None else {}
        if planned is not None and planned.template == "sk/stats.html" and self.site:
            context["sk"] = {**planned.context, "chart": Markup(
                charts.progress_svg(charts.progress_by_month(self.site.catalog)))}
        if planned is not None and planned.template == "sk/search.html" and self.site:
            context["sk"] = {**planned.context, "filters": filter_choices(self.site)}
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The policy allows the theme's inline scripts in this page, none from its body.
        return with_policy(output, untrusted=[page.content or ""], live_reload=self.serving)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html is a page; sitemap.xml is not
            return output_content
        return with_policy(output_content, live_reload=self.serving)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = self.site
        if site is None:
            return
        self.timer.mark("render_mkdocs_pages")
        self._render_bulk(config, site)
        self.timer.mark("render_bulk_pages")
        site_dir = Path(config.site_dir)
        schemas = schema_documents(site.catalog)
        if self.kept is not None and self.files is not None:
            self.kept.finish(site_dir, [
                *(file.dest_uri for file in self.files),
                *(f"{page.url}index.html" for page in self.bulk),
                *(f"schema/{name}" for name in schemas), *OWN_FILES])
        data = site_dir / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "stats.json").write_text(exports.stats_json(site), encoding="utf-8")

        def open_data() -> None:
            # While serving, this runs behind the server and may be stopped halfway: each
            # file appears whole or not at all.
            _write_whole(data / "innovations.json", exports.innovations_json(site).encode())
            _write_whole(data / "innovations.csv", exports.innovations_csv(site))

        if not self.serving:
            open_data()  # while serving, written after the build, with the search index
        schema_dir = site_dir / "schema"
        schema_dir.mkdir(exist_ok=True)
        for name, text in schemas.items():
            (schema_dir / name).write_text(text, encoding="utf-8")
        if self.files is not None:
            sitemap = sitemap_xml(config.site_url, list(all_urls(self.files, self.bulk)))
            (site_dir / "sitemap.xml").write_text(sitemap, encoding="utf-8")
            # No timestamp in the gzip header: the same content gives the same bytes.
            (site_dir / "sitemap.xml.gz").write_bytes(
                gzip.compress(sitemap.encode("utf-8"), compresslevel=9, mtime=0))
        self.timer.mark("data")
        if self.config.search and self.serving:
            # Previewing: the last index is served at once, the new one follows in seconds.
            self.search.show_last(site_dir / "pagefind")
        elif self.config.search:
            try:
                count = build_index(self.records, site_dir / "pagefind", self._layout())
            except SearchIndexError as exc:
                raise PluginError(f"Không dựng được chỉ mục tìm kiếm: {exc}") from exc
            log.info("chỉ mục tìm kiếm: %d mục", count)
        self.timer.mark("search_index")
        self.timer.report(log)
        if self.after_build is not None:
            records, output, layout = list(self.records), site_dir / "pagefind", self._layout()

            def index() -> None:
                if self.config.search:
                    self.search.start(records, output, layout, also=open_data)
                else:
                    open_data()

            # Memory first: the index process then shares a frozen heap with the server.
            self.after_build.schedule(settle_memory, index)

    def _layout(self) -> IndexLayout:
        return IndexLayout(self.config.search_shard_size, self.config.search_chunk_bytes)

    def _render_bulk(self, config: MkDocsConfig, site: Site) -> None:
        if not self.bulk:
            return
        if self.markdown_cache is None or not self.serving:
            self.markdown_cache = MarkdownCache(config, keep=self.serving)
        assert self.env is not None and self.nav is not None and self.files is not None
        renderer = BulkRenderer(config, self.env, self.nav, self.files, site,
                                self.markdown_cache, self.page_cache, self.reuse_files,
                                live_reload=self.serving)

        def index(page: PlannedPage, body_html: str) -> SearchRecord | None:
            if page.template != "sk/innovation.html":
                return None
            return innovation_record(site, page.context["innovation"], body_html)

        # Serving keeps one process: its Markdown cache must see every page.
        workers = 1 if self.serving else self.config.workers
        self.records.extend(renderer.write_all(self.bulk, on_page=index, workers=workers))


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
