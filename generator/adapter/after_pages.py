"""What a build makes once MkDocs has written its own pages: the bulk pages, the data files,
the search index, and (with a build cache) the last build's files it no longer makes removed."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from generator.infra.parallel import Forked, can_fork
from generator.search.partitioned import build_partitioned
from generator.site import urls
from generator.site.schema import schema_documents
from generator.site.site_plan import PlannedPage, Site

from . import cluster, distributed_bulk, site_folder, writers
from .build_state import BuildState
from .bulk import BulkRenderer
from .markdown_cache import MarkdownCache
from .page_ledger import PageLedger
from .preview import BackgroundIndex, settle_memory

log = get_plugin_logger(__name__)


def finish(state: BuildState, config: MkDocsConfig, search: BackgroundIndex) -> None:
    site, files, serve = state.site, state.files, state.serve
    if serve is not None and state.problems and files is not None:
        # Only the problems' pages: the last site's pages would hide them.
        serve.kept.finish(Path(config.site_dir),
                          [*(file.dest_uri for file in files), urls.NOT_FOUND])
    if site is None or files is None:
        return
    timer = state.timer
    timer.mark("render_mkdocs_pages")
    render_bulk(state, config, site)
    timer.mark("render_bulk_pages")
    site_dir = Path(config.site_dir)
    schemas = schema_documents(site.catalog)
    addresses = _addresses(state)
    if serve is not None:  # remove what this build no longer makes
        serve.kept.finish(site_dir, _made_files(state, site, schemas, addresses))
    try:
        if state.early_data is not None:
            # Two cores, two independent single-threaded stages: the search index here,
            # the data files made of the catalog in the process begun in on_env (ended
            # by BuildState.failed if this fails first).
            _index(state, site_dir, site, search)
            _write_data(state, site_dir, site, schemas, addresses, config, early=False)
            state.early_data.result()
            state.early_data = None
            timer.mark("data_and_search_index")
        else:
            _write_data(state, site_dir, site, schemas, addresses, config)
            timer.mark("data")
            _index(state, site_dir, site, search)
            timer.mark("search_index")
    finally:
        state.close_cluster()
    if state.reuses_pages:
        _prune(state, site_dir, site, schemas, addresses)
        timer.mark("prune")
    state.close_cache(sweep=True)
    timer.mark("cache_sweep")
    timer.report(log)


def begin_early_data(state: BuildState, site_dir: Path) -> Forked[None] | None:
    """_early_data begun in a forked process of the lowest priority, when the search
    index is built beside it: it takes the core that MkDocs' own pages, the end of the
    bulk pages and the search index leave idle, not the bulk pages'."""
    site = state.site
    if site is None or not state.data_beside_index or not can_fork():
        return None
    return Forked(lambda: _early_data(state, site_dir, site), nice=19)


def _write_data(state: BuildState, site_dir: Path, site: Site, schemas: dict[str, str],
                addresses: list[str], config: MkDocsConfig, early: bool = True) -> None:
    """early False: those begun in on_env (begin_early_data) are not written here."""
    writers.write_stats(site_dir, site)
    writers.write_schemas(site_dir, schemas)
    writers.write_calendar(site_dir, site, config.site_url)
    writers.write_feeds(site_dir, site, config.site_url)
    if early:
        _early_data(state, site_dir, site)
    writers.write_sitemap(site_dir, config.site_url, addresses)
    writers.write_editor(site_dir, site, config)


def _early_data(state: BuildState, site_dir: Path, site: Site) -> None:
    """The longest data files to make (four fifths of their time), made of the catalog
    alone, in folders of their own (urls.RESERVED_FOLDERS): they need nothing MkDocs
    makes, and nothing MkDocs writes lands on them."""
    if not state.serving:  # while serving, written after the build, with the search index
        writers.write_open_data(site_dir, site)
    writers.write_share_cards(site_dir, site)
    writers.write_workbooks(site_dir, site, state.workers, state.cache)


