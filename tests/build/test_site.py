"""Build real sites with `mkdocs build --strict` and read what readers get."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import PROJECT, SAMPLE, ContentTree, innovation_text
from sitetools import broken_links, build_site, differing_files, page_path, read_page

from devtools.buildconfig import derived_config, mkdocs_build
from generator.content.model import Catalog
from generator.site.counting import compute_stats
from generator.site.exports import safe_cell
from generator.site.vietnamese import name_key


def test_project_config_builds_strict(tmp_path: Path) -> None:
    """The README's build: the project's own mkdocs.yml, as it is."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s")],
        cwd=PROJECT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s/index.html").is_file()


def test_every_url_of_the_contract_exists(sample_site: Path, sample_catalog: Catalog) -> None:
    urls = ["/", "/sang-kien/", "/giai-thuong/", "/tieu-bieu/", "/thong-ke/",
            "/data/stats.json", "/data/innovations.json", "/data/innovations.csv"]
    urls += [f"/sang-kien/{i.id.lower()}/" for i in sample_catalog.published]
    urls += [f"/don-vi/{u.code.lower()}/" for u in sample_catalog.units]
    urls += [f"/tieu-bieu/{m.month}/" for m in sample_catalog.months]
    missing = [u for u in urls if not page_path(sample_site, u).is_file()]
    assert missing == []


def test_no_draft_is_published(sample_site: Path, sample_catalog: Catalog) -> None:
    drafts = [i for i in sample_catalog.innovations if i.draft]
    assert drafts, "the sample content must have drafts"
    published = json.loads((sample_site / "data/innovations.json").read_text(encoding="utf-8"))
    published_ids = {r["id"] for r in published}
    everything = "\n".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("*.html"))
    for draft in drafts:
        assert not (sample_site / "sang-kien" / draft.slug).exists()
        assert draft.id not in published_ids
        assert draft.id.lower() not in everything
    assert len(published) == len(sample_catalog.published)


