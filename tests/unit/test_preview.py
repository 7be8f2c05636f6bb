"""The preview server's bookkeeping, on real folders: files held through MkDocs' cleaning."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from conftest import ContentTree
from mkdocs.utils import clean_directory

from generator.adapter.preview import AfterBuild, KeptOutput
from generator.adapter.site_folder import HOLD
from generator.content.load_result import InnovationCache
from generator.content.loader import load_content


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _site(folder: Path, pages: list[str]) -> None:
    for rel in pages:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(rel)


def test_files_survive_the_cleaning_and_what_is_gone_is_removed(tmp_path: Path) -> None:
    kept = KeptOutput()
    pages = ["index.html", "sang-kien/a/index.html", "sang-kien/b/index.html", "data/x.json"]
    _site(tmp_path, pages)
    assert kept.restore(tmp_path) is False  # nothing known of a first build
    kept.finish(tmp_path, pages)
    kept.hold(tmp_path)
    clean_directory(str(tmp_path))  # what MkDocs does between on_pre_build and on_files
    assert kept.restore(tmp_path) is True
    assert _tree(tmp_path) == {rel: rel for rel in pages}
    kept.finish(tmp_path, [p for p in pages if not p.startswith("sang-kien/b/")])
    assert not (tmp_path / "sang-kien" / "b").exists()
    assert (tmp_path / "sang-kien" / "a" / "index.html").exists()


def test_a_build_failing_between_hold_and_restore_loses_nothing(tmp_path: Path) -> None:
    kept = KeptOutput()
    pages = ["index.html", "sang-kien/a/index.html"]
    _site(tmp_path, pages)
    kept.finish(tmp_path, pages)
    kept.hold(tmp_path)
    clean_directory(str(tmp_path))  # and the build fails before on_files
    kept.hold(tmp_path)  # the next build
    clean_directory(str(tmp_path))
    assert kept.restore(tmp_path) is True
    assert _tree(tmp_path) == {rel: rel for rel in pages}
    assert not (tmp_path / HOLD).exists()


def test_work_after_a_build_is_skipped_once_the_next_build_starts() -> None:
    after = AfterBuild(delay=0.05)
    done: list[str] = []
    started = threading.Event()

    def first() -> None:
        done.append("first")
        started.set()

    after.schedule(first, lambda: done.append("second"))
    started.wait(5)
    after.build_starts(stop=lambda: done.append("stopped"))
    after.schedule(lambda: done.append("next build's"))
    after.build_starts(stop=lambda: None)  # before its delay: never runs
    threading.Event().wait(0.2)
    assert done in (["first", "second", "stopped"], ["first", "stopped"])


def _same_size_same_time_edit(path: Path, old: str, new: str) -> None:
    """Replace old by new (as many bytes) and put the file's time back as it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    stat = path.stat()
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)


def test_the_loader_cache_sees_an_edit_that_keeps_size_and_time(tree: ContentTree) -> None:
    """The preview keeps innovations across rebuilds: by what a file holds, not its stat."""
    source = tree.innovation("a", title="Tên ban đầu AAAA")
    cache = InnovationCache()

    def titles() -> list[str]:
        catalog = load_content(tree.root, cache=cache).catalog
        assert catalog is not None
        return [i.title for i in catalog.innovations]

    assert titles() == ["Tên ban đầu AAAA"]
    (path, (_, kept)), = cache.entries.items()
    assert path == source and titles() == ["Tên ban đầu AAAA"]
    assert cache.entries[source][1] is kept  # the second load took it from the cache
    _same_size_same_time_edit(source, "AAAA", "BBBB")
    assert titles() == ["Tên ban đầu BBBB"]
