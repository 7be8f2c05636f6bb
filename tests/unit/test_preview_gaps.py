"""What a preview leaves out when files have errors (adapter/preview_gaps.py): the files with
errors and those naming them; everything when a data file is wrong. A build leaves out
nothing (tests/test_preview_problems.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import ContentTree

from generator.adapter.preview_gaps import NO_GAPS, Gaps, load_leaving_out
from generator.site.checked import CheckedSite, load_and_plan

EVENT = """---
title: Tọa đàm an toàn
date: 2022-03-25
kind: toa-dam
units: [AAA]
place: Hà Nội
innovations: [AAA-2022-0003, AAA-2022-0001]
summary: Chia sẻ hai sáng kiến.
---

Văn bản.
"""


def _load(tree: ContentTree) -> tuple[tuple[CheckedSite, Gaps], list[list[str]]]:
    """What the preview serves, and the files left out at each load."""
    loads: list[frozenset[str]] = []

    def load(leave_out: frozenset[str]) -> CheckedSite:
        loads.append(leave_out)
        return load_and_plan(tree.root, leave_out=leave_out)

    return load_leaving_out(load, tree.root), [sorted(left) for left in loads]


def test_a_file_with_errors_and_the_files_naming_it_are_left_out(tree: ContentTree) -> None:
    tree.innovation("a", title="Thiết bị đo nhiệt độ")
    tree.innovation("c", id="AAA-2022-0003", registered="15/03/2022")
    tree.write("events/2022-03-25-toa-dam.md", EVENT)
    tree.write("gioi-thieu.md", "# Giới thiệu\n\nXem [sáng kiến](innovations/c.md).\n")
    (checked, gaps), loads = _load(tree)
    assert checked.site is not None and not checked.errors
    assert [i.id for i in checked.site.catalog.innovations] == ["AAA-2022-0001"]
    # A link is no reference that fails: it leads to the left-out file's page (the plugin).
    assert loads == [[], ["events/2022-03-25-toa-dam.md", "innovations/c.md"]]
    left = {f.path: f for f in gaps.files}
    assert {path: f.address for path, f in left.items()} == {
        "events/2022-03-25-toa-dam.md": "su-kien/2022-03-25-toa-dam/",
        "innovations/c.md": "sang-kien/aaa-2022-0003/"}
    assert left["events/2022-03-25-toa-dam.md"].names == ("innovations/c.md",)
    assert left["innovations/c.md"].names == ()
    place = dict(left["innovations/c.md"].items)
    assert list(place.values()) == [("Sáng kiến – tệp innovations/c.md", "Ngày đăng ký")]
    assert gaps.count == 2 and gaps.problem_count == 2


def test_a_file_whose_id_cannot_be_read_has_no_address(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.write("innovations/d.md", "---\ntitle: [không đóng\n---\n\nVăn bản.\n")
    (checked, gaps), _ = _load(tree)
    assert checked.site is not None
    assert [(f.path, f.address) for f in gaps.files] == [("innovations/d.md", None)]
    assert gaps.unplaced == gaps.files


def test_an_id_is_read_from_front_matter_that_cannot_be_read_whole(tree: ContentTree) -> None:
    tree.innovation("a")
    # Read as text: CRLF line ends are newlines.
    tree.write("innovations/e.md", "---\r\nid: 'AAA-2022-0005'\r\ntitle: [không đóng\r\n"
               "---\r\n\r\nVăn bản.\r\n")
    (checked, gaps), _ = _load(tree)
    assert checked.site is not None
    assert [(f.path, f.address) for f in gaps.files] == [
        ("innovations/e.md", "sang-kien/aaa-2022-0005/")]


def test_a_wrong_data_file_leaves_nothing_out(tree: ContentTree) -> None:
    tree.innovation("a")
    tree.innovation("c", id="AAA-2022-0003", registered="15/03/2022")
    units = tree.root / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("members: 40", "members: x"),
                     encoding="utf-8")
    (checked, gaps), loads = _load(tree)
    assert checked.site is None and gaps is NO_GAPS and loads == [[]]
    assert {Path(p.path).name for p in checked.errors} == {"units.yml", "c.md"}


def test_nothing_wrong_loads_once(tree: ContentTree) -> None:
    tree.innovation("a")
    (checked, gaps), loads = _load(tree)
    assert checked.site is not None and not gaps and loads == [[]]
