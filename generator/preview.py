"""For `mkdocs serve`: what a rebuild after one edit can skip or leave for later.

The last build's files survive the next build's cleaning (KeptOutput); the last build's
garbage is collected, and the search index built, while the server waits for the next edit
(AfterBuild).


KeptOutput: MkDocs empties the site folder before every build, so a rebuild after one edit
would write all 10,000 innovation pages again. It leaves hidden entries alone, though: the
last build's files are moved into a hidden folder before the cleaning and back right after
it; pages that did not change are then not written again (bulk.BulkRenderer), and whatever
the new build no longer makes is removed at its end. The result is the folder a clean build
makes.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

HOLD = ".sk-kept"


class KeptOutput:
    def __init__(self) -> None:
        self.made: set[str] | None = None
        """Relative paths the last finished build made; None before one has finished."""

    def hold(self, site_dir: Path) -> None:
        """Before MkDocs cleans site_dir: move the last build's files out of its way."""
        hold = site_dir / HOLD
        if hold.is_dir():  # a build failed between hold and restore: its files come back first
            self.restore(site_dir)
        shutil.rmtree(hold, ignore_errors=True)
        if self.made is None or not site_dir.is_dir():
            return
        hold.mkdir()
        for entry in os.scandir(site_dir):
            if entry.name != HOLD and not entry.name.startswith("."):
                os.rename(entry.path, hold / entry.name)

    def restore(self, site_dir: Path) -> bool:
        """After the cleaning: put the held files back; whether site_dir holds the last build."""
        hold = site_dir / HOLD
        if self.made is None or not hold.is_dir():
            self.made = None
            shutil.rmtree(hold, ignore_errors=True)
            return False
        for entry in os.scandir(hold):
            target = site_dir / entry.name
            if target.exists():  # written since the hold: newer
                _remove(Path(entry.path))
            else:
                os.rename(entry.path, target)
        shutil.rmtree(hold, ignore_errors=True)
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


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


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
    collection walks all of it (0.3-0.4 s at 10,000 innovations) and Python starts one or
    two during every rebuild, while MkDocs holds every request until the rebuild ends. Once
    frozen (gc.freeze), the next rebuild's collections walk only what that rebuild makes.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
