"""What MkDocs' page events do with one page: its template and escaped meta, its HTML made
safe and its links made addresses, its search record, the context its template is given."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.content.sanitize import clean_html
from generator.search.records import (
    filter_choices,
    innovation_record,
    month_picks_record,
    page_record,
)
from generator.site import charts, impact, urls
from generator.site.checked import HOME
from generator.site.share import share_context
from generator.site.site_plan import PageKind

from . import nav_section, published_files
from .build_state import BuildState
from .templating import BODY_TEMPLATES, PROBLEMS_TEMPLATE, TEMPLATES, focusable_tables


def page_meta(state: BuildState, page: Page) -> None:
    """The page's template and hidden parts; its title and description as escaped text."""
    planned = state.page_of(page)
    state.gaps.mark(page)
    if state.problems:
        page.meta["template"] = PROBLEMS_TEMPLATE
        page.meta["title"] = "Nội dung có lỗi"
    if planned is not None:
        page.meta.setdefault("template", TEMPLATES[planned.kind])
        page.meta.setdefault("hide", list(planned.hide))
        # Material prints these two without escaping: hand it escaped text.
        page.meta["title"] = Markup(escape(page.meta.get("title") or planned.title))
        if planned.description:
            page.meta["description"] = Markup(escape(planned.description))


def page_html(state: BuildState, page: Page, html: str) -> str:
    # Links to the files of innovations, events and months' picks: their pages' addresses.
    clean = state.links.rewrite(focusable_tables(clean_html(html)), page.url)
    _record(state, page, clean)
    planned = state.page_of(page)
    if planned is not None and planned.kind in BODY_TEMPLATES:
        # A bulk page's shell has no table of contents; the same page through MkDocs
        # must not either (tests/build/test_bulk.py compares the bytes).
        page.toc = get_toc([])
    return clean


def _record(state: BuildState, page: Page, html: str) -> None:
    """Index what a reader searches for: innovations, monthly stories, written pages."""
    site = state.site
    planned = state.page_of(page)
    if site is None or state.gaps.shows(page.file.src_uri):
        return
    if planned is None:
        if page.file.src_uri != HOME:
            state.keep(page_record(page.url, str(page.title or ""), html))
    elif planned.kind is PageKind.INNOVATION:
        state.keep(innovation_record(site, planned.context["innovation"], html))
    elif planned.kind is PageKind.MONTH_PICKS:
        state.keep(month_picks_record(planned.context["month"], html, site))


def page_context(state: BuildState, context: dict[str, Any], page: Page,
                 nav: Navigation) -> dict[str, Any]:
    published_files.escape_shown_meta(page)
    state.marked_section = nav_section.mark(nav, page.url)  # unmarked by page_done
    planned = state.page_of(page)
    site = state.site
    context.update(state.context_extra())
    context["sk_site"] = site
    context["sk_share"] = share_context(planned, site)
    context["sk"] = planned.context if planned is not None else {}
    # Made here, not in the plan: only the page that shows them pays for them.
    if planned is not None and planned.kind is PageKind.STATS and site:
        context["sk"] = {**planned.context, "charts": charts.stats_charts(
            site.catalog, planned.context["stats"]),
            "benefit_chart": impact.benefit_chart(planned.context["impact"])}
    if planned is not None and planned.kind is PageKind.SEARCH and site:
        context["sk"] = {**planned.context, "filters": filter_choices(site),
                         "index": urls.SEARCH_PARTS}
    return context


def page_done(state: BuildState) -> None:
    if state.marked_section is not None:
        state.marked_section.active = False
        state.marked_section = None
