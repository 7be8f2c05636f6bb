"""Readers finding their way (issue 29, item 5): what a shared link shows, share buttons,
the feeds' authors, the back-to-top button, the dark scheme, search on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import ContentTree, image_bytes
from playwright.sync_api import Browser
from sitetools import build_site

from generator.content.model import Catalog

BASE = "https://sangkien.example.vn/"




def share_metadata(html: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" '
                       r'content="([^"]*)"', html)
    return {k: v.replace("&amp;", "&").replace("&#34;", '"') for k, v in found}


def read(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_the_home_page_is_shared_as_the_programme(sample_site: Path,
                                                  sample_catalog: Catalog) -> None:
    meta = share_metadata(read(sample_site, ""))
    name = sample_catalog.program.name
    assert meta["og:title"] == meta["twitter:title"] == name
    assert "Trang chủ" not in (meta["og:title"], meta["twitter:title"])
    assert meta["og:image"] == BASE + "the-chia-se/chuong-trinh.png"
    assert meta["og:image:alt"].startswith(name)


def test_every_picture_shared_has_its_size_and_alt(sample_site: Path) -> None:
    from PIL import Image

    pages = [p for p in sorted(sample_site.rglob("index.html"))
             if 'property="og:image"' in p.read_text(encoding="utf-8")]
    assert len(pages) > 100
    sizes: dict[str, tuple[int, int]] = {}
    for path in pages:
        meta = share_metadata(path.read_text(encoding="utf-8"))
        image = meta["og:image"]
        assert image.startswith(BASE), path
        if image not in sizes:
            with Image.open(sample_site / unquote(image[len(BASE):])) as picture:
                sizes[image] = picture.size
        shown = (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert shown == sizes[image], path
        assert shown[0] >= 1200 and shown[1] >= 630, path
        assert meta["og:image:alt"].strip() and meta["twitter:image:alt"] == meta["og:image:alt"]


def test_an_innovation_is_shared_with_its_picture_only_when_large_enough(
        tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write("innovations/lon/anh-lon.png", image_bytes((1280, 720)))
    tree.innovation("lon/index", image="anh-lon.png", title="Ảnh đủ lớn")
    tree.write("innovations/nho/anh.png", image_bytes((1200, 600)))  # too low
    tree.innovation("nho/index", id="AAA-2022-0002", image="anh.png", title="Ảnh thấp")
    tree.innovation("khong-anh", id="BBB-2022-0003", unit="BBB", title="Không ảnh")
    site = build_site(tree.root, tmp_path / "out")
    big = share_metadata(read(site, "sang-kien/aaa-2022-0001"))
    assert big["og:image"] == BASE + "sang-kien/aaa-2022-0001/anh-lon.png"
    assert (big["og:image:width"], big["og:image:height"]) == ("1280", "720")
    assert big["og:image:alt"] == "Hình minh họa: Ảnh đủ lớn"
    assert (site / "sang-kien/aaa-2022-0001/anh-lon.png").is_file()
    low = share_metadata(read(site, "sang-kien/aaa-2022-0002"))
    assert low["og:image"] == BASE + "the-chia-se/aaa.png"
    assert (low["og:image:width"], low["og:image:height"]) == ("1200", "630")
    assert low["og:image:alt"].startswith("Công đoàn Đơn vị A.")
    none = share_metadata(read(site, "sang-kien/bbb-2022-0003"))
    assert none["og:image"] == BASE + "the-chia-se/bbb.png"
    assert none["og:image:alt"].startswith("Công đoàn Đơn vị B.")


def test_an_innovation_page_has_plain_share_links(sample_site: Path,
                                                  sample_catalog: Catalog) -> None:
    inn = sample_catalog.published[0]
    html = read(sample_site, f"sang-kien/{inn.slug}")
    address = f"{BASE}sang-kien/{inn.slug}/"
    links = dict(re.findall(r'<a class="md-button" href="([^"]+)"[^>]*>([^<]+)</a>', html))
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    zalo, facebook = urlsplit(by_name["Zalo"]), urlsplit(by_name["Facebook"])
    assert (zalo.scheme, zalo.netloc, zalo.path) == ("https", "sp.zalo.me", "/share_inline")
    assert (facebook.netloc, facebook.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(zalo.query) == {"url": [address]}
    assert parse_qs(facebook.query) == {"u": [address]}
    # Percent-encoded whole: nothing of the address is read as the sharer's own query.
    assert "url=https%3A%2F%2F" in zalo.query and "u=https%3A%2F%2F" in facebook.query
    assert f'data-sk-copy="{address}"' in html and "Sao chép địa chỉ" in html
    # No sharer's script: only the site's own files are loaded.
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
        assert not urlsplit(src).netloc, src


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


def test_atom_feeds_carry_authors(sample_site: Path, sample_catalog: Catalog) -> None:
    import feedparser

    organization = sample_catalog.program.organization
    news = feedparser.parse((sample_site / "sang-kien/feed.xml").read_bytes())
    assert not news.bozo and news.feed.author_detail.name == organization
    newest = sample_catalog.published[:50]
    assert [[a.name for a in e.authors] for e in news.entries] == [
        [a.name for a in i.authors] for i in newest]
    assert any(len(i.authors) > 1 for i in newest)  # every author, not the first one only
    for feed in ("tieu-bieu/feed.xml", "giai-thuong/feed.xml"):
        parsed = feedparser.parse((sample_site / feed).read_bytes())
        assert not parsed.bozo and parsed.entries, feed
        assert parsed.feed.author_detail.name == organization
        assert {tuple(a.name for a in e.authors) for e in parsed.entries} == {(organization,)}
    # As RFC 4287 reads it, without feedparser's leniency.
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring((sample_site / "sang-kien/feed.xml").read_bytes())
    for entry in root.iter(f"{atom}entry"):
        names = [a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")]
        assert names and all(n and n.strip() for n in names)


def test_the_back_to_top_button_says_what_it_does(sample_site: Path) -> None:
    for address in ("", "sang-kien", "thong-ke", "gioi-thieu"):
        html = read(sample_site, address)
        button = re.search(r'<button[^>]*class="md-top md-icon"[^>]*>(.*?)</button>', html,
                           re.DOTALL)
        assert button, address
        assert 'aria-label="Lên đầu trang"' in button[0] and 'title="Lên đầu trang"' in button[0]
        assert re.sub(r"<svg.*?</svg>", "", button[1], flags=re.DOTALL).strip() == "Lên đầu trang"
        assert "Trở lại mục lục" not in html


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
