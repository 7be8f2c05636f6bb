"""For `mkdocs serve`: what a rebuild after one edit can skip or leave for later.

The last build's files survive the next build's cleaning (KeptOutput); the last build's
garbage is collected, and its search index built (BackgroundIndex), while the server waits
for the next edit (AfterBuild).

KeptOutput: the last build's files are held through MkDocs' cleaning (site_folder.py); pages
that did not change are not written again (bulk.BulkRenderer), and what the last build made
and the new one does not is removed at its end. The result is the folder a clean build makes.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.content.load_result import InnovationCache
from generator.infra.parallel import can_fork
from generator.search.partitioned import build_partitioned
from generator.search.records import SearchRecord

from . import site_folder
from .bulk import PageCache
from .markdown_cache import MarkdownCache
from .templating import CompiledTemplates


class KeptOutput:
    def __init__(self) -> None:
        self.made: set[str] | None = None
        """Relative paths the last finished build made; None before one has finished."""

    def hold(self, site_dir: Path) -> None:
        """Before MkDocs cleans site_dir: move the last build's files out of its way."""
        if self.made is not None:
            site_folder.hold(site_dir)

    def restore(self, site_dir: Path) -> bool:
        """After the cleaning: put the held files back; whether site_dir holds the last build."""
        if self.made is None:
            shutil.rmtree(site_dir / site_folder.HOLD, ignore_errors=True)
            return False
        if not site_folder.restore(site_dir):
            self.made = None
            return False
        return True

    def finish(self, site_dir: Path, made: Iterable[str]) -> None:
        """At the end of a build: remove what the last build made and this one did not."""
        now = set(made)
        for rel in sorted((self.made or set()) - now):
            path = site_dir / rel
            path.unlink(missing_ok=True)
            for folder in path.parents:  # the folders a removed page leaves empty
                if folder == site_dir or not folder.is_relative_to(site_dir):
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break
        self.made = now


class AfterBuild:
    """Work done a moment after a build, once its pages are served, unless the next build has
    started by then.

    The work runs in a timer thread; a build starting while it runs waits for the step in
    progress (held under the lock) and the steps after it are skipped.
    """

    def __init__(self, delay: float = 0.2) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.build = 0
        self._timer: threading.Timer | None = None

    def schedule(self, *steps: Callable[[], None]) -> None:
        with self.lock:
            self._cancel()
            build = self.build
            self._timer = threading.Timer(self.delay, self._run, args=(build, steps))
            self._timer.daemon = True
            self._timer.start()

    def build_starts(self, stop: Callable[[], None]) -> None:
        """A build starts: what the last build left to do is out of date; stop() ends what
        has started of it."""
        with self.lock:
            self.build += 1
            self._cancel()
            stop()

    def _run(self, build: int, steps: tuple[Callable[[], None], ...]) -> None:
        for step in steps:
            with self.lock:
                if build != self.build:
                    return
                step()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def settle_memory() -> None:
    """Collect the last build's garbage once and freeze what remains (catalog, caches).

    A preview server holds the whole catalog, its caches and its rendered pages: a full
    collection walks all of it and Python starts one or
    two during every rebuild, while MkDocs holds every request until the rebuild ends. Once
    frozen (gc.freeze), the next rebuild's collections walk only what that rebuild makes.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class BackgroundIndex:
    """For `mkdocs serve`: the index of the last edit, built behind the server.

    It is built by a forked process at low priority once the new pages are served, and is
    stopped as soon as the next rebuild starts: on two cores nothing may compete with a
    rebuild. Until it is done, the site keeps the last finished index.
    """

    def __init__(self) -> None:
        self._stash: Path | None = None
        self.child: multiprocessing.process.BaseProcess | None = None

    @property
    def stash(self) -> Path:
        """Where finished and unfinished indexes are kept; made when first needed."""
        if self._stash is None:
            self._stash = Path(tempfile.mkdtemp(prefix="sk-search-stash-"))
        return self._stash

    def show_last(self, output: Path) -> None:
        """A site folder without an index (a first or a clean build) gets the last one."""
        if self._stash is not None and (self.stash / "index").is_dir() and not output.exists():
            _copy_tree(self.stash / "index", output)

    def start(self, records: list[SearchRecord], output: Path,
              also: Callable[[], None] | None = None) -> None:
        """Run also(), then build the index of records and put it in output, behind the server."""
        self.stop()
        self.stash.mkdir(exist_ok=True)  # made here, not in the child: the next job needs it
        if not can_fork():
            self._build(records, output, also)
            return
        self.child = multiprocessing.get_context("fork").Process(
            target=self._run, args=(os.getpid(), records, output, also), daemon=True)
        self.child.start()

    def stop(self) -> None:
        """Stop the index being built, if any: it is out of date."""
        child, self.child = self.child, None
        if child is None:
            return
        if child.is_alive() and child.pid is not None:
            for kill in (os.killpg, os.kill):  # its group holds whatever it started
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    kill(child.pid, signal.SIGKILL)
        child.join(timeout=10)
        for name in ("build", "scratch"):
            shutil.rmtree(self.stash / name, ignore_errors=True)

    def close(self) -> None:
        self.stop()
        if self._stash is not None:
            shutil.rmtree(self._stash, ignore_errors=True)

    def _run(self, server: int, *args: Any) -> None:
        os.setpgrp()  # a group of its own: stop() ends it and whatever it started
        # Out of the server's group, it must not outlive a killed server (the thread that
        # forked it ends at once, so the kernel's parent-death signal cannot serve here).
        threading.Thread(target=_end_group_without, args=(server,), daemon=True).start()
        os.nice(10)  # only ever in the forked child: the server keeps its own priority
        self._build(*args)

    def _build(self, records: list[SearchRecord], output: Path,
               also: Callable[[], None] | None) -> None:
        if also is not None:
            also()
        fresh, scratch = self.stash / "build", self.stash / "scratch"
        shutil.rmtree(fresh, ignore_errors=True)
        scratch.mkdir(exist_ok=True)
        build_partitioned(records, fresh, scratch=scratch)
        previous = self.stash / "old"
        shutil.rmtree(previous, ignore_errors=True)
        if (self.stash / "index").exists():
            (self.stash / "index").rename(previous)
        fresh.rename(self.stash / "index")
        shutil.rmtree(previous, ignore_errors=True)
        if output.parent.is_dir():
            _copy_tree(self.stash / "index", output)


def _copy_tree(source: Path, target: Path) -> None:
    """Replace target by a copy of source; the old one is served until the new one is whole."""
    staging = target.with_name(f".{target.name}.new")  # hidden: MkDocs' cleaning skips them
    retired = target.with_name(f".{target.name}.old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:  # the files never change once written: links are copies for free
        shutil.copytree(source, staging, copy_function=os.link)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(source, staging)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _end_group_without(server: int) -> None:
    while os.getppid() == server:
        time.sleep(1)
    os.killpg(0, signal.SIGKILL)


class ServeState:
    """What one `mkdocs serve` keeps across its rebuilds, made once at startup: a plugin with
    on_startup lives as long as the command, so an edit re-renders only what it changed."""

    def __init__(self) -> None:
        self.innovations = InnovationCache()
        self.page_cache = PageCache()
        self.kept = KeptOutput()
        self.after_build = AfterBuild()
        self.compiled_templates = CompiledTemplates()
        self.markdown_cache: MarkdownCache | None = None
        """The bulk renderer's MarkdownCache, made with the first build's config."""
        self.reuse_files = False
        """The site folder holds the last build's pages (restored after MkDocs' cleaning)."""
