"""`mkdocs serve` as an editor uses it: edit an innovation, the new page is served."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ContentTree

from generator.buildconfig import derived_config


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if needle in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} not served at {url}")


def test_serve_shows_an_edit_and_keeps_search(tree: ContentTree, tmp_path: Path) -> None:
    source = tree.innovation("a", title="Tên ban đầu")
    tree.innovation("b", id="AAA-2022-0002", title="Đường dây thứ hai")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait(base + "sang-kien/aaa-2022-0001/", "Tên ban đầu")
        _wait(base + "pagefind/shards.json", "merge")  # the index follows the first build
        time.sleep(1)
        source.write_text(source.read_text(encoding="utf-8").replace("Tên ban đầu",
                                                                      "Tên đã sửa"),
                          encoding="utf-8")
        page = _wait(base + "sang-kien/aaa-2022-0001/", "Tên đã sửa")
        assert "Tên ban đầu" not in page
        _wait(base + "sang-kien/", "Tên đã sửa")  # listings follow too
        # The index of the last build is served at once; the new one replaces it.
        _wait(base + "pagefind/shards.json", "merge")
        _wait(base + "data/innovations.json", "Tên đã sửa")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
