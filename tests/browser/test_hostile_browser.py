"""A hostile editor's site opened in Chromium, every kind of page: nothing may run, nothing
may navigate, nothing may be fetched from elsewhere (the content: tests/hostile_content.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser
from serving import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve_folder(hostile_site) as address:
        yield address


INJECTED = """[...document.querySelectorAll("meta[http-equiv=refresh], img[onerror], script")]
  .filter((e) => !e.matches("script") || (e.textContent.includes("skPwned")
                                           && e.type !== "application/ld+json"))
  .map((e) => e.outerHTML)"""


def test_nothing_runs_and_nothing_navigates_on_any_page(browser: Browser, hostile_site: Path,
                                                         hostile_url: str) -> None:
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
                   if not p.relative_to(hostile_site).as_posix().startswith("bien-tap/"))
    assert "trang-moi/index.html" in pages and "gioi-thieu/index.html" in pages
    assert 'href="../gioi-thieu/"' in (hostile_site / "trang-moi/index.html").read_text("utf-8")
    context = browser.new_context()
    outside: list[str] = []

    def route(r: object) -> None:
        request = r.request  # type: ignore[attr-defined]
        if urlsplit(request.url).hostname != "127.0.0.1":
            outside.append(request.url)
            r.abort()  # type: ignore[attr-defined]
        else:
            r.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen_payload = 0
    try:
        for rel in pages:
            url = hostile_url + rel
            page.goto(url, wait_until="load")
            page.wait_for_timeout(60)  # a refresh of 0 s would have left by now
            assert page.url == url, f"{rel} navigated to {page.url}"
            assert page.evaluate("window.skPwned") is None, rel
            # Nothing of the payloads became an element, whatever the policy would refuse.
            assert page.evaluate(INJECTED) == [], rel
            text = page.evaluate("document.documentElement.innerText")
            seen_payload += "window.skPwned" in text
    finally:
        context.close()
    assert dialogs == [] and outside == []
    assert seen_payload >= 10  # the payloads are shown, as text, on the pages that hold them
