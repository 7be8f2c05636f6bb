"""The MkDocs adapter: hands the checked catalog's pages and data to MkDocs and Material."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import charts, exports
from .build import HOME, check_site
from .loader import FEATURED_DIR, INNOVATIONS_DIR, PROGRAM_FILE, UNITS_FILE
from .problems import format_problems
from .sanitize import clean_html
from .schema import schema_documents
from .site_plan import PlannedPage, Site
from .templating import register_filters
from .timing import StageTimer

log = get_plugin_logger(__name__)

OUR_TEMPLATES = "sk/"
"""Templates under this prefix are ours and autoescaped; Material's are left as they are."""


class InnovationsPlugin(BasePlugin):  # type: ignore[type-arg]
    def __init__(self) -> None:
        self.site: Site | None = None
        self.planned: dict[str, PlannedPage] = {}
        self.timer = StageTimer()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.timer = StageTimer()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.timer.mark("mkdocs_start")
        checked = check_site(Path(config.docs_dir))
        self.timer.split(checked.seconds)
        for problem in checked.warnings:
            log.info("cảnh báo: %s", problem.format_text())
        if checked.site is None:
            count = len(checked.errors)
            raise PluginError(
                f"Nội dung có {count} lỗi, chưa dựng được trang:\n"
                + format_problems(checked.errors)
            )
        self.site = site = checked.site
        for file in list(files):
            top = file.src_uri.split("/", 1)[0]
            if top in (INNOVATIONS_DIR, FEATURED_DIR) or file.src_uri in (PROGRAM_FILE, UNITS_FILE):
                files.remove(file)
        self.planned = {}
        for page in site.pages:
            self.planned[page.src_uri] = page
            if page.src_uri == HOME and files.get_file_from_path(HOME) is not None:
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown,
                                        inclusion=inclusion))
        for inn in site.catalog.published:
            if inn.image is not None:
                files.append(File.generated(
                    config, f"{site.url_of(inn)}{inn.image.name}", abs_src_path=str(inn.image)))
        self.timer.mark("files")
        return files

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
        return clean_html(html)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        env.autoescape = lambda name: bool(name) and name.startswith(OUR_TEMPLATES)
        register_filters(env)
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        planned = self.planned.get(page.file.src_uri)
        context["sk_site"] = self.site
        context["sk"] = planned.context if planned is not None else {}
        if planned is not None and planned.template == "sk/stats.html" and self.site:
            context["sk"] = {**planned.context, "chart": Markup(
                charts.progress_svg(charts.progress_by_month(self.site.catalog)))}
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        self.timer.mark("render")
        data = Path(config.site_dir) / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "stats.json").write_text(exports.stats_json(self.site), encoding="utf-8")
        (data / "innovations.json").write_text(exports.innovations_json(self.site),
                                               encoding="utf-8")
        (data / "innovations.csv").write_bytes(exports.innovations_csv(self.site))
        schema_dir = Path(config.site_dir) / "schema"
        schema_dir.mkdir(exist_ok=True)
        for name, text in schema_documents(self.site.catalog).items():
            (schema_dir / name).write_text(text, encoding="utf-8")
        _make_sitemap_gzip_deterministic(Path(config.site_dir))
        self.timer.mark("data")
        self.timer.report(log)


def _make_sitemap_gzip_deterministic(site_dir: Path) -> None:
    # MkDocs stamps the build time into the gzip header; the same content must give the same bytes.
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        (site_dir / "sitemap.xml.gz").write_bytes(
            gzip.compress(sitemap.read_bytes(), compresslevel=9, mtime=0))
