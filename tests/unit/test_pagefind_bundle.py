"""The rewrite of Pagefind's bundle: nothing lost, every word where the browser looks for it."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import zlib
from pathlib import Path
from typing import Any

import cbor2
import pytest

from generator.search.pagefind_bundle import PREFIX_KEPT, group_words, tidy_bundle
from generator.search.search_index import SearchRecord, run_pagefind

SYLLABLES = ("điện", "đường", "dây", "trạm", "biến", "áp", "lưới", "sáng", "kiến", "thủy",
             "công", "tơ", "máy", "cắt", "sửa", "chữa", "nóng", "tiết", "kiệm", "năng",
             "lượng", "hotline", "scada", "đo", "đếm", "vận", "hành", "an", "toàn", "cao")
UNITS = ("Công ty Điện lực Hà Nội", "Công ty Truyền tải điện 1", "Công ty Thủy điện Sơn La")
BUDGET = 600


def _records(count: int) -> list[SearchRecord]:
    rng = random.Random(7)
    records = []
    for n in range(count):
        words = [rng.choice(SYLLABLES) for _ in range(rng.randint(20, 60))]
        records.append(SearchRecord(
            url=f"sang-kien/sk-{n:04d}/",
            title=" ".join(words[:6]).capitalize(),
            content=" ".join(words[6:]),
            meta={"unit": rng.choice(UNITS), "summary": " ".join(words[:12])},
            filters={"unit": [rng.choice(UNITS)], "year": [str(2021 + n % 3)],
                     "tag": sorted({rng.choice(SYLLABLES) for _ in range(3)})},
            sort={"date": f"{2021 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}"},
        ))
    return records


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Pagefind's own bundle of 300 records, and the same bundle tidied with small chunks."""
    root = tmp_path_factory.mktemp("bundle")
    raw = root / "raw"
    run_pagefind(_records(300), raw)
    tidy = root / "tidy"
    shutil.copytree(raw, tidy)
    tidy_bundle(tidy, BUDGET)
    return raw, tidy


def _decode(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return cbor2.loads(data[len(b"pagefind_dcd"):])


def _meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return _decode(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")


def _words(bundle: Path) -> dict[str, Any]:
    words = {}
    for _first, _last, name in _meta(bundle)[2]:
        for word in _decode(bundle / "index" / f"{name}.pf_index")[0]:
            words[word[0]] = word
    return words


def _in_range(term: str, chunks: list[list[str]]) -> list[str]:
    """The chunks whose range holds term: what Pagefind's browser code loads for it first
    (pagefind_web, request_indexes); only when there is none does it try prefixes."""
    return [name for first, last, name in chunks if first <= term <= last]


def test_no_word_page_filter_or_sort_is_lost(bundles: tuple[Path, Path]) -> None:
    raw, tidy = bundles
    assert _words(tidy) == _words(raw)
    raw_meta, tidy_meta = _meta(raw), _meta(tidy)
    assert tidy_meta[1] == raw_meta[1]  # pages: fragment names and word counts
    assert sorted(tidy_meta[4]) == sorted(raw_meta[4])  # sorts

    def filters(bundle: Path) -> dict[str, dict[str, list[int]]]:
        return {name: {value: pages for value, pages in values} for name, values in
                (_decode(path) for path in (bundle / "filter").glob("*.pf_filter"))}

    assert filters(tidy) == filters(raw)
    assert set((tidy / "fragment").iterdir()) != set()


def test_the_browser_finds_every_word_in_the_one_chunk_it_loads(bundles: tuple[Path, Path]
                                                                 ) -> None:
    _raw, tidy = bundles
    chunks = _meta(tidy)[2]
    assert len(chunks) > 10, "the test needs many chunks"
    contents = {name: {word[0] for word in _decode(tidy / "index" / f"{name}.pf_index")[0]}
                for _first, _last, name in chunks}
    for word in _words(tidy):
        holding = [name for name in contents if word in contents[name]]
        assert len(holding) == 1
        assert _in_range(word, chunks) == holding, word


def test_the_start_of_a_word_finds_all_its_endings(bundles: tuple[Path, Path]) -> None:
    """A reader typing "thu" must be offered "thuy" and "thuan": words sharing their first
    three letters are not split between chunks when they fit in one."""
    _raw, tidy = bundles
    chunks = _meta(tidy)[2]
    contents = {name: {word[0] for word in _decode(tidy / "index" / f"{name}.pf_index")[0]}
                for _first, _last, name in chunks}
    words = _words(tidy)

    def size(start: str) -> int:  # half the budget: well within, however it is encoded
        return sum(len(zlib.compress(cbor2.dumps(entry), 1)) for word, entry in words.items()
                   if word.startswith(start))

    starts = {w[:n] for w in words for n in range(PREFIX_KEPT, len(w) + 1)}
    checked = [start for start in starts if size(start[:PREFIX_KEPT]) < BUDGET // 2]
    assert len(checked) >= 5, "the test needs runs that fit"
    for start in checked:
        loaded = set().union(*(contents[name] for name in _in_range(start, chunks)))
        assert {word for word in words if word.startswith(start)} <= loaded, start


def test_chunks_are_cut_near_the_budget(bundles: tuple[Path, Path]) -> None:
    raw, tidy = bundles
    raw_largest = max(p.stat().st_size for p in (raw / "index").iterdir())
    tidy_sizes = [p.stat().st_size for p in (tidy / "index").iterdir()]
    assert len(tidy_sizes) > len(list((raw / "index").iterdir()))
    assert max(tidy_sizes) < raw_largest
    # A chunk ends with the word, or the run of words with the same start (which fits in a
    # budget), that reaches the budget.
    largest_word = max(len(gzip.compress(cbor2.dumps(w))) for w in _words(tidy).values())
    assert max(tidy_sizes) <= BUDGET + max(largest_word, BUDGET) + 100


def test_two_pagefind_runs_give_the_same_bytes_once_tidied(bundles: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    """Pagefind writes filter values in hash-map order, differently from run to run."""
    _raw, tidy = bundles
    again = tmp_path / "again"
    run_pagefind(_records(300), again)
    tidy_bundle(again, BUDGET)

    def files(bundle: Path) -> dict[str, bytes]:
        return {str(p.relative_to(bundle)): p.read_bytes()
                for p in sorted(bundle.rglob("*")) if p.is_file()}

    assert files(again) == files(tidy)


def test_runs_of_words_with_the_same_start_are_cut_only_when_too_large() -> None:
    words = [(w, w.encode(), cost) for w, cost in [
        ("ba", 40), ("bao", 30), ("baoa", 30), ("baob", 30),   # "bao": 90, fits in 100
        ("ca", 60), ("cha", 50), ("chb", 10),
        ("tha", 70), ("thb", 20), ("thh", 80), ("thy", 10),   # "th": one letter short
        ("xyza", 60), ("xyzb", 60), ("xyzc", 60),              # "xyz": 180, too large
    ]]
    groups = group_words(list(reversed(words)), 100)
    assert [[w for w, _, _ in group] for group in groups] == [
        ["ba", "bao", "baoa", "baob"], ["ca", "cha"], ["chb", "tha", "thb"],
        ["thh", "thy", "xyza"], ["xyzb", "xyzc"]]
