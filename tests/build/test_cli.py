"""The editors' commands, run as an editor runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, ContentTree

from generator.content.loader import load_content


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_validate_valid_tree_exits_0(tree: ContentTree) -> None:
    tree.innovation("a")
    result = run("validate", str(tree.root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nội dung hợp lệ: 1 sáng kiến" in result.stderr


def test_validate_lists_every_problem_and_exits_1(tree: ContentTree) -> None:
    tree.innovation("a", unit="AAB")
    tree.innovation("b", id="AAA-2022-0002", benefit="{value_vnd: 1.200.000}")
    result = run("validate", str(tree.root))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("innovations/a.md:4:7: unit: đơn vị `AAB` không tồn tại "
                             "(gợi ý: có phải là `AAA`?)")
    assert ":10:22: benefit.value_vnd: `1.200.000` không phải số nguyên" in lines[1]
    assert "2 lỗi" in result.stderr


def test_validate_github_format_gives_annotations(tree: ContentTree) -> None:
    tree.innovation("a", category="khac")
    result = run("validate", "--format", "github", str(tree.root))
    assert result.returncode == 1
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("::error file=")
    assert ",line=7,col=11::category: loại giải pháp `khac` không tồn tại" in line


def test_validate_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "khong-co"))
    assert result.returncode == 2
    assert "Không tìm thấy thư mục nội dung" in result.stderr


def test_new_scaffolds_a_fresh_id_and_folds_d(tree: ContentTree) -> None:
    tree.innovation("a", id="AAA-2022-0007")
    result = run("new", "--dir", str(tree.root), "--unit", "AAA", "--registered", "2022-04-01",
                 "--title", "Đồng hồ đo điện trở đất")
    assert result.returncode == 0, result.stderr
    path = tree.root / "innovations/aaa/dong-ho-do-dien-tro-dat.md"
    assert path.is_file()
    assert "AAA-2022-0008" in result.stdout
    # The scaffold is a valid draft: validate passes, nothing is published by accident.
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    made = catalog.by_id["AAA-2022-0008"]
    assert made.draft and made.title == "Đồng hồ đo điện trở đất"
    # A second scaffold with the same title never overwrites the first.
    again = run("new", "--dir", str(tree.root), "--unit", "AAA", "--registered", "2022-04-02",
                "--title", "Đồng hồ đo điện trở đất", "--bundle")
    assert again.returncode == 0
    assert (tree.root / "innovations/aaa/dong-ho-do-dien-tro-dat-2/index.md").is_file()
    assert "AAA-2022-0009" in again.stdout


def test_placeholders_of_new_are_errors_once_the_draft_flag_is_gone(tree: ContentTree) -> None:
    made = run("new", "--dir", str(tree.root), "--unit", "AAA", "--registered", "2022-04-01",
               "--title", "Đồng hồ đo điện trở đất")
    assert made.returncode == 0, made.stderr
    path = tree.root / "innovations/aaa/dong-ho-do-dien-tro-dat.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(t for t in lines if not t.startswith("draft:")), encoding="utf-8")
    result = run("validate", str(tree.root))
    assert result.returncode == 1
    found = {(line.split(":")[1], line.split(": ")[1]) for line in result.stdout.splitlines()
             if "mẫu" in line}
    assert found == {("7", "summary"), ("9", "authors[1].name"), ("10", "authors[1].position"),
                     ("17", "(nội dung)"), ("21", "(nội dung)"), ("25", "(nội dung)")}


def test_new_rejects_unknown_unit(tree: ContentTree) -> None:
    result = run("new", "--dir", str(tree.root), "--unit", "ZZZ", "--title", "X")
    assert result.returncode == 2
    assert "không có trong units.yml" in result.stderr
