"""The partitioned search index (generator/search/partitioned.py): the same bytes for the same
records, words folded as the site folds them, filters, prefixes, newest first, and a bounded
number of files per query whatever the number of records."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from partsreader import MAX_PARTS, PartsReader

from generator.search import partitioned
from generator.search.partitioned import BLOCK_SIZES, build_partitioned
from generator.search.record_spool import RecordSpool
from generator.search.records import (
    SearchRecord,
    folded_d_words,
    plain_text,
    plain_text_start,
)
from generator.site.vietnamese import fold

UNITS = ("Công đoàn Điện lực Hải Dương", "Công đoàn Truyền tải điện 1", "Công đoàn Phát điện 2")
SUBJECTS = ("Đường dây 110 kV", "Trạm biến áp", "Công tơ điện tử", "Máy cắt", "Lò hơi",
            "Tiết kiệm năng lượng", "Camera nhiệt", "Hotline")
VERBS = ("Cải tiến", "Thiết bị kiểm tra", "Giải pháp giám sát", "Ứng dụng số hóa")


def make_records(count: int, seed: int = 7) -> list[SearchRecord]:
    rng = random.Random(seed)
    records = []
    for index in range(count):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1095))
        subject, unit = rng.choice(SUBJECTS), rng.choice(UNITS)
        title = f"{rng.choice(VERBS)} {subject.lower()} số {index}"
        records.append(SearchRecord(
            url=f"sang-kien/sk-{index:06d}/", title=title,
            content=f"Thực trạng {rng.choice(SUBJECTS).lower()} tại đơn vị, người lao động "
                    f"{rng.choice(VERBS).lower()} hằng ngày.",
            meta={"unit": unit, "category": "Giải pháp kỹ thuật",
                  "summary": f"Giúp {subject.lower()} an toàn hơn.", "tags": "an toàn",
                  "date": day.strftime("%d/%m/%Y"), "kind": "Sáng kiến"},
            filters={"unit": [unit], "year": [str(day.year)]},
            sort={"date": day.isoformat()}))
    return records


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parts") / "index"
    build_partitioned(make_records(600), out)
    return out


def test_same_records_same_bytes_in_any_order_and_any_memory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             index: Path) -> None:
    records = make_records(600)
    # Spilled in many sorted runs of postings, then merged: same bytes.
    monkeypatch.setattr(partitioned, "POSTINGS_PER_RUN", 500)
    build_partitioned(list(reversed(records)), tmp_path / "again")
    assert tree(tmp_path / "again") == tree(index)
    # Spooled on disk with their terms made as they came (as page writers spool them), in
    # another order: same bytes.
    spool = RecordSpool(tmp_path, terms=partitioned.record_terms)
    for record in records[::2] + records[1::2]:
        spool.add(record)
    try:
        assert all(record.terms for record in spool.ordered())
        build_partitioned(spool, tmp_path / "spooled")
    finally:
        spool.close()
    assert tree(tmp_path / "spooled") == tree(index)


def test_an_index_made_again_over_the_last_is_the_index_made_afresh(
        tmp_path: Path, index: Path) -> None:
    """With a build cache, the files the last build wrote that come out the same are left
    as they are; the folder ends as a fresh build's, whatever was changed in it."""
    from dataclasses import replace

    from generator.infra.build_cache import BuildCache
    records = make_records(600)
    out = tmp_path / "index"
    store = BuildCache(tmp_path / "cache")
    build_partitioned(records, out, store=store)
    store.close()
    assert tree(out) == tree(index)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*.json.gz")}
    # One record's title edited; a stranger in the folder, a file damaged.
    edited = [replace(records[10], title=records[10].title + " cải tiến"), *records[11:],
              *records[:10]]
    (out / "d" / "0" / "stranger.json.gz").write_bytes(b"x")
    damaged = out / "t" / "0.json.gz"
    damaged.write_bytes(damaged.read_bytes()[:-3])
    store = BuildCache(tmp_path / "cache")  # the next build's
    build_partitioned(edited, out, store=store)
    store.close()
    build_partitioned(edited, tmp_path / "fresh")
    assert tree(out) == tree(tmp_path / "fresh") != tree(index)
    kept = [p for p, stamp in times.items() if p.exists() and p.stat().st_mtime_ns == stamp]
    assert len(times) / 2 < len(kept) < len(times), (len(kept), len(times))
    # A much smaller index over it: no file and no folder of the bigger one is left.
    store = BuildCache(tmp_path / "cache")
    build_partitioned(edited[:40], out, store=store)
    store.close()
    build_partitioned(edited[:40], tmp_path / "small")
    assert tree(out) == tree(tmp_path / "small")
    folders = {p.relative_to(out) for p in out.rglob("*") if p.is_dir()}
    assert folders == {p.relative_to(tmp_path / "small")
                       for p in (tmp_path / "small").rglob("*") if p.is_dir()}


