"""For `mkdocs serve`: a file with errors leaves out its own page, not the whole site.

When the content has errors, the preview loads it again without the Markdown files that
have them (innovations, months' picks, events, ordinary pages), then without those that
named a file left out (a month's picks, an event, a link), until what remains has none:
the rest of the site is served. The address a left-out file's page would have shows its
problems instead; every other page says, in a banner, how many files are missing and links
to the list of them all (urls.PREVIEW_PROBLEMS). Problems no file can be left out for
(program.yml, units.yml, a file's name or kind) still answer every address with the whole
list, as a build reports them. `mkdocs build` never leaves anything out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.content import definitions as d
from generator.content.inventory import EVENTS_DIR, FEATURED_DIR, INNOVATIONS_DIR
from generator.content.problems import Problem, UnreadableText, format_problems
from generator.content.sources import split_front_matter
from generator.site import urls
from generator.site.body_links import BodyLinks
from generator.site.checked import CheckedSite
from generator.site.form_places import form_place
from generator.site.site_plan import Site

log = get_plugin_logger(__name__)

ROUNDS = 6
"""Loads at most: the first, then one for each round of files left out (those with errors,
then those that named them, and so on)."""
FILE_TEMPLATE = "sk/left_out.html"
_ID_LINE = re.compile(rf"^id:[ \t]*['\"]?({d.ID_PATTERN})['\"]?[ \t]*(#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class LeftOut:
    """One file left out of this preview, and why."""

    path: str
    """Under content/."""
    problems: tuple[Problem, ...]
    places: tuple[tuple[str, str], ...]
    """Each problem's document and field as the web editor's form labels them."""
    address: str | None
    """Its page's address, when the site would give it one."""
    names: tuple[str, ...]
    """Files left out that it names (a month's picks or an event naming an innovation)."""
    follows: bool
    """It had no problem of its own until a file it names was left out."""

    @property
    def items(self) -> Iterator[tuple[Problem, tuple[str, str]]]:
        return zip(self.problems, self.places, strict=True)


class Gaps:
    """What the preview left out; falsy when nothing (the Jinja global `sk_gaps`)."""

    def __init__(self, files: Sequence[LeftOut] = ()) -> None:
        self.files = files
        self.shown: dict[str, LeftOut] = {}
        """By the source of the page made at its address."""

    def __bool__(self) -> bool:
        return bool(self.files)

    @property
    def count(self) -> int:
        return len(self.files)

    @property
    def problem_count(self) -> int:
        return sum(len(f.problems) for f in self.files)

    @property
    def unplaced(self) -> list[LeftOut]:
        """Files without a page of their own to show their problems at (the home page does)."""
        shown = set(map(id, self.shown.values()))
        return [f for f in self.files if id(f) not in shown]

    def at(self, src_uri: str) -> LeftOut | None:
        return self.shown.get(src_uri)

    def shows(self, src_uri: str) -> bool:
        return src_uri in self.shown or (bool(self.files) and src_uri == _LIST)

    def add_pages(self, files: Files, config: MkDocsConfig, site: Site | None,
                  links: BodyLinks) -> None:
        """A page at each left-out file's address that no page of the site holds, and the
        list of them all; bodies' links to a left-out file lead to its page."""
        if not self.files or site is None:
            return
        for left in self.files:
            if left.address is None:
                continue
            src_uri = (left.path if _is_page(left.path) else urls.source_of(left.address))
            taken = (files.get_file_from_path(src_uri) is not None
                     or _innovation_at(site, left.address))
            if not taken:
                self.shown[src_uri] = left
                links.addresses[left.path] = left.address
                files.append(File.generated(config, src_uri, content="",
                                            inclusion=InclusionLevel.NOT_IN_NAV))
        files.append(File.generated(config, _LIST, content="",
                                    inclusion=InclusionLevel.NOT_IN_NAV))

    def mark(self, page: Page) -> None:
        """The template and title of a page this module made."""
        if self.shows(page.file.src_uri):
            page.meta["template"] = FILE_TEMPLATE
            left = self.at(page.file.src_uri)
            page.meta["title"] = "Tệp đang có lỗi" if left else "Các tệp đang có lỗi"


NO_GAPS = Gaps()
_LIST = urls.source_of(urls.PREVIEW_PROBLEMS)


