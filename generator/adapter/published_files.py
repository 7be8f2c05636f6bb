"""Which of MkDocs' files are published: only what the checker accepted, innovations' pages
as ours, their bundles' files beside them, ordinary pages outside the menu kept out of it,
and the meta Material prints escaped."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.content.inventory import INNOVATIONS_DIR
from generator.site import urls
from generator.site.checked import CheckedSite

log = get_plugin_logger(__name__)


def under_content(path: str, root: Path) -> str:
    """A problem's path relative to the content folder (as the editor's collections name it)."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def show_problems(files: Files, config: MkDocsConfig) -> None:
    """Nothing of content/ is published; each page of the nav shows the problems instead."""
    docs = Path(config.docs_dir)
    for file in list(files):
        if file.src_dir is not None and Path(file.src_dir) == docs:
            files.remove(file)
    for src_uri in _nav_sources(config.nav or []):
        files.append(File.generated(config, src_uri, content=""))


def _nav_sources(nav: list[Any]) -> list[str]:
    sources: list[str] = []
    for item in nav:
        entry = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(entry, list):
            sources.extend(_nav_sources(entry))
        elif isinstance(entry, str) and entry.endswith(".md"):
            sources.append(entry)
    return sources


def escape_shown_meta(page: Page) -> None:
    """Material prints a page's title and description as they are (or unescaped by
    `striptags`): hand it escaped text whatever wrote them, front matter, the page's first
    heading (HTML text, its entities kept) or its file's name."""
    meta = page.meta
    if "description" in meta:
        meta["description"] = Markup(escape(meta["description"]))
    if "title" in meta:
        meta["title"] = Markup(escape(meta["title"]))
    elif page._title_from_render:
        title = Markup(escape(html.unescape(page._title_from_render)))
        if page.is_homepage:  # Material's <title> is then the site's name
            page._title_from_render = title
        else:
            meta["title"] = title
    elif page.title and not page.is_homepage:
        meta["title"] = Markup(escape(page.title))


def drop_innovation_files(files: Files, config: MkDocsConfig) -> None:
    """MkDocs collected a File for every file under content/innovations/: their pages are
    ours to render, and a bundle's files are added back by add_bundle_files (none is ever
    published as it is). Dropped before the catalog is loaded: a File per innovation, which
    the loader's forked workers would inherit."""
    docs = Path(config.docs_dir)
    prefix = f"{INNOVATIONS_DIR}/"
    for file in [f for f in files if f.src_uri.startswith(prefix)
                 and f.src_dir is not None and Path(f.src_dir) == docs]:
        files.remove(file)


def keep_only_accepted(files: Files, checked: CheckedSite, config: MkDocsConfig) -> None:
    """MkDocs would publish whatever lies in content/: only what the checker accepted (pages
    and files of allowed kinds) goes out; innovations, picks and events are ours to render."""
    docs = Path(config.docs_dir)
    published = checked.inventory.published_as_is(docs)
    for file in list(files):
        from_content = file.src_dir is not None and Path(file.src_dir) == docs
        if from_content and file.src_uri not in published:
            files.remove(file)
    _pages_outside_nav_not_in_nav(files, config)


def _nav_pages(entries: object) -> set[str]:
    """Every page named in a nav of mkdocs.yml, at any depth."""
    if isinstance(entries, str):
        return {entries}
    if isinstance(entries, dict):
        entries = list(entries.values())
    if isinstance(entries, list):
        return {page for entry in entries for page in _nav_pages(entry)}
    return set()


def _pages_outside_nav_not_in_nav(files: Files, config: MkDocsConfig) -> None:
    """A page an editor adds is published at its address without being in the menu, which
    mkdocs.yml's maintainers own: MkDocs' strict build would otherwise fail on it."""
    if not config.nav:
        return  # MkDocs makes the menu of every page
    listed = _nav_pages(config.nav)
    for file in files.documentation_pages():
        if file.src_uri not in listed and file.inclusion is InclusionLevel.INCLUDED:
            log.info("trang %s không có trong menu (nav của mkdocs.yml): vẫn được đăng tại "
                     "/%s", file.src_uri, file.url)
            file.inclusion = InclusionLevel.NOT_IN_NAV


def add_bundle_files(files: Files, checked: CheckedSite, config: MkDocsConfig) -> None:
    """Each published innovation's image, and the files of its folder, beside its page."""
    assert checked.site is not None
    bundles = checked.inventory.bundle_assets
    for inn in checked.site.catalog.published:
        beside: dict[str, Path] = {}
        source = Path(config.docs_dir, inn.source)
        for asset in bundles.get(source.parent, ()) if source.name == "index.md" else ():
            beside[asset.relative_to(source.parent).as_posix()] = asset
        if inn.image is not None:
            beside.setdefault(inn.image.name, inn.image)
        for name, asset in beside.items():
            files.append(File.generated(config, f"{urls.innovation(inn.id)}{name}",
                                        abs_src_path=str(asset)))
