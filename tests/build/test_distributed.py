"""A build on a Dask cluster of two worker processes gives the single-machine build's bytes;
a task failing or a worker dying on the cluster ends the build with an error, not a hang."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, SAMPLE
from sitetools import build_site, differing_files, site_files

from devtools.buildconfig import derived_config

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402  (installed with distributed)

BUILD_SECONDS = 240
"""A build that has not ended by then hangs (the test fails instead of waiting forever)."""


def _local_cluster() -> Any:
    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address=":0",
                                    silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """An existing cluster, as a real one would be reached: by its scheduler's address."""
    with _local_cluster() as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def failing() -> Iterator[Any]:
    """A cluster that gives up on a task at the first worker that dies with it."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = _local_cluster()  # the scheduler reads the setting when it starts
    with local, distributed.Client(local) as client:
        yield client


def _same_sites(first: Path, second: Path) -> int:
    assert differing_files(first, second) == []
    return len(site_files(first))


def test_sample_built_on_a_local_cluster_is_byte_identical(tmp_path: Path) -> None:
    # local:2 starts its own cluster; the pages' bytes come back to this process. The search
    # index is one streaming pass on the build machine, over the records the workers sent.
    one = build_site(SAMPLE, tmp_path / "one")
    two = build_site(SAMPLE, tmp_path / "two", distributed="local:2")
    assert _same_sites(one, two) > 1000
    assert (two / "chi-muc" / "index.json").is_file()


def test_synthetic_site_built_by_workers_writing_a_shared_folder(tmp_path: Path,
                                                                  scheduler: str) -> None:
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"), "400", str(content)],
                   check=True, capture_output=True)
    # The pages written by the workers themselves.
    one = build_site(content, tmp_path / "one")
    two = build_site(content, tmp_path / "two", distributed=scheduler,
                     distributed_shared_site=True)
    assert _same_sites(one, two) > 400
    assert (two / "chi-muc" / "index.json").is_file()


class _Breaks(distributed.WorkerPlugin):
    """On each worker, the task that renders pages replaced by one that fails, or dies."""

    def __init__(self, how: str) -> None:
        self.how = how

    def setup(self, worker: Any) -> None:
        from generator.adapter import distributed_bulk

        def broken(*args: Any) -> Any:
            if self.how == "die":
                os._exit(3)
            raise ValueError("hỏng có chủ ý")

        distributed_bulk.render_batch = broken  # type: ignore[assignment]


def _failed_build(tmp_path: Path, address: str) -> str:
    config = derived_config(SAMPLE, tmp_path / "site", tmp_path / "mkdocs.yml",
                            plugins=[{"sang-kien": {"distributed": address, "search": False}}])
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            capture_output=True, text=True, timeout=BUILD_SECONDS,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode != 0
    assert time.perf_counter() - started < BUILD_SECONDS
    return result.stdout + result.stderr


def test_a_task_failing_on_a_worker_fails_the_build(tmp_path: Path, failing: Any) -> None:
    failing.register_plugin(_Breaks("raise"), name="breaks")
    output = _failed_build(tmp_path, failing.scheduler.address)
    assert "Dựng phân tán không thành công" in output
    assert "hỏng có chủ ý" in output


def test_a_worker_dying_fails_the_build(tmp_path: Path, failing: Any) -> None:
    failing.register_plugin(_Breaks("die"), name="breaks")
    output = _failed_build(tmp_path, failing.scheduler.address)
    assert "Dựng phân tán không thành công" in output
    assert "KilledWorker" in output

