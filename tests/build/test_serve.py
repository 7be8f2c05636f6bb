"""`mkdocs serve` as an editor uses it: edit an innovation, the new page is served."""

from __future__ import annotations

import gzip
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ContentTree
from serving import fetch, free_port, serve, stop, wait_for_text
from sitetools import build_site

from devtools.buildconfig import derived_config


def _indexed_titles(base: str) -> set[str] | None:
    """The titles in the served search index (the partitioned one, the default), read as a
    browser reads them; None while it cannot be read whole (between two indexes)."""
    def fetch(path: str) -> object:
        with urllib.request.urlopen(base + "chi-muc/" + path, timeout=5) as response:
            data = response.read()
        return json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)

    try:
        manifest = fetch("index.json")
        assert isinstance(manifest, dict)
        size = manifest["pageSize"]
        pages = (manifest["documents"] + size - 1) // size
        return {row[1] for page in range(pages)
                for row in fetch(f"d/{page // 1000}/{page}.json.gz")}  # type: ignore[attr-defined]
    except OSError:
        return None


def test_serve_shows_an_edit_and_keeps_search(tree: ContentTree, tmp_path: Path) -> None:
    source = tree.innovation("a", title="Tên ban đầu")
    tree.innovation("b", id="AAA-2022-0002", title="Đường dây thứ hai")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    port = free_port()
    server, log = serve(config, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        log.wait_for("Serving on")  # built, and watching the content
        wait_for_text(base + "sang-kien/aaa-2022-0001/", "Tên ban đầu")
        wait_for_text(base + "chi-muc/index.json", "documents")  # the index follows the first build
        source.write_text(source.read_text(encoding="utf-8").replace("Tên ban đầu",
                                                                      "Tên đã sửa"),
                          encoding="utf-8")
        page = wait_for_text(base + "sang-kien/aaa-2022-0001/", "Tên đã sửa")
        assert "Tên ban đầu" not in page
        # Served pages have the built site's policy: live reload is a script file of the
        # server's (live_reload.py), and no inline script but the theme's may run.
        assert "livereload(" not in page and 'src="/assets/javascripts/sk-xem-truoc.js"' in page
        assert "'unsafe-inline' 'wasm" not in page
        built = build_site(tree.root, tmp_path / "built") / "sang-kien/aaa-2022-0001/index.html"
        assert _policy_of(page) == _policy_of(built.read_text(encoding="utf-8"))
        assert "location.reload" in fetch(base + "assets/javascripts/sk-xem-truoc.js")
        wait_for_text(base + "sang-kien/", "Tên đã sửa")  # listings follow too
        # The index of the last build is served at once; the new one replaces it.
        wait_for_text(base + "chi-muc/index.json", "documents")
        wait_for_text(base + "data/innovations.json", "Tên đã sửa")
        deadline = time.monotonic() + 60
        while "Tên đã sửa" not in (titles := _indexed_titles(base) or set()):
            assert time.monotonic() < deadline, "the edit never reached the search index"
            time.sleep(0.5)
        assert "Tên ban đầu" not in titles
    finally:
        stop(server)


def _policy_of(page: str) -> str:
    start = page.index('http-equiv="Content-Security-Policy" content="')
    return page[start:page.index(">", start)]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def _files(folder: Path) -> set[str]:
    """Every file and folder under folder, hidden ones included; not the search index, nor
    the files the server's background work may be writing at that moment."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if not p.relative_to(folder).parts[0].startswith(("chi-muc", ".chi-muc"))
            and not p.name.endswith(".partial")}


def test_serve_keeps_unchanged_pages_and_removes_what_is_gone(tree: ContentTree,
                                                              tmp_path: Path) -> None:
    """Rebuilds reuse the last build's files; the folder still ends as a clean build's."""
    # Shares no tag, category or unit with the others: not among their related initiatives.
    kept = tree.innovation("a", title="Trang không đổi", unit="BBB", category="quan-ly")
    edited = tree.innovation("b", id="AAA-2022-0002", title="Tên ban đầu")
    gone = tree.innovation("c", id="AAA-2022-0003", title="Sẽ bị xóa", tags="[cap-ngam]")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    server, log = serve(config, port, {"TMPDIR": str(scratch)})
    base = f"http://127.0.0.1:{port}/"
    try:
        log.wait_for("Serving on")
        wait_for_text(base + "sang-kien/aaa-2022-0003/", "Sẽ bị xóa")
        wait_for_text(base + "chi-muc/index.json", "documents")
        (served,) = [p for p in scratch.iterdir() if p.name.startswith("mkdocs_")]
        unchanged = served / "sang-kien" / "aaa-2022-0001" / "index.html"
        before = unchanged.stat()
        edited.write_text(edited.read_text(encoding="utf-8").replace("Tên ban đầu",
                                                                      "Tên đã sửa"),
                          encoding="utf-8")
        wait_for_text(base + "sang-kien/aaa-2022-0002/", "Tên đã sửa")
        wait_for_text(base + "sang-kien/", "Tên đã sửa")
        after = unchanged.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert not (served / ".sk-kept").exists()
        log.wait_for("Reloading browsers")  # the rebuild after the edit is done
        gone.unlink()  # and with it the only page of its tag
        deadline = time.monotonic() + 60
        while _status(base + "sang-kien/aaa-2022-0003/") != 404:
            assert time.monotonic() < deadline, "the deleted innovation is still served"
            time.sleep(0.2)
        wait_for_text(base + "sitemap.xml", "aaa-2022-0002")
        assert "aaa-2022-0003" not in fetch(base + "sitemap.xml")
        assert _status(base + "chu-de/cap-ngam/") == 404
        assert "Trang không đổi" in fetch(base + "sang-kien/aaa-2022-0001/")
        assert kept.exists()
        clean = build_site(tree.root, tmp_path / "clean", search=False)
        assert _files(served) == _files(clean)
    finally:
        stop(server)
    assert list(scratch.iterdir()) == []  # the served folder and the search index's stash


def test_serve_shows_an_edit_that_keeps_size_and_time(tree: ContentTree, tmp_path: Path) -> None:
    """The preview's loader cache trusts what a file holds, not its size and time: an edit
    that keeps both (the time put back, as `cp -p`, an archive or a sync tool do) is shown by
    the next rebuild. (MkDocs' own watcher polls sizes and times, so it is another file's edit
    that starts that rebuild.)"""
    source = tree.innovation("a", title="Tên ban đầu AAAA")
    other = tree.innovation("b", id="AAA-2022-0002", title="Đường dây thứ hai")
    config = derived_config(tree.root, tmp_path / "site", tmp_path / "mkdocs.yml",
                            plugins=[{"sang-kien": {"search": False}}])
    port = free_port()
    server, log = serve(config, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        log.wait_for("Serving on")
        wait_for_text(base + "sang-kien/aaa-2022-0001/", "Tên ban đầu AAAA")
        text = source.read_text(encoding="utf-8")
        stat = source.stat()
        source.write_text(text.replace("AAAA", "BBBB"), encoding="utf-8")
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert (source.stat().st_size, source.stat().st_mtime_ns) == (stat.st_size,
                                                                      stat.st_mtime_ns)
        other.write_text(other.read_text(encoding="utf-8").replace("thứ hai", "thứ ba"),
                         encoding="utf-8")
        wait_for_text(base + "sang-kien/aaa-2022-0002/", "Đường dây thứ ba")
        page = fetch(base + "sang-kien/aaa-2022-0001/")
        assert "Tên ban đầu BBBB" in page and "AAAA" not in page
    finally:
        stop(server)
