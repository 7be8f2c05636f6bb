"""The MkDocs plugin `sang-kien`: hands MkDocs' events to one build's state (build_state.py)
and the modules that do the work: loading and planning (site_loading), each page
(page_hooks), what follows MkDocs' own pages (after_pages)."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.site.csp import with_policy

from . import after_pages, live_reload, page_hooks, site_folder, site_loading
from .build_state import BuildState
from .preview import BackgroundIndex, ServeState
from .templating import is_ours, register_filters, trusted_scripts


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
        self.serve: ServeState | None = None
        """Only while serving: kept from one rebuild to the next."""
        self.search = BackgroundIndex()
        """A preview's search index, built behind the server."""
        self.build = BuildState(InnovationsConfig(), None)

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
        self.build = BuildState(self.config, self.serve)
        self.build.open_cache(config.config_file_path)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        self.build.failed()

    def on_shutdown(self) -> None:
        self.build.close_cluster()
        if self.serve is not None:
            self.serve.after_build.build_starts(stop=self.search.close)
        else:
            self.search.close()
            # The process ends: the interpreter's last collection would walk every object of
            # the catalog and the plan to free nothing.
            gc.freeze()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs cleans the site folder next: the last build's pages are held through it.
        if self.serve is not None:
            self.serve.kept.hold(Path(config.site_dir))
        elif self.build.reuses_pages:
            site_folder.hold(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.serve is not None:
            self.serve.reuse_files = self.serve.kept.restore(Path(config.site_dir))
        elif self.build.reuses_pages:
            site_folder.restore(Path(config.site_dir))
        self.build.timer.mark("mkdocs_start")
        files = site_loading.load_site(self.build, files, config)
        if self.build.site is not None:
            self.build.timer.mark("files")
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.build.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        page_hooks.page_meta(self.build, page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        return page_hooks.page_html(self.build, page, html)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        build = self.build
        env.autoescape = is_ours
        # MkDocs makes a new environment for every build, so a template cannot change while
        # it is in use: no stat of its file each time a page asks for it (or imports macros).
        env.auto_reload = False
        register_filters(env, build.site)
        env.globals["sk_gaps"] = build.gaps  # every page's banner, shells' too
        if self.serve is not None:  # compile the theme once, not at every rebuild
            env.bytecode_cache = self.serve.compiled_templates
        build.env, build.files = env, files
        build.trusted = trusted_scripts(env)
        build.early_data = after_pages.begin_early_data(build, Path(config.site_dir))
        build.timer.mark("read_pages")
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        return page_hooks.page_context(self.build, context, page, nav)

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        context.update(self.build.context_extra())  # 404.html: every unknown address
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        page_hooks.page_done(self.build)
        # The policy allows the theme's inline scripts in this page, nothing else.
        assert self.build.trusted is not None
        return with_policy(output, self.build.trusted)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html is a page; sitemap.xml is not
            return output_content
        assert self.build.trusted is not None
        return with_policy(output_content, self.build.trusted)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        after_pages.finish(self.build, config, self.search)
