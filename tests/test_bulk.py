"""Bulk pages rendered from shells are byte for byte what MkDocs renders page by page."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE
from markupsafe import Markup
from sitetools import build_site

from generator.adapter.templating import RenderedOnce
from generator.content.loader import load_content


def test_bulk_pages_equal_mkdocs_pages(tmp_path: Path) -> None:
    fast = build_site(SAMPLE, tmp_path / "fast", bulk_render=True, search=False)
    slow = build_site(SAMPLE, tmp_path / "slow", bulk_render=False, search=False)
    catalog = load_content(SAMPLE).catalog
    assert catalog is not None
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
    assert (fast / "sitemap.xml").read_bytes() == (slow / "sitemap.xml").read_bytes()


def test_a_card_made_once_is_given_with_each_page_s_root_and_level() -> None:
    made = RenderedOnce(size=2)
    card = Markup(f'<h{made.LEVEL}><a href="{made.ROOT}/sang-kien/a/">A &amp; B</a>'
                  f'</h{made.LEVEL}>')
    assert made.keep("A", card, Markup(".."), 3) == (
        '<h3><a href="../sang-kien/a/">A &amp; B</a></h3>')
    assert made.get("A", Markup("../../.."), 2) == (
        '<h2><a href="../../../sang-kien/a/">A &amp; B</a></h2>')
    made.keep("B", card, Markup("."), 3)
    made.get("A", Markup("."), 3)  # used last: "B" goes first
    made.keep("C", card, Markup("."), 3)
    assert made.get("B", Markup("."), 3) is None and made.get("A", Markup("."), 3) is not None
