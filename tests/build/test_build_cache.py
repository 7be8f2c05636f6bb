"""The build cache: hits give the same bytes as a cold build; a damaged or stale cache is
rebuilt, never trusted."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools import differing_files

from devtools.buildconfig import derived_config
from generator.adapter.page_ledger import PageLedger
from generator.infra.build_cache import (
    BODY,
    DAMAGED_MARK,
    DATABASE_FILE,
    INNOVATION,
    SITE_PAGE,
    BuildCache,
)
from generator.infra.digests import Uncacheable, ValueDigests, digest

PROJECT = Path(__file__).resolve().parents[2]


# -- the database ------------------------------------------------------------------------

def test_a_value_comes_back_as_it_was_put(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, "v1")
    cache.put(BODY, b"k" * 16, "<p>Đường dây</p>".encode())
    cache.close()
    again = BuildCache(tmp_path, "v1")
    assert again.get(BODY, b"k" * 16) == "<p>Đường dây</p>".encode()
    assert again.get(BODY, b"x" * 16) is None
    assert again.totals() == {BODY: (1, 1)}


def test_the_last_value_put_for_a_key_is_kept(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, "v1")
    # Written in key order in one batch: z's value must not be reordered by its bytes.
    for value in (b"second-to-last", b"last", b"a"):
        cache.put(BODY, b"z" * 16, value)
    cache.put(BODY, b"a" * 16, b"other")
    cache.close()
    cache = BuildCache(tmp_path, "v1")
    assert cache.get(BODY, b"z" * 16) == b"a"
    assert cache.get(BODY, b"a" * 16) == b"other"


def test_a_value_changed_on_disk_is_a_miss(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, "v1")
    cache.put(INNOVATION, b"k" * 16, b'{"id": "A"}')
    cache.close()
    with sqlite3.connect(tmp_path / DATABASE_FILE) as db:
        db.execute("UPDATE entries SET value = ?", (b'{"id": "B"}',))
    again = BuildCache(tmp_path, "v1")
    assert again.get(INNOVATION, b"k" * 16) is None
    assert again.rejected() == 1


def test_a_file_that_is_no_database_is_made_anew(tmp_path: Path) -> None:
    (tmp_path / DATABASE_FILE).write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    cache = BuildCache(tmp_path, "v1")
    assert cache.reset_reason is not None and "không đọc được" in cache.reset_reason
    cache.put(BODY, b"k" * 16, b"<p>x</p>")
    cache.flush()
    assert cache.get(BODY, b"k" * 16) == b"<p>x</p>"


def test_damage_found_while_reading_makes_the_next_build_start_anew(tmp_path: Path) -> None:
    values = {digest(str(i)): os.urandom(1500) for i in range(3000)}
    cache = BuildCache(tmp_path, "v1")
    for key, value in values.items():
        cache.put(BODY, key, value)
    cache.close()
    database = tmp_path / DATABASE_FILE
    with database.open("r+b") as handle:  # pages in the middle of the file overwritten
        handle.seek(database.stat().st_size // 2)
        handle.write(b"\xff" * 40000)
    cache = BuildCache(tmp_path, "v1")
    read = {key: cache.get(BODY, key) for key in values}  # never raises
    assert all(value in (None, values[key]) for key, value in read.items())
    assert None in read.values()
    assert (tmp_path / DAMAGED_MARK).exists()
    cache.close()
    again = BuildCache(tmp_path, "v1")
    assert again.reset_reason is not None and "hỏng" in again.reset_reason
    assert not (tmp_path / DAMAGED_MARK).exists()
    assert again.get(BODY, next(iter(values))) is None


def test_a_database_another_build_holds_is_waited_for_not_deleted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = BuildCache(tmp_path, "v1")
    cache.put(BODY, b"k" * 16, b"<p>x</p>")
    cache.close()
    monkeypatch.setattr(BuildCache, "LOCK_TIMEOUT", 0.2)
    other = sqlite3.connect(tmp_path / DATABASE_FILE)
    other.execute("BEGIN EXCLUSIVE")  # another build, writing
    try:
        with pytest.raises(sqlite3.OperationalError):
            BuildCache(tmp_path, "v1")
    finally:
        other.rollback()
        other.close()
    again = BuildCache(tmp_path, "v1")
    assert again.reset_reason is None and again.get(BODY, b"k" * 16) == b"<p>x</p>"


def test_another_version_of_the_generator_starts_empty(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, "v1")
    cache.put(BODY, b"k" * 16, b"<p>x</p>")
    cache.close()
    newer = BuildCache(tmp_path, "v2")
    assert newer.reset_reason == "trình dựng hoặc thư viện đã đổi phiên bản"
    assert newer.get(BODY, b"k" * 16) is None


def test_entries_a_whole_build_did_not_use_are_swept(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, "v1")
    cache.put(BODY, b"a" * 16, b"old")
    cache.put(BODY, b"b" * 16, b"kept")
    cache.close()
    cache = BuildCache(tmp_path, "v1")
    assert cache.get(BODY, b"b" * 16) == b"kept"
    assert cache.sweep([BODY]) == 1
    cache.close()
    cache = BuildCache(tmp_path, "v1")
    assert cache.get(BODY, b"a" * 16) is None
    assert cache.get(BODY, b"b" * 16) == b"kept"


def test_the_ledger_reuses_only_files_left_as_it_wrote_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = {name: site / name / "index.html" for name in ("a/", "b/", "c/", "d/", "e/", "g/")}
    cache = BuildCache(tmp_path / "cache", "v1")
    respooled: list[bytes] = []
    ledger = PageLedger(cache, site, respooled.append)
    for name, path in pages.items():
        path.parent.mkdir(parents=True)
        data = b"page " + name.encode()
        path.write_bytes(data)
        ledger.wrote(name, digest(name), data, b"record " + name.encode())
    cache.close()
    pages["c/"].write_bytes(b"page c/ changed")  # by hand, after the build
    pages["d/"].unlink()
    # By hand too, its size and its time kept: only its bytes tell.
    stat = pages["g/"].stat()
    pages["g/"].write_bytes(b"page G/")
    os.utime(pages["g/"], ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert pages["g/"].stat().st_mtime_ns == stat.st_mtime_ns
    ledger = PageLedger(BuildCache(tmp_path / "cache", "v1"), site, respooled.append)
    asked = [(name, digest(name if name != "b/" else "b/ edited"), str(path))
             for name, path in pages.items()] + [("f/", digest("f/"), str(site / "f/x"))]
    found = ledger.unchanged_many(asked)
    # a: as written; b: made of something else now; c: changed; d: gone; f: never written;
    # g: changed, same size and time.
    assert found == [b"record a/", None, None, None, b"record e/", None, None]
    for record in found:
        if record is not None:
            ledger.reuse(record)
    assert respooled == [b"record a/", b"record e/"]
    assert ledger.reused == 2
    # A page that cannot be cached (its key empty) is not looked up: no use, no mark.
    cache = BuildCache(tmp_path / "cache", "v1")
    assert PageLedger(cache, site, respooled.append).unchanged_many(
        [("a/", b"", str(pages["a/"]))]) == [None]
    assert cache.stats.hits.get(SITE_PAGE, 0) == cache.stats.misses.get(SITE_PAGE, 0) == 0
    cache.close()
    # A build without search records, or into another site folder, reuses nothing of these.
    cache = BuildCache(tmp_path / "cache", "v1")
    assert PageLedger(cache, site).unchanged_many(asked[:1]) == [None]
    assert PageLedger(cache, tmp_path / "other", respooled.append).unchanged_many(
        asked[:1]) == [None]


def test_value_digests_see_a_change_inside_a_record() -> None:
    from generator.content.model import Author
    digests = ValueDigests()
    first = digests.of({"authors": (Author("Nguyễn Văn A"),), "n": 1})
    assert digests.of({"authors": (Author("Nguyễn Văn A"),), "n": 1}) == first
    assert digests.of({"authors": (Author("Nguyễn Văn B"),), "n": 1}) != first
    with pytest.raises(Uncacheable):
        digests.of({"x": object()})


def test_a_record_of_known_origin_is_described_by_it(tmp_path: Path) -> None:
    """The loader's origins (file, image, what it was checked against) describe the
    catalog's innovations: the same file gives the same description, another file another."""
    from generator.content.loader import load_content
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    cache = BuildCache(tmp_path / "cache")
    first = load_content(content, build_cache=cache)
    cache.close()
    cache = BuildCache(tmp_path / "cache")
    again = load_content(content, build_cache=cache)
    assert first.catalog is not None and again.catalog is not None
    assert set(first.origins) == set(first.catalog.by_id) and first.origins == again.origins
    inn = first.catalog.published[0]
    path = content / inn.source
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    edited = load_content(content, build_cache=cache)
    assert edited.origins[inn.id] != first.origins[inn.id]
    assert all(edited.origins[k] == v for k, v in first.origins.items() if k != inn.id)
    origins = first.origins
    described = ValueDigests(lambda v: origins.get(getattr(v, "id", "")))
    plain = ValueDigests()
    assert described.of({"i": inn}) != plain.of({"i": inn})
    assert described.of({"i": inn}) == ValueDigests(lambda v: origins[inn.id]).of({"i": inn})