def test_words_are_folded_as_the_site_folds_them(index: Path) -> None:
    terms = [entry[0] for part in sorted((index / "t").glob("*.json.gz"))
             for entry in json.loads(gzip.decompress(part.read_bytes()))]
    assert "duong" in terms and "đường" not in terms and "kiem" in terms
    texts = {r.url: f"{r.title} {r.content} {r.meta['summary']}".lower()
             for r in make_records(600)}
    for query in ("đường dây", "duong day", "ĐƯỜNG DÂY"):
        rows = PartsReader(index).first_results(query)
        assert rows and all("đường dây" in texts[row[0]] for row in rows)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aáđĐeê_-1 \n.", max_size=60))
def test_the_words_with_d_are_the_whole_words_that_hold_one(text: str) -> None:
    words = [word for word in re.findall(r"\w+", text) if "đ" in word.lower()]
    assert folded_d_words(text).split() == list(dict.fromkeys(fold(w) for w in words))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "&", ";", "#", "x", "1", " ", "\n", "amp", "gt",
                                 "<p>", "</p>", "&amp;", "đ", "a"]), max_size=150).map("".join),
       st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=30))
@example("ab<p>cd", 3, 3).via("a piece cut inside a tag")
@example("ab<p>cd", 3, 5).via("a piece whose text is one letter short")
def test_the_start_of_the_text_is_the_start_of_the_whole_text(html: str, limit: int,
                                                              window: int) -> None:
    assert plain_text_start(html, limit, window) == plain_text(html)[:limit]


def test_the_last_word_may_be_the_start_of_one(index: Path) -> None:
    texts = {r.url: f"{r.title} {r.content}".lower() for r in make_records(600)}
    rows = PartsReader(index).first_results("tiết kiệ")
    assert rows and all("tiết kiệm" in texts[row[0]] for row in rows)
    assert not PartsReader(index).first_results("kiệ tiết")  # only the last word is a start


def test_filters_are_terms_of_their_own(index: Path) -> None:
    unit = UNITS[1]
    rows = PartsReader(index).first_results("máy cắt", {"unit": unit})
    assert rows and all(row[3] == unit for row in rows)
    reader = PartsReader(index)
    (_part, _slot, entry), = reader.lists(f"~unit={unit}", False)
    assert entry[1] == sum(1 for r in make_records(600) if r.meta["unit"] == unit)


def test_newest_first_and_every_block_read_gives_every_document(index: Path) -> None:
    reader = PartsReader(index)
    rows = reader.first_results("an toàn", want=40)
    dates = [dt.datetime.strptime(row[5], "%d/%m/%Y").date() for row in rows]
    assert len(dates) == 40 and dates == sorted(dates, reverse=True)
    (part, slot, entry), = reader.lists("toan", False)
    assert entry[1] == 600 and len(entry[2]) == BLOCK_SIZES[0] and entry[3]
    docs = reader.postings(part, slot, entry, len(entry[3]) + 1)
    assert docs == list(range(600))


def test_display_rows_hold_the_text_as_it_is(tmp_path: Path) -> None:
    record = SearchRecord(url="trang/", title='<img src=x onerror="alert(1)"> & Đ',
                          content="nội dung", meta={"summary": "</script>"})
    build_partitioned([record], tmp_path / "i")
    rows = PartsReader(tmp_path / "i").first_results("nội dung")
    assert rows == [["trang/", record.title, "", "", "", "", "</script>", ""]]


@pytest.mark.parametrize("count", [300, 6000])
def test_a_query_opens_a_bounded_number_of_small_files(tmp_path: Path, count: int) -> None:
    build_partitioned(make_records(count), tmp_path / "i")
    reader = PartsReader(tmp_path / "i")
    rows = reader.first_results("duong day", {"unit": UNITS[0]})
    assert rows
    # The manifest, at most MAX_PARTS dictionary parts per word (2 words, 1 filter), one
    # display file per result shown.
    assert len(reader.opened) <= 1 + 3 * MAX_PARTS + 10, reader.opened
    sizes = [(tmp_path / "i" / path).stat().st_size for path in reader.opened]
    assert max(sizes) < 16 * 1024 and sum(sizes) < 80 * 1024, sizes
