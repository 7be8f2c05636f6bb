"""Reading a built site the way a reader's browser would: pages, links, counters."""

from __future__ import annotations

import contextlib
import posixpath
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, sync_playwright

from devtools.buildconfig import derived_config, mkdocs_build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (its own browser builds cannot be downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium không có: cài bằng `apt-get install chromium` "
                    "(lệnh kiểm thử trong README tự cài)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def site_files(site: Path) -> list[Path]:
    """Every file of a built site, by its path in the site, sorted."""
    return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())


def differing_files(first: Path, second: Path) -> list[str]:
    """Files that one site has and the other lacks, then those both have with other bytes."""
    one, two = set(site_files(first)), set(site_files(second))
    return [*sorted(str(p) for p in one ^ two),
            *(str(p) for p in sorted(one & two)
              if (first / p).read_bytes() != (second / p).read_bytes())]


def build_site(content: Path, folder: Path, **plugin_options: Any) -> Path:
    """Build content with the project's settings into folder/site; fails the test if it fails."""
    folder.mkdir(parents=True, exist_ok=True)
    overrides = {"plugins": [{"sang-kien": plugin_options}]} if plugin_options else {}
    config = derived_config(content, folder / "site", folder / "mkdocs.yml", **overrides)
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.counters: dict[str, tuple[float, float]] = {}
        self._counter: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            value = values.get(name)
            if value and tag in ("a", "link", "script", "img"):
                self.links.append(value)
        if "data-counter" in values:
            self._counter = values["data-counter"]
        if "data-count" in values and self._counter:
            self.counters[self._counter] = (float(values["data-count"] or 0),
                                            float(values["data-target"] or 0))
            self._counter = None


def read_page(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def page_path(site: Path, url: str) -> Path:
    """The file a URL path of the site is served from."""
    rel = url.lstrip("/")
    target = site / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


def broken_links(site: Path) -> list[str]:
    broken = []
    for html in sorted(site.rglob("*.html")):
        page_url = "/" + html.relative_to(site).as_posix()
        for link in read_page(html).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            if not parts.path:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url),
                                                         unquote(parts.path)))
            if parts.path.endswith("/"):
                resolved += "/"
            target = page_path(site, resolved)
            if not target.exists():
                broken.append(f"{page_url} -> {link}")
    return broken
