"""Fixtures: small content trees written as real files, with answers known by construction."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser
from serving import serve_folder
from sitetools import build_site, launch_chromium

from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.content.problems import Problem
from generator.site.checked import load_and_plan

PROGRAM = """\
name: Chương trình 01 triệu sáng kiến
organization: Công đoàn Điện lực Việt Nam
counted_from: 2021-09-01
target: 100
phases:
  - {id: 1, name: Giai đoạn 1, start: 2021-09-01, end: 2022-05-31, target: 30}
  - {id: 2, name: Giai đoạn 2, start: 2022-06-01, end: 2023-09-30, target: 70}
participation_target: 0.10
featured_per_month: 2
categories:
  ky-thuat: Giải pháp kỹ thuật
  quan-ly: Giải pháp quản lý
awards:
  bang-ldst: {name: Bằng Lao động sáng tạo, issuer: Tổng Liên đoàn Lao động Việt Nam, target: 3}
  chung-nhan-ldst:
    {name: Chứng nhận Lao động sáng tạo, issuer: Công đoàn Điện lực Việt Nam, target: 5}
emulation_block:
  name: Khối thi đua 9
  rank_target: 3
  peers:
    - {name: Công đoàn Dầu khí Việt Nam, participation: 0.5}
    - {name: Công đoàn Than, participation: 0.001}
"""

UNITS = """\
- code: AAA
  name: Công đoàn Đơn vị A
  members: 10
  targets: {1: 10, 2: 20}
- code: BBB
  name: Công đoàn Đơn vị B
  members: 40
  targets: {1: 5, 2: 5}
"""


def image_bytes(size: tuple[int, int] = (8, 8), fmt: str = "PNG") -> bytes:
    """A real picture: the checker opens every image's header and data."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 60, 20)).save(out, fmt)
    return out.getvalue()


def front_matter(**fields: str) -> str:
    """Front matter from raw YAML values, in the given order (values are YAML text)."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {value}" if not value.startswith("\n") else f"{key}:{value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def innovation_text(body: str = "## Giải pháp\n\nMô tả.\n", **overrides: str | None) -> str:
    fields: dict[str, str | None] = {
        "id": "AAA-2022-0001",
        "title": "Thiết bị đo nhiệt độ đầu cáp",
        "unit": "AAA",
        "authors": "\n  - {name: Nguyễn Văn An}",
        "category": "ky-thuat",
        "registered": "2022-03-15",
        "summary": "Đo nhiệt độ đầu cáp không cần cắt điện.",
    }
    fields.update(overrides)
    return front_matter(**{k: v for k, v in fields.items() if v is not None}) + "\n" + body


class ContentTree:
    """A content folder under tmp_path with the programme and two units above."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "innovations").mkdir(parents=True)
        self.write("program.yml", PROGRAM)
        self.write("units.yml", UNITS)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return path

    def innovation(self, name: str, body: str = "## Giải pháp\n\nMô tả.\n",
                   **overrides: str | None) -> Path:
        return self.write(f"innovations/{name}.md", innovation_text(body, **overrides))


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "content"


def line_of(text: str, marker: str) -> int:
    """The 1-based line of text holding marker: tests name a line by what it holds."""
    for number, line in enumerate(text.split("\n"), start=1):
        if marker in line:
            return number
    raise AssertionError(f"no line holds {marker!r}")


def check(tree: ContentTree, rel: str, text: str,
          *expected: tuple[str, int] | tuple[str, int, int]) -> list[Problem]:
    """Write text at rel and assert that the tree's errors are exactly the expected ones, all
    as (field, line) or all as (field, line, column), in yamllint's manner."""
    tree.write(rel, text)
    found = load_and_plan(tree.root).errors
    with_column = any(len(want) == 3 for want in expected)
    got = sorted((p.field, p.line, p.col) if with_column else (p.field, p.line) for p in found)
    assert got == sorted(expected), [p.format_text() for p in found]
    return found


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once per run with the project's settings, shared by every
    test that only reads it (none may write into it)."""
    return build_site(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """The shared sample site served as a static host serves it."""
    with serve_folder(sample_site) as address:
        yield address


@pytest.fixture(scope="session")
def sample_catalog() -> Catalog:
    result = load_content(SAMPLE)
    assert result.errors == [] and result.catalog is not None, result.errors
    return result.catalog


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile editor's site (tests/hostile_content.py), built once per run."""
    from hostile_content import build_hostile_site

    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module."""
    with launch_chromium() as launched:
        yield launched


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """The call's outcome kept on the test, for fixtures that report what they saw on failure."""
    report = yield
    if report.when == "call":
        item.outcome_call = report  # type: ignore[attr-defined]
    return report
