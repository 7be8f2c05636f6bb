"""A long stage's progress in the log: done/total, rate, time left."""

from __future__ import annotations

import logging
import time

LOG = logging.getLogger("mkdocs.plugins.generator.progress")
"""Under MkDocs' plugin loggers: shown at INFO by `mkdocs build`, not by -q."""


class Progress:
    """A long stage's progress at INFO: done/total, rate and time left, every few seconds
    (a build of ten thousand pages says where it is, without a line per page)."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter[logging.Logger], what: str,
                 total: int, every: float = 5.0) -> None:
        self.log = log
        self.what = what
        self.total = total
        self.every = every
        self.done = 0
        self.started = time.perf_counter()
        self.next_report = self.started + every

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if now >= self.next_report and self.done < self.total:
            self.next_report = now + self.every
            rate = self.done / (now - self.started)
            left = (self.total - self.done) / rate if rate else 0.0
            self.log.info("%s: %s/%s (%d%%), %.0f/giây, còn khoảng %.0f giây", self.what,
                          f"{self.done:,}".replace(",", "."), f"{self.total:,}".replace(",", "."),
                          100 * self.done // self.total, rate, left)
