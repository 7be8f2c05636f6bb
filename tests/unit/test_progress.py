"""Long stages say where they are: done/total, rate and time left, at INFO."""

from __future__ import annotations

import logging

import pytest

from generator.infra.progress import Progress


def test_progress_reports_done_total_rate_and_time_left(caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    log = logging.getLogger("sang-kien-test")
    with caplog.at_level(logging.INFO, logger="sang-kien-test"):
        progress = Progress(log, "trang", 12_000, every=0.0)
        for _ in range(3_000):
            progress.advance()
    lines = [r.getMessage() for r in caplog.records]
    assert lines, "nothing reported"
    assert lines[-1].startswith("trang: 3.000/12.000 (25%), ")
    assert "/giây, còn khoảng " in lines[-1] and lines[-1].endswith(" giây")


def test_progress_is_quiet_between_reports_and_at_the_end(caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    log = logging.getLogger("sang-kien-test")
    with caplog.at_level(logging.INFO, logger="sang-kien-test"):
        progress = Progress(log, "trang", 100, every=3600.0)
        for _ in range(100):
            progress.advance()
    assert caplog.records == []
