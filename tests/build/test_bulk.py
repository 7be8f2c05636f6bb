"""Bulk pages rendered from shells are byte for byte what MkDocs renders page by page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conftest import SAMPLE
from markupsafe import Markup
from sitetools import build_site

from generator.adapter.templating import RenderedOnce
from generator.content.loader import load_content


def test_bulk_pages_equal_mkdocs_pages(tmp_path: Path) -> None:
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
    # Every body read again from its file; then a budget of half their characters (this small
    # tree is loaded in one share, which has the whole budget): about half of them kept.
    fast = build_site(SAMPLE, tmp_path / "fast", bulk_render=True, search=False,
                      kept_body_characters=0)
    characters = sum(len(inn.body) for inn in catalog.innovations)
    partly = build_site(SAMPLE, tmp_path / "partly", bulk_render=True, search=False,
                        kept_body_characters=characters // 2)
    slow = build_site(SAMPLE, tmp_path / "slow", bulk_render=False, search=False)
    pages = [f"sang-kien/{i.slug}/index.html" for i in catalog.published]
    pages += [str(p.relative_to(slow)) for p in slow.glob("**/trang/*/index.html")]
    pages += [f"don-vi/{u.slug}/index.html" for u in catalog.units]
    pages += [str(p.relative_to(slow)) for p in slow.glob("loai/*/index.html")]
    pages += [str(p.relative_to(slow)) for p in slow.glob("chu-de/*/index.html")]
    pages += [str(p.relative_to(slow)) for p in slow.glob("vinh-danh/*/index.html")]
    assert len(pages) > len(catalog.published) + len(catalog.units)
    assert any(p.startswith("vinh-danh/") for p in pages)
    different = [p for p in pages if (fast / p).read_bytes() != (slow / p).read_bytes()]
    assert different == []
    fast_files = sorted(str(p.relative_to(fast)) for p in fast.rglob("*") if p.is_file())
    slow_files = sorted(str(p.relative_to(slow)) for p in slow.rglob("*") if p.is_file())
    assert fast_files == slow_files
    assert all((partly / name).read_bytes() == (fast / name).read_bytes() for name in fast_files)
    assert (fast / "sitemap.xml").read_bytes() == (slow / "sitemap.xml").read_bytes()


@dataclass(frozen=True)
class _Item:
    id: str


def test_a_card_made_once_is_given_with_each_page_s_root_and_level() -> None:
    made = RenderedOnce(size=2)
    calls: list[str] = []

    def card(item: _Item, level: Markup, root: Markup) -> Markup:
        calls.append(item.id)
        return Markup(f'<h{level}><a href="{root}/sang-kien/{item.id.lower()}/">{item.id} &amp; B'
                      f'</a></h{level}>')

    a, b, c = _Item("A"), _Item("B"), _Item("C")
    assert made.joined([a], Markup(".."), 3, card) == (
        '<h3><a href="../sang-kien/a/">A &amp; B</a></h3>')
    assert made.joined([a, a], Markup("../../.."), 2, card) == (
        '<h2><a href="../../../sang-kien/a/">A &amp; B</a></h2>' * 2)
    assert calls == ["A"]
    made.joined([b, a], Markup("."), 3, card)  # A used last: B goes first
    made.joined([c], Markup("."), 3, card)
    assert calls == ["A", "B", "C"]
    made.joined([a], Markup("."), 3, card)
    assert calls == ["A", "B", "C"]
    made.joined([b], Markup("."), 3, card)
    assert calls == ["A", "B", "C", "B"]
