"""Forked workers change nothing but the time: same catalog, same problems, same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import PROJECT, ContentTree
from sitetools import build_site, differing_files, mkdocs_build, site_files

from devtools.buildconfig import derived_config
from generator.content.loader import load_content
from generator.infra.parallel import Forked, fork_map


def test_loading_in_two_processes_finds_the_same(tree: ContentTree) -> None:
    for n in range(2400):
        tree.innovation(f"u{n % 7}/i{n}", id=f"AAA-2022-{n:04d}",
                        registered=f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}")
    # Problems in both halves of the interleaved shares, and a duplicate across them.
    tree.innovation("u0/bad-a", id="AAA-2023-0001", unit="AAB")
    tree.innovation("u1/bad-b", id="AAA-2023-0002", registered="2022-02-30")
    tree.innovation("u2/dup", id="AAA-2022-0005")
    one = load_content(tree.root, workers=1)
    two = load_content(tree.root, workers=2)
    assert len(one.problems) == 4
    assert two.problems == one.problems
    assert one.catalog is None and two.catalog is None
    tree.root.joinpath("innovations/u0/bad-a.md").unlink()
    tree.root.joinpath("innovations/u1/bad-b.md").unlink()
    tree.root.joinpath("innovations/u2/dup.md").unlink()
    one, two = load_content(tree.root, workers=1), load_content(tree.root, workers=2)
    assert one.catalog is not None and two.catalog is not None
    assert one.catalog.innovations == two.catalog.innovations


def test_site_built_by_two_workers_is_byte_identical(tmp_path: Path) -> None:
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(PROJECT / "bench/synth.py"), "600", str(content)],
                   check=True, capture_output=True)
    sites = [build_site(content, tmp_path / f"w{workers}", workers=workers) for workers in (1, 2)]
    first, second = sites
    assert len(site_files(first)) > 600
    assert differing_files(first, second) == []


def _fails_in_the_second_share(share: Sequence[int]) -> list[int]:
    if 1 in share:
        raise ValueError("hỏng ở phần hai")
    return list(share)


def _dies_in_the_second_share(share: Sequence[int]) -> list[int]:
    if 1 in share:
        os._exit(3)
    return list(share)


def test_a_worker_that_fails_or_dies_fails_the_work() -> None:
    items = list(range(10))
    assert fork_map(lambda share: list(share), items, 2, min_share=1) == [
        [0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]
    with pytest.raises(RuntimeError, match="hỏng ở phần hai"):
        fork_map(_fails_in_the_second_share, items, 2, min_share=1)
    with pytest.raises(RuntimeError, match="ended with code 3"):
        fork_map(_dies_in_the_second_share, items, 2, min_share=1)


def test_a_large_result_comes_back_whole() -> None:
    items = list(range(400_000))
    shares = fork_map(lambda share: [str(n) * 3 for n in share], items, 2, min_share=1)
    assert sum(len(share) for share in shares) == len(items)
    assert shares[1][-1] == "399999" * 3


def _fails_here_after_the_other_started(share: Sequence[str]) -> list[str]:
    marker = Path(share[0].removeprefix("here:"))
    if share[0].startswith("here:"):
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise ValueError("hỏng ở phần một")
    marker.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(30)
    return list(share)


def test_work_failing_in_this_process_ends_the_other_workers(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    with pytest.raises(ValueError, match="hỏng ở phần một"):
        fork_map(_fails_here_after_the_other_started, [f"here:{marker}", str(marker)], 2,
                 min_share=1)
    # The forked worker was ended and waited for: it neither runs on nor lingers unreaped.
    worker = int(marker.read_text(encoding="utf-8"))
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)


def _records_its_pid_and_sleeps(share: Sequence[str]) -> list[str]:
    Path(share[0]).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(30)
    return list(share)


def _fails_here_while_a_worker_has_its_own(share: Sequence[str]) -> list[str]:
    if share[0].startswith("here:"):  # this process: fails once the grandchild runs
        marker = Path(share[0].removeprefix("here:"))
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise ValueError("hỏng ở phần một")
    # The forked worker shares its own work with a worker of its own, as the data files'
    # process does with the workbooks.
    return [item for part in fork_map(_records_its_pid_and_sleeps, share[0].split("|"), 2,
                                      min_share=1) for item in part]


def test_work_failing_here_ends_the_workers_of_the_workers_too(tmp_path: Path) -> None:
    child, grandchild = tmp_path / "child", tmp_path / "grandchild"
    with pytest.raises(ValueError, match="hỏng ở phần một"):
        fork_map(_fails_here_while_a_worker_has_its_own,
                 [f"here:{grandchild}", f"{child}|{grandchild}"], 2, min_share=1)
    for marker in (child, grandchild):
        with pytest.raises(ProcessLookupError):
            os.kill(int(marker.read_text(encoding="utf-8")), 0)


def test_a_data_file_that_cannot_be_written_fails_the_build_with_its_message(
        tmp_path: Path) -> None:
    """The data files written beside the search index (while a forked process writes those
    made of the catalog alone): a problem there still stops the build, in Vietnamese,
    without a traceback."""
    config = derived_config(PROJECT / "content", tmp_path / "site", tmp_path / "mkdocs.yml",
                            extra={"editor": {"repo": "không hợp lệ"}})
    result = mkdocs_build(config)
    assert result.returncode != 0
    assert "Không dựng được trang biên tập" in result.stderr
    assert "cần dạng chủ-sở-hữu/tên-kho" in result.stderr
    assert "Traceback" not in result.stderr


def _fails() -> int:
    raise ValueError("hỏng")


def test_forked_work_gives_its_result_later_at_low_priority() -> None:
    parent = os.getpid()
    begun = Forked(lambda: (os.getpid(), os.nice(0)), nice=19)
    child, niceness = begun.result()
    assert child != parent and niceness == min(19, os.nice(0) + 19)
    assert Forked(lambda: None).result() is None  # a result of None is still a result
    with pytest.raises(RuntimeError, match="ValueError: hỏng"):
        Forked(_fails).result()


def test_forked_work_is_ended_when_its_build_fails() -> None:
    begun = Forked(lambda: time.sleep(60))
    started = time.perf_counter()
    begun.cancel()
    assert time.perf_counter() - started < 10
