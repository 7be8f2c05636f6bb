"""A preview that tells: content with errors answers every address with its problems at once,
in Vietnamese, and the site comes back by itself as soon as they are fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ContentTree
from playwright.sync_api import Browser, expect
from serving import interruptible

from devtools.buildconfig import derived_config

pytestmark = pytest.mark.browser



def test_preview_lists_the_problems_on_every_address_then_recovers(
        tree: ContentTree, tmp_path: Path, browser: Browser) -> None:
    good = tree.innovation("a", title="Thiết bị đo nhiệt độ")
    tree.innovation("b", id="AAA-2022-0002", title="Đường dây thứ hai")
    bad = tree.innovation("c", id="AAA-2022-0003", registered="15/03/2022",
                          summary='"Tóm tắt\\x1b"')
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=interruptible)
    base = f"http://127.0.0.1:{port}/"
    requests: list[str] = []
    try:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        for address in ("", "sang-kien/aaa-2022-0001/", "khong-co/trang/nay/"):
            for _ in range(600):  # the server starts: until it answers
                try:
                    page.goto(base + address, timeout=2000)
                    break
                except Exception:
                    page.wait_for_timeout(100)
            problems = page.locator("[data-sk-problems]")
            expect(problems).to_be_visible(timeout=30000)
            text = problems.inner_text()
            assert "Nội dung có 2 lỗi, chưa dựng được trang" in text
            # Named as the web editor's form names them, the file's place after.
            assert ("Sáng kiến – tệp innovations/c.md, ô “Ngày đăng ký”: `15/03/2022` "
                    "không phải ngày") in text
            assert "innovations/c.md:8:13: registered" in text
            assert "ô “Tóm tắt”: có ký tự điều khiển U+001B" in text
        # Fixed: the page the editor looks at shows the site again, by itself.
        bad.unlink()
        expect(page.locator("h1")).to_have_text("404 – Không tìm thấy trang", timeout=30000)
        page.goto(base + "sang-kien/aaa-2022-0001/")
        expect(page.locator("h1")).to_contain_text("Thiết bị đo nhiệt độ")
        assert good.exists()
        page.close()
    finally:
        os.killpg(server.pid, 2)
        server.wait(timeout=30)
    assert requests and all(url.startswith(base) for url in requests)