def test_all_links_resolve(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_no_stand_in_is_left_in_a_page(sample_site: Path) -> None:
    # Cards are made once with NUL-led stand-ins for their root and level (RenderedOnce).
    pages = sorted(sample_site.rglob("*.html"))
    assert pages and not [p for p in pages if b"\x00" in p.read_bytes()]


def test_home_counters_show_the_stats(sample_site: Path, sample_catalog: Catalog) -> None:
    stats = compute_stats(sample_catalog)
    published = json.loads((sample_site / "data/stats.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(stats.to_json()))
    counters = read_page(sample_site / "index.html").counters
    assert counters["total"] == (stats.total, stats.target)
    for phase in stats.phases:
        assert counters[f"phase-{phase.id}"] == (phase.count, phase.target)
    for key, (count, target) in stats.awards.items():
        assert counters[f"award-{key}"] == (count, target)
    assert counters["participation"][0] == pytest.approx(stats.participation)
    assert "rank" in counters
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    assert f"Hạng {stats.rank}/{stats.block_size}" in html
    assert "10.000" in html  # the total target, in Vietnamese digits grouping


def test_innovation_page_shows_every_field(sample_site: Path, sample_catalog: Catalog) -> None:
    inn = next(i for i in sample_catalog.published
               if i.awards and i.benefit and i.benefit.value_vnd and i.tags and i.applied)
    html = page_path(sample_site, f"/sang-kien/{inn.slug}/").read_text(encoding="utf-8")
    assert inn.id in html
    assert f"{inn.registered:%d/%m/%Y}" in html
    assert f"{inn.applied:%d/%m/%Y}" in html
    assert re.search(r"(tỷ|triệu) đồng", html)
    for award in inn.awards:
        assert f"{award.date:%d/%m/%Y}" in html
        if award.decision:
            assert award.decision in html
    unit = sample_catalog.unit_by_code[inn.unit]
    assert f'href="../../don-vi/{unit.slug}/"' in html
    assert f'href="../../loai/{inn.category}/"' in html
    assert "chu-de/" in html
    for author in inn.authors:
        assert author.name in html


def test_innovation_pages_stay_out_of_the_nav(sample_site: Path,
                                              sample_catalog: Catalog) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary'):]
    nav = nav[:nav.index("</nav>")]
    assert "sang-kien/" in nav  # the listing is in the nav...
    assert not any(f"sang-kien/{i.slug}/" in nav for i in sample_catalog.published)


def test_listing_is_newest_first_and_paginated(sample_site: Path,
                                               sample_catalog: Catalog) -> None:
    first = read_page(sample_site / "sang-kien/index.html").links
    targets = [urljoin("https://site.test/sang-kien/", link) for link in first]
    ids = [match[1] for target in targets
           if (match := re.fullmatch(r"https://site\.test/sang-kien/([a-z0-9-]+)/", target))]
    expected = [i.slug for i in sample_catalog.published[:20]]
    assert [i for i in dict.fromkeys(ids) if i in expected] == expected
    assert (sample_site / "sang-kien/trang/2/index.html").is_file()


def test_csv_opens_in_excel(sample_site: Path, sample_catalog: Catalog) -> None:
    data = (sample_site / "data/innovations.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã" and len(rows) == len(sample_catalog.published) + 1


def test_honour_roll_in_vietnamese_order_by_letter(sample_site: Path) -> None:
    from generator.site.vietnamese import initial, letter_slug

    index = (sample_site / "vinh-danh/index.html").read_text(encoding="utf-8")
    slugs = re.findall(r'<li><a href="([a-z]+)/"', index)
    assert len(slugs) >= 3
    names: list[str] = []
    for slug in slugs:  # the letters in Vietnamese order, each page in order, nobody twice
        html = (sample_site / "vinh-danh" / slug / "index.html").read_text(encoding="utf-8")
        on_page = re.findall(r'<tr><td data-label="Tác giả">([^<]+)</td>', html)
        assert on_page and all(letter_slug(initial(n)) == slug for n in on_page)
        names.extend(on_page)
    assert names == sorted(names, key=name_key)
    assert len(names) == len(set(names))


def test_stats_page_draws_the_chart_at_build_time(sample_site: Path) -> None:
    html = (sample_site / "thong-ke/index.html").read_text(encoding="utf-8")
    assert '<svg class="sk-chart"' in html
    assert "<polyline" in html


def test_known_tree_counters(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    for n, (registered, draft) in enumerate(
            [("2021-09-01", None), ("2022-05-31", None), ("2022-06-01", None),
             ("2023-10-01", None), ("2022-01-01", "true")], start=1):
        tree.innovation(f"i{n}", id=f"AAA-2022-{n:04d}", registered=registered, draft=draft)
    site = build_site(tree.root, tmp_path / "build")
    counters = read_page(site / "index.html").counters
    assert counters["total"] == (3, 100)
    assert counters["phase-1"] == (2, 30)
    assert counters["phase-2"] == (1, 70)
    unit = read_page(site / "don-vi/aaa/index.html").counters
    assert unit["unit-total"] == (3, 30)
    assert not (site / "sang-kien/aaa-2022-0005").exists()
    assert (site / "sang-kien/aaa-2022-0004/index.html").is_file()  # published, not counted


def test_a_title_with_markup_is_shown_as_text(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.innovation("a", title="'<script>alert(1)</script> & \"x\"'",
                    summary="'\"><img src=x onerror=alert(1)>'")
    site = build_site(tree.root, tmp_path / "build")
    for html_file in (site / "sang-kien/aaa-2022-0001/index.html", site / "index.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
    html = (site / "sang-kien/aaa-2022-0001/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


def test_same_content_gives_the_same_bytes(sample_site: Path, tmp_path: Path) -> None:
    second = build_site(SAMPLE, tmp_path / "two")
    assert differing_files(sample_site, second) == []


def test_csv_cells_cannot_run_formulas(tmp_path: Path) -> None:
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("+84 912") == "'+84 912"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Nguyễn Văn An") == "Nguyễn Văn An"
    tree = ContentTree(tmp_path / "content")
    tree.innovation("a", title="'=1+2'", summary="'@cmd|calc'")
    site = build_site(tree.root, tmp_path / "build")
    rows = list(csv.reader(io.StringIO(
        (site / "data/innovations.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[1][1] == "'=1+2"
    assert rows[1][-1] == "'@cmd|calc"
    records = json.loads((site / "data/innovations.json").read_text(encoding="utf-8"))
    assert records[0]["title"] == "=1+2"  # JSON keeps the text exactly; only CSV needs a guard


PNG_1X1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d4944415478da63606060600000000500017aa857500000000049454e"
                        "44ae426082")


def test_only_what_the_checker_accepted_is_published(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    bundle = "innovations/aaa/thiet-bi"
    tree.write(f"{bundle}/index.md", innovation_text(
        "Sơ đồ: ![sơ đồ](so-do.png) và <u>gạch chân</u>.\n", image="anh.png"))
    tree.write(f"{bundle}/anh.png", PNG_1X1)
    tree.write(f"{bundle}/so-do.png", PNG_1X1)
    tree.write("tai-lieu/quyet-dinh.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    tree.write("tai-lieu/index.md", "# Tài liệu\n\n[Quyết định](quyet-dinh.pdf)\n")
    site = build_site(tree.root, tmp_path / "build")
    page = site / "sang-kien/aaa-2022-0001"
    assert (page / "anh.png").read_bytes() == PNG_1X1
    assert (page / "so-do.png").read_bytes() == PNG_1X1  # a body image of the bundle
    assert "<u>gạch chân</u>" in (page / "index.html").read_text(encoding="utf-8")
    assert (site / "tai-lieu/quyet-dinh.pdf").is_file()
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not [p for p in published if p.startswith(("innovations/", "featured/", "events/"))]
    assert "program.yml" not in published and "units.yml" not in published
    assert broken_links(site) == []


def test_a_symlink_or_a_stray_file_fails_the_build_naming_it(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.innovation("a")
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    (tree.root / "mat-khau.md").symlink_to(secret)
    (tree.root / "anh").mkdir()
    (tree.root / "anh/trang.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    result = mkdocs_build(config)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "mat-khau.md:1:1: (tệp): liên kết tượng trưng (symlink)" in output
    assert "anh/trang.html:1:1: (tệp): tệp `trang.html` có đuôi không được phép" in output
    assert not (tmp_path / "site/mat-khau/index.html").exists()


def test_atom_feeds_parse_with_their_entries_and_dates(sample_site: Path,
                                                      sample_catalog: Catalog) -> None:
    import feedparser

    published = sample_catalog.published
    news = feedparser.parse((sample_site / "sang-kien/feed.xml").read_bytes())
    assert not news.bozo and news.feed.language == "vi"
    assert [e.link for e in news.entries] == [
        f"https://sangkien.example.vn/sang-kien/{i.slug}/" for i in published[:50]]
    assert news.entries[0].updated.startswith(published[0].registered.isoformat())
    months = feedparser.parse((sample_site / "tieu-bieu/feed.xml").read_bytes())
    newest_months = reversed(sample_catalog.months)
    assert [e.link for e in months.entries] == [
        f"https://sangkien.example.vn/tieu-bieu/{m.month}/" for m in newest_months]
    awards = feedparser.parse((sample_site / "giai-thuong/feed.xml").read_bytes())
    given = sorted((a.date for i in published for a in i.awards), reverse=True)
    assert [e.updated[:10] for e in awards.entries] == [d.isoformat() for d in given]
    html = (sample_site / "don-vi/index.html").read_text(encoding="utf-8")
    for feed in ("sang-kien/feed.xml", "tieu-bieu/feed.xml", "giai-thuong/feed.xml"):
        assert 'type="application/atom+xml"' in html and feed in html


def _share_metadata(html: str) -> dict[str, str]:
    found = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" '
                            r'content="([^"]*)"', html))
    return {k: v.replace("&amp;", "&") for k, v in found.items()}


def test_every_page_kind_has_share_metadata_with_absolute_urls(sample_site: Path,
                                                              sample_catalog: Catalog) -> None:
    from PIL import Image

    with_image = next(i for i in sample_catalog.published if i.image is not None)
    without = next(i for i in sample_catalog.published if i.image is None)
    month = sample_catalog.months[-1].month
    pages = {
        # The sample's pictures are smaller than 1200×630: their unit's card is shared.
        f"sang-kien/{with_image.slug}/": ("article", f"the-chia-se/{with_image.unit.lower()}.png"),
        f"sang-kien/{without.slug}/": ("article", f"the-chia-se/{without.unit.lower()}.png"),
        f"don-vi/{without.unit.lower()}/": ("website", f"the-chia-se/{without.unit.lower()}.png"),
        f"tieu-bieu/{month}/": ("article", "the-chia-se/chuong-trinh.png"),
        "giai-thuong/bang-ldst/": ("website", "the-chia-se/chuong-trinh.png"),
        "": ("website", "the-chia-se/chuong-trinh.png"),
        "gioi-thieu/": ("website", "the-chia-se/chuong-trinh.png"),
    }
    base = "https://sangkien.example.vn/"
    for address, (kind, image) in pages.items():
        meta = _share_metadata((sample_site / address / "index.html").read_text(encoding="utf-8"))
        assert meta["og:type"] == kind, address
        assert meta["og:locale"] == "vi_VN" and meta["twitter:card"] == "summary_large_image"
        assert meta["og:url"] == base + address, address
        assert meta["og:image"] == base + image, address
        assert meta["og:title"] and meta["og:description"], address
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), address
        assert meta["og:image:alt"], address
        assert (sample_site / image).is_file(), image
    events = sorted(p.parent.name for p in (sample_site / "su-kien").glob("*/index.html"))
    if events:
        meta = _share_metadata((sample_site / "su-kien" / events[0] / "index.html")
                               .read_text(encoding="utf-8"))
        assert meta["og:type"] == "article"
    for card in (sample_site / "the-chia-se").glob("*.png"):
        assert card.stat().st_size <= 100_000, card
        with Image.open(card) as picture:
            assert picture.size == (1200, 630)


def test_share_card_font_has_every_vietnamese_letter() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from generator.site.share import _FONTS

    font = ImageFont.truetype(str(_FONTS / "BeVietnamPro-Bold.ttf"), 40)

    def drawn(text: str) -> bytes:
        picture = Image.new("L", (60, 60))
        ImageDraw.Draw(picture).text((5, 0), text, font=font, fill=255)
        return picture.tobytes()

    missing = drawn("\uffff")
    letters = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstu"
               "ùủũúụưừửữứựvxyỳỷỹýỵ")
    for letter in letters + letters.upper():
        assert drawn(letter) != missing, letter


def test_headings_in_order_and_a_skip_link_on_every_page_kind(sample_site: Path) -> None:
    pages = ["", "sang-kien/", "don-vi/", "don-vi/evnnpc/", "giai-thuong/", "vinh-danh/",
             "thong-ke/", "tieu-bieu/", "su-kien/", "bao-cao/", "to-tu-van/", "tim-kiem/"]
    for address in pages:
        html = (sample_site / address / "index.html").read_text(encoding="utf-8")
        article = html[html.index('<article class="md-content__inner'):]
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", article)]
        assert levels and levels[0] == 1, address
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert jumps == [], address
        assert 'class="md-skip"' in html, address
        assert 'id="sk-noi-dung"' in html, address
