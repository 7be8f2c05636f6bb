"""What readers do in Chromium on the sample site: copy a link, go back to the top, fold the
search filters on a phone, switch the colour scheme."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from generator.content.model import Catalog

BASE = "https://sangkien.example.vn/"
LOCAL = {"127.0.0.1", "localhost"}


@pytest.mark.browser
def test_the_copy_button_copies_the_address(sample_url: str, browser: Browser,
                                            sample_catalog: Catalog) -> None:
    inn = sample_catalog.published[0]
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    requests: list[str] = []
    context.route("**/*", lambda route: route.continue_()
                  if urlsplit(route.request.url).hostname in LOCAL else route.abort())
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(sample_url + f"sang-kien/{inn.slug}/", wait_until="networkidle")
    button = page.get_by_role("button", name="Sao chép địa chỉ")
    assert button.is_visible()
    button.click()
    status = page.locator(".sk-share__status")
    status.filter(has_text="Đã sao chép").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{BASE}sang-kien/{inn.slug}/"
    assert [u for u in requests if urlsplit(u).hostname not in LOCAL] == []
    assert errors == []
    context.close()


@pytest.mark.browser
def test_the_back_to_top_button_is_named_in_the_browser(sample_url: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page.goto(sample_url + "sang-kien/", wait_until="networkidle")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)  # Material shows it while scrolling up
    button = page.get_by_role("button", name="Lên đầu trang")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("() => window.scrollY === 0")
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_search_filters_fold_away_on_a_phone(sample_url: str, browser: Browser, width: int) -> None:
    height = 740 if width == 360 else 900
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    page.goto(sample_url + "tim-kiem/?q=duong+day&don-vi=EVNNPT", wait_until="networkidle")
    page.wait_for_function(
        "() => /kết quả|Không tìm thấy/.test(document.getElementById('sk-status').textContent)")
    folder = page.locator("details.sk-search__filters")
    unit = page.locator('select[data-filter="unit"]')
    first = page.locator(".sk-result").first
    box = first.bounding_box()
    assert box is not None
    summary = page.locator("details.sk-search__filters > summary")
    if width == 360:
        assert not folder.evaluate("d => d.open") and not unit.is_visible()
        # The first result, title and all, is on the first screen.
        title = page.locator(".sk-result__title").first.bounding_box()
        assert title is not None and title["y"] + title["height"] <= height, title
        assert "1 đang chọn" in summary.inner_text()  # the chosen unit is not forgotten
        summary.click()
        assert unit.is_visible() and unit.input_value() == "EVNNPT"
    else:
        assert folder.evaluate("d => d.open") and unit.is_visible()
        assert box["y"] < height
    page.close()


@pytest.mark.browser
def test_the_dark_scheme_follows_the_reader_and_the_toggle_switches(sample_url: str,
                                                                    browser: Browser) -> None:
    scheme = "document.body.dataset.mdColorScheme"
    for setting, shown, offered in (("light", "default", "Chuyển sang nền tối"),
                                    ("dark", "slate", "Chuyển sang nền sáng")):
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      color_scheme=setting)
        page = context.new_page()
        page.goto(sample_url, wait_until="networkidle")
        assert page.evaluate(scheme) == shown
        toggle = page.locator(f'label.md-header__button[title="{offered}"]')
        assert toggle.is_visible()
        toggle.click()
        other = "slate" if shown == "default" else "default"
        page.wait_for_function(f"() => {scheme} === '{other}'")
        # The reader's choice holds on the next page.
        page.goto(sample_url + "sang-kien/", wait_until="networkidle")
        assert page.evaluate(scheme) == other
        context.close()
