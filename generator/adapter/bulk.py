"""Bulk pages (innovations, listings) rendered without MkDocs' per-page machinery.

MkDocs renders the theme's whole page, header, tabs and footer included, for every page, one
at a time, holding all pages in memory. For the thousands of pages of one kind that differ only
in their body, title, description and address, we let MkDocs and Material render the page once
as a *shell* with slot markers, then fill the slots for each page and write it at once.
`tests/build/test_bulk.py` proves the bytes equal what MkDocs itself renders.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.content.bodies import BodyChanged, read_body
from generator.content.model import Innovation
from generator.infra.build_cache import BODY, PAGE_BODY
from generator.infra.digests import Uncacheable, ValueDigests, digest, text_digest
from generator.infra.parallel import fork_map
from generator.infra.progress import Progress
from generator.site.body_links import NO_LINKS, BodyLinks
from generator.site.csp import with_policy
from generator.site.share import ShareImage, share_image, share_type
from generator.site.site_plan import ChainedPages, InnovationPages, PageKind, PlannedPage, Site

from . import nav_section
from .markdown_cache import MarkdownCache
from .page_ledger import PageLedger
from .shells import SLOT_RE, Shell, theme_signature, write_page
from .templating import BODY_TEMPLATES, TEMPLATES, trusted_scripts

log = get_plugin_logger(__name__)

T = TypeVar("T")
_PAGES_PER_LOOKUP = 256
"""Pages the ledger is asked about at once (the sample site's two shares hold more)."""


def is_bulk(page: PlannedPage) -> bool:
    """Pages reached through listings, not the nav: the many pages of few kinds."""
    return page.kind in BODY_TEMPLATES and not page.in_nav


@dataclass(frozen=True)
class _PageStub:
    """What body templates read of a page: its address, title and rendered Markdown."""

    url: str
    title: Markup
    content: str
    meta: dict[str, Any]


def _image_slots(image: ShareImage) -> dict[str, str]:
    """The shell's slots of the picture a page is shared with (main.html prints them)."""
    return {"skslotimage": image.address, "skslotimgwidth": str(image.width),
            "skslotimgheight": str(image.height), "skslotimgalt": str(escape(image.alt))}


def _shape_samples(pages: Sequence[PlannedPage]) -> Iterator[PlannedPage]:
    """Pages enough to make every shell: one of the innovations' (all of one shape), each of
    the others."""
    for part in pages.parts if isinstance(pages, ChainedPages) else (pages,):
        if isinstance(part, InnovationPages):
            yield from part[:1]
        else:
            yield from part


def _shape(url: str) -> tuple[str, int]:
    """Pages of one shape share every byte of the theme's chrome but the slots."""
    segments = url.strip("/").split("/")
    return segments[0], len(segments)


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a page's context, for the serve-time page cache."""
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


_Entry = tuple[tuple[Any, ...], bytes, Any]
"""A cached page: everything it is made of, its bytes, what on_page made of it."""


class PageCache:
    """Rendered bulk pages kept across `mkdocs serve` rebuilds, by everything they are made of,
    with what on_page made of them (their search record)."""

    def __init__(self) -> None:
        self.pages: dict[int, _Entry] = {}
        self.written: dict[str, _Entry] = {}
        """The entry whose bytes were last written at each address."""


class BulkRenderer:
    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, nav: Navigation,
                 files: Files, site: Site, markdown_cache: MarkdownCache,
                 page_cache: PageCache | None = None, reuse_files: bool = False,
                 ledger: PageLedger | None = None,
                 origins: Mapping[str, bytes] | None = None,
                 links: BodyLinks = NO_LINKS) -> None:
        """origins: what each innovation of the catalog was made from, by id (the loader's):
        describing an innovation by it, not by its whole record, halves a page's key;
        links: bodies' links to pages' files, made the pages' addresses."""
        self.config = config
        self.env = env
        self.nav = nav
        self.files = files
        self.site = site
        self.markdown = markdown_cache
        self.shells: dict[tuple[PageKind, str, int, tuple[str, ...]], Shell] = {}
        self.shell_digests: dict[tuple[str, ...], bytes] = {}
        self.site_dir = Path(config.site_dir)
        self.page_cache = page_cache
        self.reuse_files = reuse_files
        """The site folder holds the last build's pages: an unchanged page is not rewritten."""
        self.trusted = trusted_scripts(env)
        """The theme's inline scripts: the only ones a page's policy allows (csp.py)."""
        self.ledger = ledger
        """A build with a cache: the pages the last build left in the site folder, reused
        when nothing they are made of changed; on_page's results go to it."""
        catalog = site.catalog
        # What every page may show besides its own context: names of units, categories, awards.
        self.site_signature = text_digest(repr((catalog.program, catalog.units,
                                                sorted(site.tag_slugs.items()), config.site_url)))
        self.store = markdown_cache.store
        self.links = links
        known = origins or {}

        def origin(value: object) -> bytes | None:
            if isinstance(value, Innovation) and catalog.by_id.get(value.id) is value:
                return known.get(value.id)
            return None

        self.digests = ValueDigests(origin)
        self._context_digests: dict[int, tuple[PlannedPage, bytes | None]] = {}
        self.theme_signature = theme_signature(env) if self.store is not None else b""

    def _shell(self, page: PlannedPage) -> Shell:
        top, depth = _shape(page.url)
        key = (page.kind, top, depth, page.hide)
        shell = self.shells.get(key)
        if shell is None:
            # Same first segment and depth as the page: every relative link comes out the same.
            rest = ["skslotpath", *["skslotmore"] * (depth - 2)] if depth > 1 else []
            prototype_url = "/".join([top, *rest]) + "/"
            file = File.generated(self.config, f"{prototype_url}index.md", content="")
            prototype = Page(None, file, self.config)
            prototype.markdown = ""
            prototype.meta = {"template": TEMPLATES[page.kind], "hide": list(page.hide),
                              "title": Markup("skslottitle"), "description": Markup("skslotdesc")}
            prototype.content = "skslotbody"
            prototype.toc = get_toc([])
            context = get_context(self.nav, self.files, self.config, prototype)
            context["sk_site"] = self.site
            context["sk"] = {"slot": Markup("skslotbody")}
            context["sk_share"] = {
                "image": Markup("skslotimage"), "width": Markup("skslotimgwidth"),
                "height": Markup("skslotimgheight"), "alt": Markup("skslotimgalt"),
                "type": share_type(page.kind), "title": None}
            with nav_section.marked(self.nav, prototype_url):
                html = self.env.get_template(TEMPLATES[page.kind]).render(context)
            # The policy's hashes are the shell's own theme scripts, the same in every page
            # filled from it (no slot may be inside one).
            shell = Shell.parse(with_policy(html, self.trusted, placeholders=SLOT_RE))
            self.shells[key] = shell
        return shell

    def make_shells(self, pages: Sequence[PlannedPage]) -> None:
        """Every shell these pages need, made here (MkDocs' nav and theme are needed for them):
        a worker without them then renders any of the pages (distributed_bulk.py)."""
        for page in _shape_samples(pages):
            self._shell(page)

    def render(self, page: PlannedPage) -> tuple[bytes, str]:
        """The page's bytes and its body's HTML (for the search index)."""
        body_html = self.links.rewrite(self._body_html(page), page.url)
        title = Markup(escape(page.title))
        key = self._stored_key(page)
        stored = self.store.get(PAGE_BODY, key) if self.store is not None and key else None
        if stored is not None:
            body = stored.decode("utf-8")
        else:
            stub = _PageStub(url=page.url, title=title, content=body_html,
                             meta={"title": title})
            context = {"sk": page.context, "sk_site": self.site, "page": stub,
                       "base_url": get_relative_url(".", page.url), "config": self.config}
            body = self.env.get_template(BODY_TEMPLATES[page.kind]).render(context)
            if self.store is not None and key:
                self.store.put(PAGE_BODY, key, body.encode("utf-8"))
        _, _, rest = page.url.strip("/").partition("/")
        data = self._shell(page).fill({
            "skslottitle": str(title),
            "skslotdesc": str(escape(page.description)),
            "skslotbody": body,
            "skslotpath": rest,
            **_image_slots(share_image(page, self.site.catalog.program)),
        })
        return data, body_html

    def write_all(self, pages: Sequence[PlannedPage],
                  on_page: Callable[[PlannedPage, str], T | None] | None = None,
                  workers: int = 1, after_share: Callable[[], None] | None = None
                  ) -> list[T]:
        """Render and write pages; returns what on_page gave back (search records), but for
        pages recorded in the ledger, which keeps it.

        With workers > 1 the pages are shared among forked processes, which inherit the
        theme, the shells and the catalog as they are; only on_page's results travel back.
        """
        self.make_shells(pages)  # every shell is made once, before any fork
        if self.page_cache is not None and workers > 1:
            # What forked workers write, this process would not know.
            self.reuse_files = False
            self.page_cache.written.clear()
        shares = fork_map(lambda share: self._write(share, on_page, after_share), pages,
                          workers)
        return [result for share in shares for result in share]

    def _body_key(self, page: PlannedPage) -> bytes:
        """The build cache's key of the page's body HTML, which is made of nothing else (as
        _body_html chooses); empty for a page without a body."""
        innovation = page.context.get("innovation") if page.kind is PageKind.INNOVATION else None
        if page.markdown:
            return self.markdown.text_key(page.markdown)
        if innovation is not None and innovation.body_digest:
            return self.markdown.checked_key(innovation.body_digest)
        return b""

    def _body_html(self, page: PlannedPage) -> str:
        """The page's Markdown as HTML. An innovation whose catalog record holds only its
        body's digest: from the build cache by that digest, else from its file (read_body
        refuses a file changed since it was checked)."""
        innovation = page.context.get("innovation") if page.kind is PageKind.INNOVATION else None
        if page.markdown or innovation is None or not innovation.body_digest:
            return self.markdown.html(page.markdown) if page.markdown else ""

        def body() -> str:
            try:
                return read_body(Path(self.config.docs_dir), innovation)
            except BodyChanged as exc:
                raise PluginError(str(exc)) from exc

        return self.markdown.html_of_checked(innovation.body_digest, body)

    def _described_context(self, page: PlannedPage) -> bytes | None:
        """A digest of the page's context; None without a cache, or when the context holds
        something without a stable description (nothing made of it is then cached). Kept for
        the pages of the batch being written (_write): each of a page's cache keys asks."""
        if self.store is None:
            return None
        known = self._context_digests.get(id(page))
        if known is not None and known[0] is page:
            return known[1]
        try:
            described = self.digests.of(page.context)
        except Uncacheable:
            described = None
        if len(self._context_digests) >= 2 * _PAGES_PER_LOOKUP:  # pages rendered without a ledger
            self._context_digests.clear()
        self._context_digests[id(page)] = (page, described)
        return described

    def _stored_key(self, page: PlannedPage) -> bytes:
        """What the page's own part is made of: its template, the site's names, its body,
        its context; empty when it cannot be cached."""
        described = self._described_context(page)
        if described is None:
            return b""
        return digest(self.theme_signature, self.site_signature, page.kind.value, page.url,
                      page.title, self._body_key(page), self.links.key(page.url), described)

    def _keep_parts(self, page: PlannedPage) -> None:
        """A page left in the site folder as the last build wrote it: its body and own part
        stay in the cache, for a build whose site folder is empty (CI's)."""
        assert self.store is not None
        if body_key := self._body_key(page):
            self.store.keep(BODY, body_key)
        if stored_key := self._stored_key(page):
            self.store.keep(PAGE_BODY, stored_key)

    def page_key(self, page: PlannedPage) -> bytes:
        """Everything the page's file and search record are made of: its shell, the site's
        names, its body (its cache key: the Markdown settings and its text or checked digest),
        its context; empty when it cannot be cached."""
        described = self._described_context(page)
        if described is None:
            return b""
        parts = self._shell(page).parts
        shell = self.shell_digests.get(parts)
        if shell is None:
            shell = self.shell_digests[parts] = digest(*parts)
        return digest(shell, self.theme_signature, self.site_signature, page.kind.value,
                      page.url, page.title, page.description, self._body_key(page),
                      self.links.key(page.url), repr(share_image(page, self.site.catalog.program)),
                      described)

    def _write(self, pages: Sequence[PlannedPage],
               on_page: Callable[[PlannedPage, str], T | None] | None,
               after_share: Callable[[], None] | None = None) -> list[T]:
        results: list[T] = []
        written = self.page_cache.written if self.page_cache is not None else {}
        # Each forked share reports its own part (their lines interleave in the log).
        progress = Progress(log, "trang", len(pages))
        ledger = self.ledger
        for page, key, kept in self._ledger_batches(pages):
            progress.advance()
            path = f"{self.site_dir}/{page.url}index.html"
            if kept is not None and ledger is not None:
                ledger.reuse(kept)
                self._keep_parts(page)
                continue  # the file holds these very bytes; its search record is spooled
            data, result, entry = self._page(page, on_page)
            if result is not None and not key:
                results.append(result)
            if (self.reuse_files and entry is not None and written.get(page.url) is entry
                    and os.path.isfile(path)):
                continue  # the page on disk has these very bytes (a plain stat: 10,000 a build)
            write_page(str(self.site_dir), page.url, data)
            if entry is not None:
                written[page.url] = entry
            if key and ledger is not None:  # what it keeps: the search record's spool row
                ledger.wrote(page.url, key, data, result if isinstance(result, bytes) else None)
        # A forked share writes what it made before it ends.
        if self.store is not None:
            self.store.flush()
        if after_share is not None:
            after_share()
        return results

    def _ledger_batches(self, pages: Sequence[PlannedPage]
                        ) -> Iterator[tuple[PlannedPage, bytes, bytes | None]]:
        """Each page with its key (b"" without a ledger, or for a page that cannot be
        cached) and, when the ledger finds it in the site folder as the last build wrote it,
        its recorded search record (else None).
        The ledger is asked about a few hundred pages at once: one query, not one a page."""
        ledger = self.ledger
        if ledger is None:
            yield from ((page, b"", None) for page in pages)
            return
        batch: list[PlannedPage] = []
        for page in itertools.chain(pages, [None]):
            if page is not None:
                batch.append(page)
                if len(batch) < _PAGES_PER_LOOKUP:
                    continue
            keys = [self.page_key(p) for p in batch]
            found = ledger.unchanged_many(
                [(p.url, key, f"{self.site_dir}/{p.url}index.html") for p, key in
                 zip(batch, keys, strict=True)])
            yield from zip(batch, keys, found, strict=True)
            batch = []
            self._context_digests.clear()

    def _page(self, page: PlannedPage, on_page: Callable[[PlannedPage, str], T | None] | None
              ) -> tuple[bytes, T | None, _Entry | None]:
        """The page's bytes and on_page's result, from the serve cache when nothing changed,
        with the cache's entry for them (None without a cache)."""
        if self.page_cache is None:
            data, body_html = self.render(page)
            result = on_page(page, body_html) if on_page is not None else None
            return data, result, None
        key = (self._shell(page).parts, self.site_signature, page.kind, page.url,
               page.title, page.description, page.markdown, self.links.key(page.url),
               _freeze(page.context))
        cached = self.page_cache.pages.get(hash(key))
        if cached is not None and cached[0] == key:
            return cached[1], cached[2], cached
        data, body_html = self.render(page)
        result = on_page(page, body_html) if on_page is not None else None
        entry = (key, data, result)
        self.page_cache.pages[hash(key)] = entry
        return data, result, entry
