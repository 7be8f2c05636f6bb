"""WCAG 2.1 A/AA on every kind of page, at a desktop's and a phone's width, checked by axe-core
(npm `axe-core`, installed by scripts/setup) in Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, SAMPLE
from playwright.sync_api import Browser
from sitetools import build_site

pytestmark = pytest.mark.browser

AXE = PROJECT / "node_modules/axe-core/axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = build_site(SAMPLE, tmp_path_factory.mktemp("a11y"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()




def _one_of(site: Path, folder: str) -> str:
    """The address of the first page under folder (names differ with the content)."""
    first = sorted(p for p in (site / folder).iterdir() if (p / "index.html").is_file())[0]
    return f"{folder}/{first.name}/"


def test_every_page_kind_passes_axe_at_both_widths_in_both_schemes(served: tuple[Path, str],
                                                   browser: Browser) -> None:
    assert AXE.is_file(), "axe-core missing: run bash scripts/setup (npm ci)"
    site, base = served
    addresses = ["", "sang-kien/", _one_of(site, "sang-kien"), "don-vi/", _one_of(site, "don-vi"),
                 "loai/", "chu-de/", "giai-thuong/", _one_of(site, "giai-thuong"), "tieu-bieu/",
                 _one_of(site, "tieu-bieu"), "thong-ke/", "tim-kiem/", "vinh-danh/",
                 _one_of(site, "vinh-danh"), "su-kien/", _one_of(site, "su-kien"), "to-tu-van/",
                 "bao-cao/", _one_of(site, "bao-cao/evnnpc"), _one_of(site, "bao-cao/tong-hop"),
                 "giai-doan/1/", "gioi-thieu/", "404.html",
                 # v3: the impact, a unit with units below it, an innovation replicated
                 "hieu-qua/", "don-vi/evnnpc/", "sang-kien/evnnpc-2021-0054/"]
    source = AXE.read_text(encoding="utf-8")
    failures = []
    for scheme, width in itertools.product(("light", "dark"), (1280, 360)):
        # The reader's setting chooses the scheme (mkdocs.yml's palette): Material's slate.
        page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
        for address in addresses:
            page.goto(base + address)
            shown = page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == ("slate" if scheme == "dark" else "default"), (scheme, address)
            page.evaluate(source)  # through the DevTools protocol: the page's policy allows it
            violations = page.evaluate(
                "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
                ".violations.map(v => v.id + ': ' + v.nodes.length + ' × ' + v.nodes[0].target)",
                RULES)
            failures.extend(f"{scheme} {width}px /{address} {v}" for v in violations)
        page.close()
    assert failures == []
