"""Bodies' relative links to the files of innovations, events and months' picks: made the
addresses of their pages in every page that shows the body, or an error when no page is there."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROGRAM, ContentTree, check, front_matter, innovation_text, line_of
from sitetools import broken_links, build_site

from devtools.buildconfig import derived_config, mkdocs_build
from generator.content.bodylinks import LinkScope
from generator.content.loader import load_content
from generator.infra.build_cache import BuildCache
from generator.site.body_links import BodyLinks
from generator.site.checked import load_and_plan

EVENT = "events/2022-04-01-toa-dam.md"
MONTH = "featured/2022-04.md"


def _event(body: str, draft: str | None = None) -> str:
    return front_matter(title="Tọa đàm an toàn", date="2022-04-01", kind="toa-dam",
                        units="[AAA, BBB]", summary="Tóm tắt.", draft=draft) + "\n" + body


def _month(body: str) -> str:
    return front_matter(month="2022-04", title="Sáng kiến tiêu biểu tháng 4/2022",
                        picks="\n  - {id: AAA-2022-0001, headline: Hay}") + "\n" + body


def _links(html: str, text: str) -> list[str]:
    """The href of every link whose text is text."""
    return re.findall(rf'<a href="([^"]*)"[^>]*>{re.escape(text)}</a>', html)


# -- resolving -------------------------------------------------------------------------------

def _index() -> BodyLinks:
    return BodyLinks(
        addresses={"innovations/a.md": "sang-kien/aaa-1/",
                   "innovations/nhom/b/index.md": "sang-kien/bbb-2/",
                   EVENT: "su-kien/2022-04-01-toa-dam/", MONTH: "tieu-bieu/2022-04/",
                   "index.md": "", "gioi-thieu.md": "gioi-thieu/",
                   "giới thiệu.md": "giới thiệu/"},
        links={"innovations/a.md": ("innovations/nhom/b/index.md",)},
        source_at={"sang-kien/aaa-1/": "innovations/a.md"})


@pytest.mark.parametrize(("source", "href", "address", "expected"), [
    ("innovations/a.md", "nhom/b/index.md", "sang-kien/aaa-1/", "../bbb-2/"),
    ("innovations/a.md", "nhom/b/index.md#hieu-qua", "sang-kien/aaa-1/", "../bbb-2/#hieu-qua"),
    ("innovations/a.md", "./nhom/../nhom/b/index.md", "sang-kien/aaa-1/", "../bbb-2/"),
    ("innovations/a.md", "nhom/b/index.md?x=1#y", "sang-kien/aaa-1/", "../bbb-2/?x=1#y"),
    ("innovations/nhom/b/index.md", "../../a.md", "sang-kien/bbb-2/", "../aaa-1/"),
    ("innovations/a.md", "../events/2022-04-01-toa-dam.md", "sang-kien/aaa-1/",
     "../../su-kien/2022-04-01-toa-dam/"),
    (EVENT, "../featured/2022-04.md", "su-kien/2022-04-01-toa-dam/", "../../tieu-bieu/2022-04/"),
    (MONTH, "../index.md", "tieu-bieu/2022-04/", "../../"),
    ("gioi-thieu.md", "innovations/a.md", "gioi-thieu/", "../sang-kien/aaa-1/"),
    ("index.md", "innovations/a.md", "", "sang-kien/aaa-1/"),
    ("innovations/a.md", "a.md", "sang-kien/aaa-1/", "./"),
    ("innovations/a.md", "../gi%E1%BB%9Bi%20thi%E1%BB%87u.md#m%E1%BB%A5c", "sang-kien/aaa-1/",
     "../../gi%E1%BB%9Bi%20thi%E1%BB%87u/#m%E1%BB%A5c"),
    ("innovations/a.md", "khong-co.md", "sang-kien/aaa-1/", None),
    ("innovations/a.md", "/sang-kien/", "sang-kien/aaa-1/", None),
    ("innovations/a.md", "https://example.com/a.md", "sang-kien/aaa-1/", None),
    ("innovations/a.md", "#a.md", "sang-kien/aaa-1/", None),
])
def test_a_link_to_a_pages_file_resolves_to_its_address(source: str, href: str, address: str,
                                                         expected: str | None) -> None:
    assert _index().resolve(source, href, address) == expected


def test_rewriting_changes_only_links_to_pages_files() -> None:
    index = _index()
    body = ('<p><a href="nhom/b/index.md#x&amp;y">b</a> <a href="https://e.vn/a.md">e</a> '
            '<a href="khong-co.md">k</a> <img alt="a.md" src="anh.png"> a.md</p>')
    assert index.rewrite(body, "sang-kien/aaa-1/") == body.replace(
        "nhom/b/index.md#x&amp;y", "../bbb-2/#x&amp;y")
    assert index.rewrite(body, "sang-kien/other/") == body  # a page without such links
    assert index.rewrite('<a href="nhom/b/index.md', "sang-kien/aaa-1/") == (
        '<a href="nhom/b/index.md')  # an unclosed value (never from the sanitiser): as it is


def test_a_pages_key_follows_the_addresses_it_links_to() -> None:
    index = _index()
    moved = BodyLinks({**index.addresses, "innovations/nhom/b/index.md": "sang-kien/ccc-3/"},
                      index.links, index.source_at)
    assert index.key("sang-kien/aaa-1/") != moved.key("sang-kien/aaa-1/")
    assert index.key("gioi-thieu/") == b""


# -- checking ------------------------------------------------------------------------------

def test_links_to_pages_files_are_accepted_from_every_body(tree: ContentTree) -> None:
    tree.write("gioi-thieu.md", "# Giới thiệu\n\n[a](innovations/a.md), [s](events/"
               "2022-04-01-toa-dam.md), [t](featured/2022-04.md)\n")
    tree.innovation("a", "[b](b/index.md#hieu-qua), [trang](../gioi-thieu.md), "
                    "[s](../events/2022-04-01-toa-dam.md)\n")
    tree.write("innovations/b/index.md", innovation_text("[a](../a.md)\n", id="AAA-2022-0002"))
    tree.write(EVENT, _event("[a](../innovations/a.md), [t](../featured/2022-04.md)\n"))
    tree.write(MONTH, _month("[b](../innovations/b/index.md)\n"))
    checked = load_and_plan(tree.root)
    assert checked.errors == [], [p.format_text() for p in checked.errors]
    assert checked.links.source_at == {
        "sang-kien/aaa-2022-0001/": "innovations/a.md",
        "sang-kien/aaa-2022-0002/": "innovations/b/index.md",
        "su-kien/2022-04-01-toa-dam/": EVENT, "tieu-bieu/2022-04/": MONTH,
        "gioi-thieu/": "gioi-thieu.md"}


def test_a_link_to_a_draft_or_to_nothing_is_an_error_at_its_line(tree: ContentTree) -> None:
    tree.innovation("nhap", id="AAA-2022-0009", draft="true")
    tree.write(EVENT, _event("Báo cáo.\n", draft="true"))
    body = ("Mở đầu.\n\n[nháp](nhap.md)\n\n[thiếu](khong-co.md#x)\n\n"
            "[sự kiện](../events/2022-04-01-toa-dam.md)\n")
    text = innovation_text(body)
    problems = check(tree, "innovations/a.md", text,
                     *(("(nội dung)", line_of(text, marker))
                       for marker in ("nhap.md", "khong-co.md", "toa-dam.md")))
    messages = "\n".join(p.format_text() for p in problems)
    assert "innovations/nhap.md`: sáng kiến này là bản nháp" in messages, messages
    assert "sự kiện này là bản nháp" in messages, messages
    assert "liên kết tới tệp `khong-co.md` không có" in messages, messages
    # A draft's links matter once it is published: two drafts may name each other.
    tree.innovation("nhap", "[a](a.md) [nháp](nhap-2.md)\n", id="AAA-2022-0009",
                    draft="true")
    tree.innovation("nhap-2", "[nháp](nhap.md)\n", id="AAA-2022-0010", draft="true")
    text = innovation_text("[nháp](nhap.md)\n")
    check(tree, "innovations/a.md", text, ("(nội dung)", line_of(text, "nhap.md")))
    # From a month's picks and an ordinary page too.
    (tree.root / "innovations/a.md").write_text(innovation_text(), encoding="utf-8")
    page = "# Trang\n\n[nháp](innovations/nhap.md)\n"
    check(tree, "trang.md", page, ("(nội dung)", line_of(page, "nhap.md")))


def test_an_awards_criteria_link_no_file(tree: ContentTree) -> None:
    """program.yml's Markdown (an award's criteria) is shown on a page of its own, not one
    that a file names: a link to a file there leads nowhere."""
    tree.write("gioi-thieu.md", "# Giới thiệu\n")
    program = PROGRAM.replace("target: 3}", 'target: 3, criteria: "[x](gioi-thieu.md)"}')
    problems = check(tree, "program.yml", program, ("(nội dung)", line_of(program, "criteria")))
    assert "không được đăng ở địa chỉ đó" in problems[0].message


def test_a_link_checked_by_an_earlier_build_is_checked_again(
        tmp_path: Path, tree: ContentTree, monkeypatch: pytest.MonkeyPatch) -> None:
    """An innovation from the build cache is not judged again: its links are, at every load."""
    line = line_of(innovation_text("[b](b.md)\n"), "b.md")
    tree.innovation("a", "[b](b.md)\n")
    target = tree.innovation("b", id="AAA-2022-0002")
    cache = BuildCache(tmp_path / "cache")
    first = load_content(tree.root, build_cache=cache)
    assert first.ok and first.links == {"innovations/a.md": (("innovations/b.md", line, 1),)}
    cache.flush()
    target.unlink()

    def judged_again(*args: object) -> None:
        raise AssertionError("a.md was read again, not taken from the cache")

    monkeypatch.setattr(LinkScope, "judge", judged_again)
    again = load_content(tree.root, build_cache=cache)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in again.errors] == [
        ("a.md", line, "liên kết tới tệp `innovations/b.md` không có")]


# -- building ------------------------------------------------------------------------------

def _linked_tree(tree: ContentTree) -> None:
    tree.innovation("a", "## Giải pháp\n\nXem [b](nhom/b/index.md#hieu-qua), "
                    "[sự kiện](../events/2022-04-01-toa-dam.md), [trang](../gioi-thieu.md), "
                    '<a href="nhom/b/index.md">thô</a>.\n')
    tree.write("innovations/nhom/b/index.md",
               innovation_text("## Hiệu quả\n\nXem [a](../../a.md).\n", id="AAA-2022-0002",
                               unit="BBB", category="quan-ly"))  # not among a's related
    tree.write(EVENT, _event("Xem [a](../innovations/a.md#giai-phap).\n"))
    tree.write(MONTH, _month("Xem [b](../innovations/nhom/b/index.md).\n"))
    tree.write("gioi-thieu.md", "# Giới thiệu\n\nXem [a](innovations/a.md) và "
               "[tháng](featured/2022-04.md).\n")


@pytest.mark.parametrize("bulk", [True, False])
def test_the_built_pages_link_to_the_pages_addresses(tmp_path: Path, tree: ContentTree,
                                                      bulk: bool) -> None:
    _linked_tree(tree)
    site = build_site(tree.root, tmp_path / "build", bulk_render=bulk, cache_dir="")
    a = (site / "sang-kien/aaa-2022-0001/index.html").read_text(encoding="utf-8")
    assert _links(a, "b") == ["../aaa-2022-0002/#hieu-qua"]
    assert _links(a, "thô") == ["../aaa-2022-0002/"]
    assert _links(a, "sự kiện") == ["../../su-kien/2022-04-01-toa-dam/"]
    assert _links(a, "trang") == ["../../gioi-thieu/"]
    b = (site / "sang-kien/aaa-2022-0002/index.html").read_text(encoding="utf-8")
    assert _links(b, "a") == ["../aaa-2022-0001/"]
    assert 'id="hieu-qua"' in b
    event = (site / "su-kien/2022-04-01-toa-dam/index.html").read_text(encoding="utf-8")
    assert _links(event, "a") == ["../../sang-kien/aaa-2022-0001/#giai-phap"]
    month = (site / "tieu-bieu/2022-04/index.html").read_text(encoding="utf-8")
    assert _links(month, "b") == ["../../sang-kien/aaa-2022-0002/"]
    page = (site / "gioi-thieu/index.html").read_text(encoding="utf-8")
    assert _links(page, "a") == ["../sang-kien/aaa-2022-0001/"]
    assert _links(page, "tháng") == ["../tieu-bieu/2022-04/"]
    assert broken_links(site) == []
    assert ".md\"" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # The search index holds the text of the links, neither their addresses nor markup.
    index = "".join(gzip.decompress(p.read_bytes()).decode("utf-8")
                    for p in (site / "chi-muc").rglob("*.gz"))
    assert "Giới thiệu Xem a và tháng ." in index
    assert "href" not in index and ".md" not in index and "sang-kien/aaa-2022-0002/#" not in index


def test_a_cached_build_follows_a_linked_innovation_that_moves(tmp_path: Path,
                                                              tree: ContentTree) -> None:
    """The page of a, unchanged itself, is made again when b's id (its address) changes; and
    b removed is an error, though a's record comes from the cache."""
    _linked_tree(tree)
    site = tmp_path / "site"
    config = derived_config(tree.root, site, tmp_path / "mkdocs.yml")
    assert (result := mkdocs_build(config)).returncode == 0, result.stderr[-3000:]
    page = site / "sang-kien/aaa-2022-0001/index.html"
    assert _links(page.read_text(encoding="utf-8"), "b") == ["../aaa-2022-0002/#hieu-qua"]
    moved = tree.root / "innovations/nhom/b/index.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("AAA-2022-0002", "AAA-2022-0003"),
                     encoding="utf-8")
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"innovation 1/2", result.stderr), result.stderr[-2000:]
    assert _links(page.read_text(encoding="utf-8"), "b") == ["../aaa-2022-0003/#hieu-qua"]
    assert broken_links(site) == []
    shutil.rmtree(moved.parent)
    result = mkdocs_build(config)
    assert result.returncode != 0
    assert "innovations/a.md:" in result.stderr and "không có" in result.stderr, (
        result.stderr[-3000:])


def test_links_are_judged_alike_from_inside_the_content_folder(
        tree: ContentTree, monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate .` run in content/: the same links found, the same one leaving it refused."""
    tree.innovation("a", "[b](b.md) [ra ngoài](../../khac.md)\n")
    tree.innovation("b", id="AAA-2022-0002")
    (tree.root.parent / "khac.md").write_text("# Khác\n", encoding="utf-8")
    monkeypatch.chdir(tree.root)
    checked = load_and_plan(Path("."))
    assert [p.message for p in checked.errors] == ["`../../khac.md` trỏ ra ngoài thư mục content/"]
    tree.innovation("a", "[b](b.md)\n")
    checked = load_and_plan(Path("."))
    assert checked.errors == [] and checked.links.links == {"innovations/a.md": (
        "innovations/b.md",)}