def load_leaving_out(load: Callable[[frozenset[str]], CheckedSite], root: Path
                     ) -> tuple[CheckedSite, Gaps]:
    """load(files to leave out) again without the files with errors until the site can be
    planned; the first load, with every problem found, when it cannot."""
    first = checked = load(frozenset())
    left: dict[str, list[Problem]] = {}
    follows: set[str] = set()
    seen = set(first.problems)
    for round_ in range(ROUNDS):
        if checked.site is not None:
            break
        by_file = _by_file(checked.errors, root)
        if (not by_file or None in by_file or round_ == ROUNDS - 1
                or any(not _can_leave_out(rel) or rel in left for rel in by_file if rel)):
            problems = sorted({*seen, *checked.problems})
            return replace(first, problems=problems), NO_GAPS
        for rel, problems in by_file.items():
            assert rel is not None
            left[rel] = problems
            if round_:
                follows.add(rel)
        checked = load(frozenset(left))
        seen.update(checked.problems)
    if not left:
        return checked, NO_GAPS
    addresses = {rel: _address(root, rel) for rel in left}
    # Info, not a warning: a warning would stop a strict server's rebuild.
    log.info("%d tệp có lỗi, tạm chưa hiện trên trang xem trước (danh sách ở /%s):\n%s",
             len(left), urls.PREVIEW_PROBLEMS,
             format_problems(sorted(p for found in left.values() for p in found)))
    return checked, Gaps([
        LeftOut(rel, tuple(problems), tuple(form_place(rel, p.field) for p in problems),
                addresses[rel], _named(problems, addresses, rel), rel in follows)
        for rel, problems in sorted(left.items())])


def _by_file(errors: list[Problem], root: Path) -> dict[str | None, list[Problem]]:
    """Errors by their file under root (None: outside it)."""
    found: dict[str | None, list[Problem]] = {}
    base = root.resolve()
    for problem in errors:
        try:
            rel: str | None = Path(problem.path).resolve().relative_to(base).as_posix()
        except ValueError:
            rel = None
        found.setdefault(rel, []).append(problem)
    return found


def _named(problems: list[Problem], addresses: dict[str, str | None], own: str
           ) -> tuple[str, ...]:
    """The other left-out files the problems name: by path, or an innovation by its id (in
    their messages: a hint may propose another id)."""
    texts = [p.message for p in problems]
    names = []
    for rel, address in addresses.items():
        found = re.fullmatch(rf"{re.escape(urls.INNOVATIONS)}([^/]+)/", address or "")
        marks = [rel, f"`{found.group(1).upper()}`"] if found else [rel]
        if rel != own and any(mark in text for mark in marks for text in texts):
            names.append(rel)
    return tuple(names)


def _can_leave_out(rel: str) -> bool:
    return rel.endswith(".md")


def _is_page(rel: str) -> bool:
    return rel.split("/", 1)[0] not in (INNOVATIONS_DIR, FEATURED_DIR, EVENTS_DIR)


def _address(root: Path, rel: str) -> str | None:
    """The address the site would give the file's page, if it can be told."""
    top, _, rest = rel.partition("/")
    stem = Path(rel).stem
    if top == FEATURED_DIR and re.fullmatch(d.MONTH_PATTERN, stem) and "/" not in rest:
        return urls.month_picks(stem)
    if top == EVENTS_DIR and re.fullmatch(d.EVENT_NAME_PATTERN, stem) and "/" not in rest:
        return urls.event(stem)
    if top == INNOVATIONS_DIR:
        try:
            text = (root / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        try:  # the front matter as the reader splits it, even when its YAML is unreadable
            front = split_front_matter(text)
        except UnreadableText:
            return None
        found = _ID_LINE.search(front.yaml_text) if front is not None else None
        return urls.innovation(found.group(1)) if found else None
    if top in (FEATURED_DIR, EVENTS_DIR):
        return None
    return urls.markdown_page(rel)


def _innovation_at(site: Site, address: str) -> bool:
    """Another file's innovation of the same id has its page at address."""
    found = re.fullmatch(rf"{re.escape(urls.INNOVATIONS)}([^/]+)/", address)
    return found is not None and found.group(1).upper() in site.catalog.by_id
