"""What lets a build hold less than its catalog: bodies read again from their files, pages
made when rendered, search records on disk, open data written a row at a time. Each must give
what the whole-in-memory way gave."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from generator.content.bodies import BodyChanged, read_body, without_body
from generator.content.loader import load_content
from generator.search.record_spool import RecordSpool, in_index_order
from generator.search.records import SearchRecord
from generator.site import exports
from generator.site.checked import load_and_plan
from generator.site.site_plan import ChainedPages, InnovationPages

PROJECT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT / "content"


@pytest.fixture(scope="module")
def sample_site():  # type: ignore[no-untyped-def]
    checked = load_and_plan(CONTENT)
    assert checked.site is not None
    return checked.site


def test_a_body_read_again_is_the_body_checked(tmp_path: Path) -> None:
    kept = load_content(CONTENT).catalog
    lean = load_content(CONTENT, keep_bodies=False).catalog
    assert kept is not None and lean is not None
    assert all(inn.body == "" for inn in lean.innovations)
    for full, light in zip(kept.innovations, lean.innovations, strict=True):
        assert read_body(CONTENT, light) == full.body
        assert without_body(full) == light


def test_bodies_are_kept_within_their_budget_and_read_again_past_it() -> None:
    kept = load_content(CONTENT).catalog
    assert kept is not None
    budget = sum(len(inn.body) for inn in kept.innovations) // 2
    part = load_content(CONTENT, keep_bodies=False, body_budget=budget).catalog
    assert part is not None
    held = [inn for inn in part.innovations if inn.body]
    assert 0 < len(held) < len(part.innovations)
    assert sum(len(inn.body) for inn in held) <= budget
    for full, light in zip(kept.innovations, part.innovations, strict=True):
        assert light == (full if light.body else without_body(full))


def test_a_tree_loaded_in_one_share_has_the_whole_budget() -> None:
    """Too few files to fork for: the one share keeps every body the budget holds, not
    the part a second worker would have had."""
    kept = load_content(CONTENT).catalog
    assert kept is not None
    budget = sum(len(inn.body) for inn in kept.innovations)
    part = load_content(CONTENT, workers=2, keep_bodies=False, body_budget=budget).catalog
    assert part is not None
    assert part.innovations == kept.innovations


def test_a_body_changed_after_its_check_is_refused(tmp_path: Path) -> None:
    catalog = load_content(CONTENT, keep_bodies=False).catalog
    assert catalog is not None
    innovation = catalog.innovations[0]
    copy = tmp_path / innovation.source
    copy.parent.mkdir(parents=True)
    copy.write_text((CONTENT / innovation.source).read_text(encoding="utf-8") + "\nThêm.\n",
                    encoding="utf-8")
    with pytest.raises(BodyChanged, match="đã thay đổi trong lúc dựng"):
        read_body(tmp_path, innovation)


def test_pages_made_when_asked_are_the_pages_planned(sample_site) -> None:  # type: ignore[no-untyped-def]
    pages = sample_site.pages
    innovation_parts = [p for p in pages.parts if isinstance(p, InnovationPages)]
    assert len(innovation_parts) == 1
    made = innovation_parts[0]
    assert len(made) == len(sample_site.catalog.published)
    assert [p.url for p in made[1::2]] == [p.url for p in list(made)[1::2]]
    first = made[0]
    assert first.context["innovation"] is sample_site.catalog.published[0]
    assert first.markdown == sample_site.catalog.published[0].body


@pytest.mark.parametrize("seed", range(40))
def test_chained_pages_slice_as_a_list_does(seed: int) -> None:
    rng = random.Random(seed)
    parts, start = [], 0
    for size in (rng.randint(0, 6) for _ in range(rng.randint(0, 4))):
        parts.append(list(range(start, start + size)))
        start += size
    chained, flat = ChainedPages(parts), list(range(start))  # type: ignore[arg-type]
    assert list(chained) == flat
    for _ in range(20):
        a, b, step = rng.randint(-3, start + 2), rng.randint(-3, start + 2), rng.randint(1, 4)
        assert list(chained[a:b:step]) == flat[a:b:step]
    assert [chained[i] for i in range(-start, start)] == [flat[i] for i in range(-start, start)]


def test_spooled_records_come_back_in_the_index_order(tmp_path: Path) -> None:
    rng = random.Random(7)
    records = [SearchRecord(url=f"sang-kien/{rng.randint(0, 999):03d}-{n}/", title=f"T{n}",
                            content="đường dây", meta={"unit": "Điện lực"},
                            filters={"tag": ["a", "b"]},
                            sort={"date": f"2022-0{rng.randint(1, 9)}-01"} if n % 7 else {})
               for n in range(2500)]
    spool = RecordSpool(tmp_path)
    for record in records:
        spool.add(record)
    try:
        assert len(spool) == len(records)
        assert list(in_index_order(spool)) == list(in_index_order(records))
    finally:
        spool.close()
    assert not any(tmp_path.iterdir())


def test_open_data_written_a_row_at_a_time_is_the_whole(sample_site) -> None:  # type: ignore[no-untyped-def]
    rows = [exports.innovation_row(sample_site, inn) for inn in sample_site.catalog.published]
    text = exports.innovations_json(sample_site)
    assert json.loads(text) == rows
    lines = text.splitlines()  # one innovation a line, between the brackets
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(rows) + 2
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == [
        row["id"] for row in rows]
    empty = replace(sample_site, catalog=replace(sample_site.catalog, innovations=()))
    assert json.loads(exports.innovations_json(empty)) == []
    data = b"".join(exports.innovations_csv_parts(sample_site, rows_per_part=3))
    assert data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == [label for _, label in exports.CSV_COLUMNS]
    assert [row[0] for row in table[1:]] == [row["id"] for row in rows]
    assert data == exports.innovations_csv(sample_site)


def test_a_large_sitemap_is_an_index_of_parts(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from xml.etree import ElementTree

    from generator.adapter import writers
    from generator.site import urls

    monkeypatch.setattr(urls, "SITEMAP_LIMIT", 3)
    addresses = [f"sang-kien/a-{n}/" for n in range(7)] + [""]
    writers.write_sitemap(tmp_path, "https://sangkien.example.vn/", addresses)
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{space}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{space}loc")]
    assert parts == [f"https://sangkien.example.vn/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = []
    for number in (1, 2, 3):
        part = ElementTree.parse(tmp_path / f"sitemap-{number}.xml").getroot()
        locs = [loc.text for loc in part.iter(f"{space}loc")]
        assert 1 <= len(locs) <= 3
        listed += locs
    assert listed == sorted(f"https://sangkien.example.vn/{a}" for a in addresses)
    assert writers.sitemap_files(addresses) == ["sitemap-1.xml", "sitemap-2.xml",
                                                "sitemap-3.xml"]
