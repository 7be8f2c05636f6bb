"""The rewrite of Pagefind's bundle: nothing lost, every word where the browser looks for it."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path
from typing import Any

import cbor2
import pytest

from generator.pagefind_bundle import KEPT_LIMIT, tidy_bundle
from generator.search_index import SearchRecord, run_pagefind

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
    three letters are never split between chunks (while they fit four budgets)."""
    _raw, tidy = bundles
    chunks = _meta(tidy)[2]
    contents = {name: {word[0] for word in _decode(tidy / "index" / f"{name}.pf_index")[0]}
                for _first, _last, name in chunks}
    words = sorted(_words(tidy))
    starts = {word[:n] for word in words for n in range(3, len(word) + 1)}
    for start in starts:
        loaded = set().union(*(contents[name] for name in _in_range(start, chunks)))
        assert {word for word in words if word.startswith(start)} <= loaded, start


def test_chunks_are_cut_near_the_budget(bundles: tuple[Path, Path]) -> None:
    raw, tidy = bundles
    raw_largest = max(p.stat().st_size for p in (raw / "index").iterdir())
    tidy_sizes = [p.stat().st_size for p in (tidy / "index").iterdir()]
    assert len(tidy_sizes) > len(list((raw / "index").iterdir()))
    assert max(tidy_sizes) < raw_largest
    # A chunk ends with the word that reaches the budget (or, inside a run of words with the
    # same start, the limit kept for them): at most one word past it.
    largest_word = max(len(gzip.compress(cbor2.dumps(w))) for w in _words(tidy).values())
    assert max(tidy_sizes) <= KEPT_LIMIT * BUDGET + largest_word


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
