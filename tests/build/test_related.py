"""Related initiatives: sharing tags first, then category, then unit; never itself or a draft."""

from __future__ import annotations

from pathlib import Path

from conftest import ContentTree
from sitetools import build_site

from generator.content.loader import load_content
from generator.infra.build_cache import RELATED_CHOICES, BuildCache
from generator.site.related import RELATED, related_initiatives, remembered_related


def test_shared_tags_then_category_then_unit(tree: ContentTree) -> None:
    tree.innovation("a", id="AAA-2022-0001", tags="[cáp ngầm, an toàn]", category="ky-thuat")
    tree.innovation("b", id="AAA-2022-0002", tags="[cáp ngầm, an toàn]", category="quan-ly",
                    unit="BBB")
    tree.innovation("c", id="AAA-2022-0003", tags="[an toàn]", category="quan-ly", unit="BBB")
    tree.innovation("d", id="AAA-2022-0004", category="ky-thuat", unit="BBB")
    tree.innovation("e", id="AAA-2022-0005", category="quan-ly", unit="AAA")
    tree.innovation("f", id="AAA-2022-0006", tags="[cáp ngầm]", draft="true")
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    related = related_initiatives(catalog.published)
    assert [i.id for i in related["AAA-2022-0001"]] == [
        "AAA-2022-0002",  # two tags in common
        "AAA-2022-0003",  # one tag
        "AAA-2022-0004",  # same category
        "AAA-2022-0005",  # same unit
    ]
    for inn_id, others in related.items():
        assert inn_id not in {o.id for o in others}
        assert all(not o.draft for o in others) and len(others) <= RELATED
    assert "AAA-2022-0006" not in related
    # Fewer than RELATED to choose from, ranked in two forked shares: the same.
    assert related_initiatives(catalog.published, workers=2, min_share=1) == related


def test_related_is_deterministic_and_bounded(tree: ContentTree) -> None:
    for n in range(1, 40):
        tree.innovation(f"i{n}", id=f"AAA-2022-{n:04d}", tags="[an toàn]",
                        registered=f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}")
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    first = related_initiatives(catalog.published)
    second = related_initiatives(tuple(reversed(catalog.published)))
    assert first == second
    assert related_initiatives(catalog.published, workers=2, min_share=5) == first
    assert all(len(others) == RELATED for others in first.values())


def _ids(related: dict[str, tuple]) -> dict[str, list[str]]:
    return {k: [o.id for o in v] for k, v in related.items()}


def test_remembered_related_are_chosen_again_only_when_what_they_read_changes(
        tree: ContentTree, tmp_path: Path) -> None:
    for n in range(1, 30):
        tree.innovation(f"i{n}", id=f"AAA-2022-{n:04d}", tags=f"[t{n % 4}]",
                        registered=f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}")
    catalog = load_content(tree.root).catalog
    assert catalog is not None
    cache = BuildCache(tmp_path / "cache")
    first = remembered_related(catalog.published, cache)
    cache.close()
    cache = BuildCache(tmp_path / "cache")  # the next build
    second = remembered_related(catalog.published, cache)
    assert _ids(second) == _ids(first) == _ids(related_initiatives(catalog.published))
    assert cache.totals()[RELATED_CHOICES] == (1, 0)
    # The objects of this catalog, not copies: pages compare and link them.
    assert all(o is catalog.by_id[o.id] for others in second.values() for o in others)

    tree.innovation("i3", id="AAA-2022-0003", tags="[t1, mới]", registered="2022-04-04")
    changed = load_content(tree.root).catalog
    assert changed is not None
    again = remembered_related(changed.published, cache)
    assert cache.totals()[RELATED_CHOICES] == (1, 1)
    assert _ids(again) == _ids(related_initiatives(changed.published)) != _ids(first)


def test_innovation_page_shows_its_related(tree: ContentTree, tmp_path: Path) -> None:
    tree.innovation("a", id="AAA-2022-0001", tags="[cáp ngầm]")
    tree.innovation("b", id="AAA-2022-0002", tags="[cáp ngầm]", title="Đầu cáp kiểu mới")
    site = build_site(tree.root, tmp_path / "build", search=False)
    html = (site / "sang-kien/aaa-2022-0001/index.html").read_text(encoding="utf-8")
    section = html[html.index('class="sk-related"'):]
    assert "Sáng kiến liên quan" in section and "Đầu cáp kiểu mới" in section
    assert "aaa-2022-0001/" not in section.split("</section>")[0]
