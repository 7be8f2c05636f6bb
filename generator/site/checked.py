"""One entry point for `validate` and the build: load, check, plan, check URLs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.inventory import Inventory
from generator.content.load_result import InnovationCache
from generator.content.loader import load_content
from generator.content.problems import Problem, display_path
from generator.infra.build_cache import BuildCache

from . import urls
from .body_links import NO_LINKS, BodyLinks
from .site_plan import Site, plan_site

HOME = urls.source_of(urls.HOME)


page_url = urls.markdown_page
"""The URL an ordinary Markdown page gets with directory URLs."""


@dataclass(frozen=True)
class CheckedSite:
    site: Site | None
    problems: list[Problem]
    inventory: Inventory
    seconds: dict[str, float] = field(default_factory=dict)
    """Time taken by each stage: load (read and check) and plan (derive)."""
    origins: dict[str, bytes] = field(default_factory=dict)
    """What each innovation was made from, by id (load_result.LoadResult.origins)."""
    links: BodyLinks = NO_LINKS
    """Bodies' links to pages' files, and the addresses they resolve to."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_and_plan(root: Path, workers: int = 1, cache: InnovationCache | None = None,
                  build_cache: BuildCache | None = None, keep_bodies: bool = True,
                  body_budget: int = 0, leave_out: frozenset[str] = frozenset()) -> CheckedSite:
    """Load and check content/ (but the files of leave_out, paths under it), then plan the
    site when nothing is wrong."""
    started = time.perf_counter()
    result = load_content(root, workers, cache, build_cache, keep_bodies, body_budget,
                          leave_out)
    loaded = time.perf_counter()
    inventory = result.inventory
    problems = sorted([*result.problems, *_taken_addresses(root, inventory)])
    if result.catalog is None or any(p.severity == "error" for p in problems):
        return CheckedSite(None, problems, inventory, {"load": loaded - started})
    site = plan_site(result.catalog, build_cache, workers)
    seconds = {"load": loaded - started, "plan": time.perf_counter() - loaded}
    links = BodyLinks.of(result.catalog, (p.relative_to(root).as_posix() for p in inventory.pages),
                         result.links)
    return CheckedSite(site, problems, inventory, seconds, result.origins, links)


def _taken_addresses(root: Path, inventory: Inventory) -> list[Problem]:
    """Pages and files of content/ that would land where the site writes something itself."""
    problems = []
    for path in (*inventory.pages, *inventory.assets):
        rel = path.relative_to(root).as_posix()
        if rel == HOME:
            continue  # the home page's text is the editors'; the counters are added around it
        address = page_url(rel) if path.suffix == ".md" else rel
        top = address.split("/", 1)[0]
        if top in urls.RESERVED_FOLDERS or address in urls.RESERVED_FILES:
            problems.append(Problem(
                display_path(path), 1, 1, "(tệp)",
                f"địa chỉ /{address} nằm trong phần trang web tự sinh (/{top}/)",
                "đổi tên tệp hoặc chuyển vào thư mục khác"))
    return problems
