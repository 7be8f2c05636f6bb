"""Readers finding their way: what a shared link shows, share buttons,
the feeds' authors, the back-to-top button, the dark scheme, search on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from conftest import ContentTree, image_bytes
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


