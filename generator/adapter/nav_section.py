"""The menu shows the section a page belongs to, at every depth.

The menu lists one page per section (mkdocs.yml's nav); MkDocs marks an entry active only
for that very page. A page under it (an innovation, a unit, page 2 of a listing) is marked as
being in its section while it is rendered, so that Material highlights the tab and the drawer
entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.site import urls


def section_entry(nav: Navigation, url: str) -> Page | None:
    """The menu's page for the section of url, when url is not that page itself."""
    target = urls.nav_section(url)
    if target is None or target == url:
        return None
    return next((p for p in nav.pages if p.url == target), None)


def mark(nav: Navigation, url: str) -> Page | None:
    """Mark the section's entry active; returns it, to be unmarked after rendering."""
    entry = section_entry(nav, url)
    if entry is None or entry.active:
        return None
    entry.active = True
    return entry


@contextmanager
def marked(nav: Navigation, url: str) -> Iterator[None]:
    entry = mark(nav, url)
    try:
        yield
    finally:
        if entry is not None:
            entry.active = False
