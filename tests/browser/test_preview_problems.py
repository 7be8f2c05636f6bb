"""A preview that tells and stays up: a file with errors leaves out its own page, which says
what is wrong in Vietnamese (fields as the web editor's form labels them); the rest of the
site is served with a banner saying what is missing, and comes back whole by itself once the
file is fixed. Only problems no file can be left out for answer every address. A build still
fails, listing every problem."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ContentTree, innovation_text
from playwright.sync_api import Browser, Page, expect
from serving import interruptible

from devtools.buildconfig import derived_config, mkdocs_build

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SK_PREVIEW_SHOTS", "")
"""A folder to save pictures of the banner and of a left-out file's page in, if set."""

PICKS = """---
month: 2022-03
title: Sáng kiến tiêu biểu tháng 3/2022
picks:
  - id: AAA-2022-0001
    headline: Đo nhiệt độ không cắt điện
  - id: AAA-2022-0003
    headline: Sáng kiến có lỗi
---

Hai sáng kiến của tháng.
"""


def _bad_tree(tree: ContentTree) -> tuple[Path, Path]:
    """Two good innovations, one with two errors, and a month's picks naming it."""
    tree.innovation("a", title="Thiết bị đo nhiệt độ")
    tree.innovation("b", id="AAA-2022-0002", title="Đường dây thứ hai")
    bad = tree.innovation("c", id="AAA-2022-0003", title="Sáng kiến thứ ba",
                          registered="15/03/2022", summary='"Tóm tắt\\x1b"')
    picks = tree.write("featured/2022-03.md", PICKS)
    return bad, picks


@contextmanager
def _serving(tree: ContentTree, tmp_path: Path) -> Iterator[str]:
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=interruptible)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, 2)
        server.wait(timeout=30)


def _open(page: Page, address: str) -> None:
    for _ in range(600):  # the server starts: until it answers
        try:
            page.goto(address, timeout=2000)
            return
        except Exception:
            page.wait_for_timeout(100)
    page.goto(address)


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_preview_leaves_out_the_wrong_file_serves_the_rest_then_recovers(
        tree: ContentTree, tmp_path: Path, browser: Browser) -> None:
    bad, picks = _bad_tree(tree)
    # Unreadable: no address of its own, the home page shows its problem.
    unreadable = tree.write("innovations/d.md", "---\ntitle: [Sáng kiến không đóng\n---\n")
    tree.write("gioi-thieu.md", "# Giới thiệu\n\nXem [sáng kiến thứ ba](innovations/c.md).\n")
    written = {path: path.read_bytes() for path in (bad, picks, unreadable)}
    requests: list[str] = []
    with _serving(tree, tmp_path) as base:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        # A good innovation's page is served as ever, with a banner saying what is missing.
        _open(page, base + "sang-kien/aaa-2022-0001/")
        expect(page.locator("h1").first).to_contain_text("Thiết bị đo nhiệt độ", timeout=30000)
        banner = page.locator("[data-sk-gaps]")
        expect(banner).to_contain_text("3 tệp đang có lỗi")
        assert page.locator("[data-sk-problems]").count() == 0
        _shoot(page, "banner")
        # So are the home page and the other innovation.
        page.goto(base)
        expect(page.locator("[data-sk-gaps]")).to_contain_text("3 tệp đang có lỗi")
        home_box = page.locator('.sk-gaps-here [data-sk-left-out="innovations/d.md"]')
        expect(home_box).to_contain_text("Sáng kiến – tệp innovations/d.md: YAML không đọc được")
        _shoot(page, "home")
        # A link to the wrong file leads to its page.
        page.goto(base + "gioi-thieu/")
        page.get_by_role("link", name="sáng kiến thứ ba").click()
        expect(page.locator('[data-sk-left-out="innovations/c.md"]')).to_be_visible()
        page.goto(base + "sang-kien/aaa-2022-0002/")
        expect(page.locator("h1").first).to_contain_text("Đường dây thứ hai")

        # The wrong file's address says what is wrong, fields named as the form names them.
        page.goto(base + "sang-kien/aaa-2022-0003/")
        box = page.locator('[data-sk-left-out="innovations/c.md"]')
        expect(box).to_be_visible()
        text = box.inner_text()
        assert ("Sáng kiến – tệp innovations/c.md, ô “Ngày đăng ký”: `15/03/2022` "
                "không phải ngày") in text
        assert "ô “Tóm tắt”: có ký tự điều khiển U+001B" in text
        assert "innovations/c.md:8:13: registered" in text
        expect(page.locator("h1").first).to_have_text(
            "Trang này chưa hiện được: tệp của nó đang có lỗi")
        _shoot(page, "left-out")

        # The month that picks it is left out too, and says which file it waits for.
        page.goto(base + "tieu-bieu/2022-03/")
        box = page.locator('[data-sk-left-out="featured/2022-03.md"]')
        expect(box).to_contain_text("Tệp này nhắc đến innovations/c.md, tệp đang có lỗi")
        expect(box).to_contain_text("không có sáng kiến mã `AAA-2022-0003`")

        # The banner's link: every problem at once.
        page.goto(base + "sang-kien/aaa-2022-0001/")
        page.locator("[data-sk-gaps] a").click()
        expect(page.locator("h1").first).to_have_text(
            "3 tệp đang có lỗi nên chưa hiện trên trang")
        listed = page.locator("[data-sk-problems]")
        expect(listed).to_have_attribute("data-sk-problems", "4")
        text = listed.inner_text()
        assert "ô “Ngày đăng ký”" in text and "ô “Tóm tắt”" in text
        assert "featured/2022-03.md:7:5" in text and "innovations/d.md:3:1: (yaml)" in text
        _shoot(page, "problems")
        assert {path: path.read_bytes() for path in written} == written  # nothing rewritten

        # Fixed: the page the editor looks at shows the innovation, by itself; no banner.
        page.goto(base + "sang-kien/aaa-2022-0003/")
        bad.write_text(innovation_text(id="AAA-2022-0003", title="Sáng kiến thứ ba"),
                       encoding="utf-8")
        expect(page.locator("h1").first).to_contain_text("Sáng kiến thứ ba", timeout=30000)
        expect(page.locator("[data-sk-gaps]")).to_contain_text("1 tệp đang có lỗi")
        unreadable.unlink()
        page.reload()
        expect(page.locator("[data-sk-gaps]")).to_have_count(0, timeout=30000)
        page.goto(base + "tieu-bieu/2022-03/")
        expect(page.locator("main")).to_contain_text("Sáng kiến có lỗi")
        expect(page.locator("[data-sk-gaps]")).to_have_count(0)
        page.close()
    assert requests and all(url.startswith(base) for url in requests)


