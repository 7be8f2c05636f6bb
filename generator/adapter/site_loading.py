"""MkDocs' on_files for a build: the content loaded and checked, the site planned, and the
files MkDocs will render chosen (ours generated, content's own only as the checker accepted)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.content.problems import format_problems
from generator.search.partitioned import record_terms
from generator.search.record_spool import RecordList, RecordSpool
from generator.site.checked import HOME, CheckedSite, load_and_plan
from generator.site.form_places import form_place
from generator.site.site_plan import ChainedPages, InnovationPages, PlannedPage, Site

from . import published_files
from .build_state import BuildState
from .bulk import is_bulk
from .preview_gaps import NO_GAPS, load_leaving_out

log = get_plugin_logger(__name__)


def load_site(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
    published_files.drop_innovation_files(files, config)
    serve, options, docs = state.serve, state.options, Path(config.docs_dir)
    # Serving keeps one process: the loader's cache must see every file.
    # A build renders innovation pages from shells, reading each body again from its
    # file (bodies.py): the catalog need not hold them, but for the first few million
    # characters (a site of ten thousand short ones: read once, not twice). With a build
    # cache, none: their HTML comes from the cache, and a page's key stays what it was.
    # MkDocs' own pages, the preview's caches and a cluster's workers (content/ is not
    # theirs to read) need them all.
    keep_bodies = serve is not None or not options.bulk_render or bool(state.distributed)
    budget = options.kept_body_characters if state.cache is None else 0

    def load(leave_out: frozenset[str] = frozenset()) -> CheckedSite:
        return load_and_plan(docs, state.workers, serve.innovations if serve else None,
                             state.cache, keep_bodies, budget, leave_out)

    # Previewing, files with errors are left out, not the whole site (preview_gaps.py).
    checked, state.gaps = load_leaving_out(load, docs) if serve else (load(), NO_GAPS)
    state.timer.split(checked.seconds)
    for problem in checked.warnings:
        log.info("cảnh báo: %s", problem.format_text())
    report = (f"Nội dung có {len(checked.errors)} lỗi, chưa dựng được trang:\n"
              + format_problems(checked.errors))
    state.problems = [] if checked.site is not None else checked.errors
    # Each problem's document and field as the web editor's form labels them.
    state.problem_places = [form_place(published_files.under_content(p.path, docs), p.field)
                            for p in state.problems]
    state.site, state.origins, state.links = checked.site, checked.origins, checked.links
    if checked.site is None and serve is None:
        raise PluginError(report)
    if checked.site is None:
        # A failed rebuild leaves MkDocs' server waiting, and the editor's browser with
        # it: instead, the preview answers every address with the problems at once.
        log.info(report)  # an error here would abort the strict build it replaces
        state.planned, state.bulk, state.records = {}, [], RecordList()
        published_files.show_problems(files, config)
        return files
    published_files.keep_only_accepted(files, checked, config)
    plan_pages(state, files, checked.site, config)
    state.gaps.add_pages(files, config, checked.site, state.links)
    published_files.add_bundle_files(files, checked, config)
    return files


def plan_pages(state: BuildState, files: Files, site: Site, config: MkDocsConfig) -> None:
    """Each planned page: made from a shell after MkDocs' own pages (bulk.py), or handed to
    MkDocs as a generated file."""
    bulk_render = state.options.bulk_render
    state.planned = {}
    state.records = (RecordSpool(terms=record_terms)
                     if state.options.search and not state.serving else RecordList())
    bulk: list[PlannedPage] = []
    made_when_rendered: list[Sequence[PlannedPage]] = []
    for part in site.pages.parts:
        if bulk_render and isinstance(part, InnovationPages):
            made_when_rendered.append(part)  # every one is bulk; none is made here
            continue
        for page in part:
            if bulk_render and is_bulk(page):
                bulk.append(page)
            else:
                _plan_mkdocs_page(state, files, page, config)
    state.bulk = ChainedPages([bulk, *made_when_rendered])


def _plan_mkdocs_page(state: BuildState, files: Files, page: PlannedPage,
                      config: MkDocsConfig) -> None:
    state.planned[page.src_uri] = page
    if page.src_uri == HOME and files.get_file_from_path(HOME) is not None:
        return  # the editors' home page text; the counters are added around it
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    files.append(File.generated(config, page.src_uri, content=page.markdown,
                                inclusion=inclusion))