def test_cached_records_hold_no_body_and_give_back_the_checked_one(tmp_path: Path) -> None:
    """The cache keeps innovations without their bodies (the file's bytes, read for the key,
    hold them): a load from the cache gives the catalog of a load without one, bodies
    included, or none at all when asked for none."""
    from generator.content.loader import load_content
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    plain = load_content(content).catalog
    cache = BuildCache(tmp_path / "cache")
    load_content(content, build_cache=cache)
    cache.close()
    with sqlite3.connect(tmp_path / "cache" / DATABASE_FILE) as db:
        stored = [value for (value,) in db.execute(
            "SELECT value FROM entries WHERE kind = ?", (INNOVATION,))]
    assert plain is not None and len(stored) == len(plain.by_id)
    assert all(b'"body":""' in bytes(value) for value in stored)
    cache = BuildCache(tmp_path / "cache")
    cached = load_content(content, build_cache=cache).catalog
    lean = load_content(content, build_cache=cache, keep_bodies=False).catalog
    assert cache.totals()[INNOVATION] == (2 * len(plain.by_id), 0)
    cache.close()
    assert cached is not None and lean is not None
    assert all(inn.body for inn in plain.published)
    assert cached.by_id == plain.by_id
    assert all(inn.body == "" and inn.body_digest == plain.by_id[key].body_digest
               for key, inn in lean.by_id.items())


