"""Time spent in each stage of a build, for the log and for the benchmark."""

from __future__ import annotations

import json
import logging
import os
import resource
import time
from pathlib import Path

TIMINGS_ENV = "SANG_KIEN_TIMINGS"
"""If set, the build writes its stage timings as JSON to this file."""


def peak_mb() -> float:
    """This process's largest resident size so far, and that of its waited children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


class StageTimer:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last = self.started
        self.seconds: dict[str, float] = {}
        self.peaks: dict[str, float] = {}
        """Peak memory (MB) at the end of each stage: where it grew."""

    def mark(self, stage: str) -> None:
        """Close a stage: the time since the previous mark is booked to it."""
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.peaks[stage] = peak_mb()
        self.last = now

    def split(self, parts: dict[str, float]) -> None:
        """Close the current stage as the parts measured inside it."""
        for stage, seconds in parts.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.last = time.perf_counter()

    def report(self, log: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> None:
        self.seconds["total"] = time.perf_counter() - self.started
        log.info("thời gian các bước: %s", ", ".join(
            f"{k} {v:.2f}s" for k, v in self.seconds.items()))
        target = os.environ.get(TIMINGS_ENV)
        if target:
            Path(target).write_text(json.dumps(self.seconds, indent=1), encoding="utf-8")
            Path(f"{target}.peaks").write_text(json.dumps(self.peaks, indent=1),
                                               encoding="utf-8")
