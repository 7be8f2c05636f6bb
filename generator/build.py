"""One entry point for `validate` and the build: load, check, plan, check URLs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .loader import FEATURED_DIR, INNOVATIONS_DIR, display_path, iter_markdown, load_content
from .problems import Problem
from .site_plan import Site, build_site

HOME = "index.md"


def page_url(src_uri: str) -> str:
    """The URL an ordinary Markdown page gets with directory URLs."""
    stem = src_uri.removesuffix(".md")
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{stem}/"


def ordinary_pages(root: Path) -> list[str]:
    pages = []
    for path in iter_markdown(root, skip=(INNOVATIONS_DIR, FEATURED_DIR)):
        pages.append(path.relative_to(root).as_posix())
    return pages


@dataclass(frozen=True)
class CheckedSite:
    site: Site | None
    problems: list[Problem]
    seconds: dict[str, float] = field(default_factory=dict)
    """Time taken by each stage: load (read and check) and plan (derive)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check_site(root: Path, workers: int = 1) -> CheckedSite:
    started = time.perf_counter()
    result = load_content(root, workers)
    loaded = time.perf_counter()
    if result.catalog is None:
        return CheckedSite(None, result.problems, {"load": loaded - started})
    site = build_site(result.catalog)
    seconds = {"load": loaded - started, "plan": time.perf_counter() - loaded}
    problems = list(result.problems)
    generated = {page.url: page for page in site.pages}
    for rel in ordinary_pages(root):
        if rel == HOME:
            continue  # the home page's text is the editors'; the counters are added around it
        planned = generated.get(page_url(rel))
        if planned is not None:
            problems.append(Problem(
                display_path(root / rel), 1, 1, "(tệp)",
                f"trang này có địa chỉ /{page_url(rel)} trùng với trang tự sinh "
                f"“{planned.title}”",
                "đổi tên tệp hoặc chuyển vào thư mục khác",
            ))
    if any(p.severity == "error" for p in problems):
        return CheckedSite(None, sorted(problems), seconds)
    return CheckedSite(site, sorted(problems), seconds)
