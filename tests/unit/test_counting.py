"""The counting rules, on content whose answers are known by construction."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import ContentTree

from generator.content.loader import load_content
from generator.content.model import Catalog
from generator.site.counting import author_key, compute_stats


def catalog_of(tree: ContentTree) -> Catalog:
    result = load_content(tree.root)
    assert result.errors == [], result.errors
    assert result.catalog is not None
    return result.catalog


def add(tree: ContentTree, number: int, registered: str, unit: str = "AAA",
        authors: str = "\n  - {name: Nguyễn Văn An}", **extra: str) -> None:
    tree.innovation(f"i{number}", id=f"{unit}-2022-{number:04d}", unit=unit,
                    registered=registered, authors=authors, **extra)


@pytest.mark.parametrize(
    ("registered", "counted", "phase"),
    [
        ("2021-08-31", False, None),  # the day before counted_from
        ("2021-09-01", True, 1),      # counted_from itself
        ("2022-05-31", True, 1),      # last day of phase 1
        ("2022-06-01", True, 2),      # first day of phase 2
        ("2023-09-30", True, 2),      # last day of the last phase
        ("2023-10-01", False, None),  # the day after
    ],
)
def test_boundary_dates(tree: ContentTree, registered: str, counted: bool,
                        phase: int | None) -> None:
    add(tree, 1, registered)
    stats = compute_stats(catalog_of(tree))
    assert stats.total == (1 if counted else 0)
    by_phase = {p.id: p.count for p in stats.phases}
    assert by_phase == {1: int(phase == 1), 2: int(phase == 2)}


def test_drafts_are_published_nowhere_and_counted_nowhere(tree: ContentTree) -> None:
    add(tree, 1, "2022-01-10")
    add(tree, 2, "2022-01-11", draft="true",
        awards="\n  - {kind: bang-ldst, date: 2022-03-01}")
    catalog = catalog_of(tree)
    stats = compute_stats(catalog)
    assert stats.total == 1
    assert stats.awards["bang-ldst"] == (0, 3)
    assert [i.id for i in catalog.published] == ["AAA-2022-0001"]


def test_one_person_written_several_ways_counts_once(tree: ContentTree) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    add(tree, 1, "2022-01-10", authors="\n  - {name: Nguyễn Văn An}")
    add(tree, 2, "2022-01-11", authors="\n  - {name: 'nguyễn   văn AN'}")
    add(tree, 3, "2022-01-12", authors=f"\n  - {{name: {nfd}}}")
    add(tree, 4, "2022-01-13", authors="\n  - {name: Trần Thị Bình}\n  - {name: NGUYỄN VĂN AN}")
    # Same name in another unit is another person.
    add(tree, 5, "2022-01-14", unit="BBB", authors="\n  - {name: Nguyễn Văn An}")
    stats = compute_stats(catalog_of(tree))
    units = {u.code: u for u in stats.units}
    assert units["AAA"].authors == 2
    assert units["BBB"].authors == 1
    assert stats.authors == 3
    assert stats.members == 50
    assert stats.participation == pytest.approx(3 / 50)
    assert units["AAA"].participation == pytest.approx(2 / 10)
    assert units["BBB"].participation == pytest.approx(1 / 40)


def test_author_key_folds_case_spaces_and_normal_form() -> None:
    assert author_key("A", " Lê  Thị\tHoa ") == author_key("A", unicodedata.normalize(
        "NFD", "LÊ THỊ HOA"))
    assert author_key("A", "Lê Thị Hoa") != author_key("B", "Lê Thị Hoa")
    assert author_key("A", "Lê Thị Hoa") != author_key("A", "Lê Thị Hòa")


def test_authors_of_uncounted_initiatives_do_not_participate(tree: ContentTree) -> None:
    add(tree, 1, "2021-05-01", authors="\n  - {name: Người Trước}")
    add(tree, 2, "2022-01-01", draft="true", authors="\n  - {name: Người Nháp}")
    assert compute_stats(catalog_of(tree)).authors == 0


def test_two_awards_of_one_kind_count_once(tree: ContentTree) -> None:
    add(tree, 1, "2022-01-10", awards="\n  - {kind: bang-ldst, date: 2022-03-01}"
                                       "\n  - {kind: bang-ldst, date: 2023-03-01}"
                                       "\n  - {kind: chung-nhan-ldst, date: 2022-04-01}")
    add(tree, 2, "2022-01-11", awards="\n  - {kind: chung-nhan-ldst, date: 2022-04-01}")
    # An award on an initiative outside the window does not count.
    add(tree, 3, "2021-01-11", awards="\n  - {kind: bang-ldst, date: 2022-04-01}")
    stats = compute_stats(catalog_of(tree))
    assert stats.awards == {"bang-ldst": (1, 3), "chung-nhan-ldst": (2, 5)}


def test_unit_counts_and_targets(tree: ContentTree) -> None:
    add(tree, 1, "2021-10-01")
    add(tree, 2, "2022-07-01")
    add(tree, 3, "2022-08-01")
    add(tree, 4, "2022-08-01", unit="BBB")
    stats = compute_stats(catalog_of(tree))
    units = {u.code: u for u in stats.units}
    assert (units["AAA"].count, units["AAA"].target) == (3, 30)
    assert [(p.id, p.count, p.target) for p in units["AAA"].phases] == [(1, 1, 10), (2, 2, 20)]
    assert (units["BBB"].count, units["BBB"].target) == (1, 10)
    assert (stats.total, stats.target) == (4, 100)


@pytest.mark.parametrize(("authors_in_a", "rank"), [(0, 3), (1, 2), (30, 1)])
def test_block_rank_is_one_plus_peers_above(tree: ContentTree, authors_in_a: int,
                                            rank: int) -> None:
    # Peers: 0.5 and 0.001; members 50 in all. 0 authors -> 0.0, below both peers.
    for n in range(authors_in_a):
        add(tree, n + 1, "2022-01-10", authors=f"\n  - {{name: Tác Giả {n}}}",
            unit="AAA" if n < 10 else "BBB")
    stats = compute_stats(catalog_of(tree))
    assert (stats.rank, stats.block_size) == (rank, 3)


def test_stats_json_has_the_contract_shape(tree: ContentTree) -> None:
    add(tree, 1, "2022-01-10")
    data = compute_stats(catalog_of(tree)).to_json()
    assert data["total"] == {"count": 1, "target": 100}
    assert [(p["id"], p["count"], p["target"]) for p in data["phases"]] == [(1, 1, 30), (2, 0, 70)]
    assert data["participation"] == {"authors": 1, "members": 50, "rate": 0.02, "target": 0.1}
    assert data["awards"] == {"bang-ldst": {"count": 0, "target": 3},
                              "chung-nhan-ldst": {"count": 0, "target": 5}}
    unit = data["units"][0]
    assert {k: unit[k] for k in ("code", "count", "target", "authors", "members", "rate")} == {
        "code": "AAA", "count": 1, "target": 30, "authors": 1, "members": 10, "rate": 0.1}
    assert data["block"]["rank"] == 2 and data["block"]["of"] == 3