def test_preview_lists_the_problems_on_every_address_when_no_file_can_be_left_out(
        tree: ContentTree, tmp_path: Path, browser: Browser) -> None:
    tree.innovation("a", title="Thiết bị đo nhiệt độ")
    units = tree.root / "units.yml"
    good_units = units.read_text(encoding="utf-8")
    units.write_text(good_units.replace("members: 40", "members: bốn mươi"), encoding="utf-8")
    with _serving(tree, tmp_path) as base:
        page = browser.new_page()
        for address in ("", "sang-kien/aaa-2022-0001/", "khong-co/trang/nay/"):
            _open(page, base + address)
            problems = page.locator("[data-sk-problems]")
            expect(problems).to_be_visible(timeout=30000)
            expect(problems).to_contain_text("chưa dựng được trang")
            expect(problems).to_contain_text("units.yml")
        # Fixed: the page the editor looks at shows the site again, by itself.
        units.write_text(good_units, encoding="utf-8")
        expect(page.locator("h1")).to_have_text("404 – Không tìm thấy trang", timeout=30000)
        page.goto(base + "sang-kien/aaa-2022-0001/")
        expect(page.locator("h1").first).to_contain_text("Thiết bị đo nhiệt độ")
        page.close()


def test_a_build_still_fails_listing_every_problem(tree: ContentTree, tmp_path: Path) -> None:
    _bad_tree(tree)
    site = tmp_path / "site"
    result = mkdocs_build(derived_config(tree.root, site, tmp_path / "mkdocs.yml"))
    assert result.returncode != 0
    assert "Nội dung có 3 lỗi, chưa dựng được trang" in result.stderr
    for place in ("innovations/c.md:8:13: registered", "innovations/c.md:9:10: summary",
                  "featured/2022-03.md:7:5: picks[2].id"):
        assert place in result.stderr
    assert not (site / "sang-kien" / "aaa-2022-0001" / "index.html").exists()