def _made_files(state: BuildState, site: Site, schemas: dict[str, str],
                addresses: list[str]) -> list[str]:
    """Every file this build writes but those of the folders it makes whole."""
    assert state.files is not None
    return [*(file.dest_uri for file in state.files),
            *(f"{page.url}index.html" for page in state.bulk), *writers.own_files(schemas),
            *writers.sitemap_files(addresses), *writers.report_files(site), urls.NOT_FOUND]


def _prune(state: BuildState, site_dir: Path, site: Site, schemas: dict[str, str],
           addresses: list[str]) -> None:
    """What the last build left in the site folder and this one did not make goes."""
    owned = {urls.EDITOR.rstrip("/")}
    if state.options.search:  # made whole by the indexer; without search, pruned
        owned.add(urls.SEARCH_PARTS.rstrip("/"))
    made = set(_made_files(state, site, schemas, addresses))
    removed = site_folder.prune(site_dir, made, owned)
    if removed:
        log.info("đã xoá %d tệp của lần dựng trước không còn trong trang", removed)


def _addresses(state: BuildState) -> list[str]:
    assert state.files is not None
    pages = [f.page.url for f in state.files.documentation_pages() if f.page is not None]
    return [*pages, *(page.url for page in state.bulk)]


def _index(state: BuildState, site_dir: Path, site: Site, search: BackgroundIndex) -> None:
    output = site_dir / urls.SEARCH_PARTS
    serve = state.serve
    if serve is None:
        if state.options.search:
            try:
                count = build_partitioned(state.records, output, store=state.cache).documents
            finally:
                state.records.close()
            log.info("chỉ mục tìm kiếm: %d mục", count)
        return
    # Previewing: the last index is served at once; the new one and the open data follow
    # in a forked process that the next rebuild stops.
    if state.options.search:
        search.show_last(output)
    records = list(state.records)

    def open_data() -> None:
        writers.write_open_data(site_dir, site)

    def index() -> None:
        if state.options.search:
            search.start(records, output, also=open_data)
        else:
            open_data()

    # Memory first: the index process then shares a frozen heap with the server.
    serve.after_build.schedule(settle_memory, index)


def render_bulk(state: BuildState, config: MkDocsConfig, site: Site) -> None:
    """The pages made from shells, by forked workers or a cluster's; their search records
    into the build's record sink."""
    if not state.bulk:
        return
    serve = state.serve
    markdown_cache = serve.markdown_cache if serve is not None else None
    if markdown_cache is None:
        markdown_cache = MarkdownCache(config, keep=serve is not None, store=state.cache)
        if serve is not None:
            serve.markdown_cache = markdown_cache
    assert state.env is not None and state.nav is not None and state.files is not None
    sink = state.records
    ledger = (PageLedger(state.cache, Path(config.site_dir),
                         sink.add_row if sink.keeps_rows else None)
              if state.reuses_pages and state.cache is not None else None)
    renderer = BulkRenderer(config, state.env, state.nav, state.files, site, markdown_cache,
                            serve.page_cache if serve else None,
                            serve.reuse_files if serve else False,
                            ledger=ledger, origins=state.origins, links=state.links)
    if serve is None and state.open_cluster():
        assert state.cluster is not None
        try:
            for record in distributed_bulk.render_bulk(
                    state.cluster, renderer, state.bulk, state.options.distributed_shared_site):
                state.keep(record)
        except cluster.ClusterError as exc:
            state.close_cluster()
            raise PluginError(f"Dựng phân tán không thành công: {exc}") from exc
        return

    def recorded(page: PlannedPage, body_html: str) -> bytes | None:
        """Each forked share adds its records to the sink (on disk: nothing travels back);
        the ledger keeps the row of a page it will reuse."""
        record = distributed_bulk.bulk_record(site, page, body_html)
        row = sink.add(record) if record is not None else None
        return row if ledger is not None else None

    renderer.write_all(state.bulk, on_page=recorded if state.options.search else None,
                       workers=state.workers, after_share=sink.flush)