# -- whole builds -------------------------------------------------------------------------

def _build(config: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _cache_line(log: str) -> str:
    return next(line for line in log.splitlines() if "bộ nhớ đệm: dùng lại" in line)


def test_cached_builds_give_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    cached = derived_config(content, tmp_path / "site", tmp_path / "mkdocs.yml")
    cold = derived_config(content, tmp_path / "site-cold", tmp_path / "mkdocs-cold.yml",
                          plugins=[{"sang-kien": {"cache_dir": ""}}])
    first = _build(cached)
    assert "innovation 0/" in _cache_line(first)
    shutil.copytree(tmp_path / "site", tmp_path / "site-first")
    second = _build(cached)
    line = _cache_line(second)
    count = len(list((content / "innovations").rglob("*.md")))
    assert f"innovation {count}/{count}" in line, line
    assert "related 1/1" in line, line
    books = re.search(r"workbook (\d+)/(\d+)", line)  # monthly reports: made once
    assert books is not None and books[1] == books[2] and int(books[1]) > 10, line
    # Every bulk page was left as the first build wrote it: not made, not written.
    pages = re.search(r"site-page (\d+)/(\d+)", line)
    assert pages is not None and pages[1] == pages[2] and int(pages[1]) > count, line
    assert differing_files(tmp_path / "site", tmp_path / "site-first") == []

    # The site folder emptied (CI keeps only .cache/): the last build left every page as it was
    # and rendered none, yet every body and page part it would need is still in the cache.
    shutil.rmtree(tmp_path / "site")
    line = _cache_line(_build(cached))
    for kind in ("body", "page-body"):
        found = re.search(rf"(?<![\w-]){kind} (\d+)/(\d+)", line)
        assert found is not None and found[1] == found[2] and int(found[1]) > count / 2, line
    assert differing_files(tmp_path / "site", tmp_path / "site-first") == []

    # One innovation edited: read, rendered and indexed again; every byte as a cold build's.
    edited = next(path for path in sorted((content / "innovations").rglob("*.md"))
                  if "\nsummary: " in (text := path.read_text(encoding="utf-8"))
                  and text.split("\nsummary: ", 1)[1][:1] not in "\"'>|")
    edited.write_text(text.replace("summary: ", "summary: Cập nhật. ", 1)
                      + "\nĐoạn mới về đường dây.\n", encoding="utf-8")
    written_before = _page_times(tmp_path / "site")
    line = _cache_line(_build(cached))
    assert f"innovation {count - 1}/{count}" in line, line
    assert "related 1/1" in line, line  # a summary and a body: not what related reads
    rewritten = {page for page, stamp in _page_times(tmp_path / "site").items()
                 if written_before.get(page) != stamp}
    edited_page = f"sang-kien/{_innovation_id(edited)}/index.html"
    assert edited_page in rewritten
    assert 0 < len(rewritten) < len(written_before) / 2, sorted(rewritten)
    _build(cold)
    assert differing_files(tmp_path / "site", tmp_path / "site-cold") == []

    # A damaged database: the build says so, makes it anew, and its pages are the same.
    database = tmp_path / ".cache" / DATABASE_FILE
    data = bytearray(database.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)
    database.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    log = _build(cached)
    assert "được tạo mới" in log, log[-2000:]
    assert differing_files(tmp_path / "site", tmp_path / "site-cold") == []


def _page_times(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns
            for path in site.glob("sang-kien/*/index.html")}


def _innovation_id(path: Path) -> str:
    match = re.search(r"^id: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match is not None
    return match[1].strip("\"'").lower()


def test_a_cached_build_leaves_nothing_a_cold_build_would_not_make(tmp_path: Path) -> None:
    """The last build's files are kept through MkDocs' cleaning: a page whose innovation is
    gone, a stray file and a page changed by hand must not survive the next build."""
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    site = tmp_path / "site"
    cached = derived_config(content, site, tmp_path / "mkdocs.yml")
    cold = derived_config(content, tmp_path / "site-cold", tmp_path / "mkdocs-cold.yml",
                          plugins=[{"sang-kien": {"cache_dir": ""}}])
    _build(cached)
    removed = next(path for path in sorted((content / "innovations").rglob("*.md"))
                   if "draft: true" not in path.read_text(encoding="utf-8"))
    gone = site / f"sang-kien/{_innovation_id(removed)}/index.html"
    assert gone.is_file()
    _unreferenced(content, _innovation_id(removed).upper())
    removed.unlink()
    (site / "sang-kien" / "stray.html").write_text("stray", encoding="utf-8")
    _build(cached)
    assert not gone.parent.exists()
    assert not (site / "sang-kien" / "stray.html").exists()
    # Changed by hand, its size kept: the next build (nothing else changed) writes it again.
    changed = next(p for p in sorted(site.glob("sang-kien/*/index.html")))
    made = changed.read_bytes()
    changed.write_bytes(made.replace(b"</body>", b"</bodY>"))
    _build(cached)
    assert changed.read_bytes() == made
    # Its size and its time kept too (os.utime back, as `cp -p` or an archive would): the
    # ledger compares the bytes, not the time, and writes it again. So does the search index.
    stat = changed.stat()
    changed.write_bytes(made.replace(b"</body>", b"</bodX>"))
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    index_file = next(p for p in sorted(site.glob("chi-muc/**/*.gz")))
    index_made = index_file.read_bytes()
    index_stat = index_file.stat()
    index_file.write_bytes(bytes([index_made[0]]) + bytes(len(index_made) - 1))
    os.utime(index_file, ns=(index_stat.st_atime_ns, index_stat.st_mtime_ns))
    _build(cached)
    assert changed.read_bytes() == made
    assert index_file.read_bytes() == index_made
    _build(cold)
    assert differing_files(site, tmp_path / "site-cold") == []


def _unreferenced(content: Path, innovation_id: str) -> None:
    """Drop the innovation from the month's picks and events that name it."""
    for path in [*(content / "featured").rglob("*.md"), *(content / "events").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if innovation_id in text:
            path.unlink()


def test_bulk_page_templates_read_only_what_their_cache_key_holds() -> None:
    """A bulk page's own part is cached by its context and the site's names (program, units,
    tag slugs: BulkRenderer.site_signature). A template reading anything else of the site
    would be served stale after an edit elsewhere: add it to the signature first."""
    import re

    templates = [*(PROJECT / "overrides/sk/body").glob("*.html"),
                 *(PROJECT / "overrides/sk/partials").glob("*.html")]
    allowed = ("sk_site.catalog.program", "sk_site.catalog.unit_by_code", "sk_site.tag_slugs",
               "catalog.program", "catalog.unit_by_code")
    reads = set()
    for template in templates:
        text = template.read_text(encoding="utf-8")
        reads |= set(re.findall(r"\b(?:sk_site|catalog)\.[A-Za-z_][A-Za-z_.]*", text))
        # sk_site itself is never bound to another name (its reads would escape this check).
        assert not re.search(r"=\s*sk_site\s", text), template.name
    unexplained = {read for read in reads if read != "sk_site.catalog"
                   and not read.startswith(allowed)}
    assert unexplained == set()
    assert reads, "the templates were not found"
