"""The search index: one small record per innovation, month of picks and page, fed to Pagefind.

Pagefind reads tiny HTML files we write for it (title, summary, body text, filters), not the
site's pages: it indexes only what matters, in a fraction of the time and memory, and we can
add what Pagefind cannot do itself: words with "đ" folded to "d", so that "duong day" finds
"đường dây" (Pagefind folds tones and marks, but "đ" is a letter of its own in Unicode).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.content.model import Innovation, MonthPicks
from generator.infra.build_cache import SEARCH_SHARD, BuildCache
from generator.infra.digests import digest
from generator.infra.folder_archive import pack_folder, unpack_folder
from generator.infra.progress import LOG, Progress
from generator.site import urls
from generator.site.counting import is_counted
from generator.site.site_plan import Site
from generator.site.vietnamese import fold, format_date, slugify, text_key

from .pagefind_bundle import CHUNK_BYTES, BundleError, tidy_bundle
from .record_spool import RecordSpool, in_index_order
from .search_record import AUTHOR_SEPARATOR, SearchRecord

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_D_WORD = re.compile(r"(?<!\w)\w*[đĐ]\w*")
"""A whole word with đ: it starts where no letter is before it, so a long word without đ is
scanned once, not once from each of its letters."""
MAX_CONTENT_CHARS = 6000
"""Text indexed per record for pages and monthly stories."""
MAX_BODY_CHARS = 400
"""Body text indexed per innovation, besides its title, summary, people, unit and tags: the
opening of Thực trạng. Every indexed word costs the reader's first search (Pagefind
downloads the chunk of each query word, positions included) and the indexer's memory."""
SHARD_SIZE = 10000
"""Records per Pagefind run. Pagefind's memory grows with the records of a run (measured at
10,000 innovations: 1,248 MB, within the 1.5 GiB a build process may use), and every shard
adds its own files to a reader's first search (two shards of 5,000: about 15-30 KB more);
larger catalogs are indexed in shards built side by side and merged by the browser
(pagefind.mergeIndex)."""
SHARDS_FILE = "shards.json"
CONCURRENT_SHARDS = 2
"""Pagefind runs at once: it keeps about 1.4 of the 2 cores busy; memory is per run."""
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
             "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-highlight.js")


def plain_text(rendered: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", rendered))).strip()


def plain_text_start(rendered: str, limit: int, window: int = 0) -> str:
    """plain_text(rendered)[:limit], made from as little of rendered as gives that much.

    A piece that ends with ">" splits no tag (a tag's "<" finds its ">" inside the piece), no
    entity (">" is in no entity's name) and no run of spaces it does not end: its text is the
    start of the whole text, as far as it goes. window: the first piece's length."""
    window = window or 4 * limit + 64
    while window < len(rendered):
        cut = rendered.rfind(">", 0, window) + 1
        if cut:
            text = plain_text(rendered[:cut])
            if len(text) >= limit:
                return text[:limit]
        window *= 4
    return plain_text(rendered)[:limit]


def folded_d_words(text: str) -> str:
    """The words of text that contain đ, folded: 'Đường dây đo đếm' -> 'duong do dem'."""
    return " ".join(dict.fromkeys(fold(w) for w in _D_WORD.findall(text)))


def innovation_record(site: Site, inn: Innovation, body_html: str) -> SearchRecord:
    catalog = site.catalog
    program = catalog.program
    unit = catalog.unit_by_code[inn.unit]
    category = program.categories[inn.category]
    names = [a.name for a in inn.authors]
    authors = ", ".join(names)
    body = plain_text_start(body_html, MAX_BODY_CHARS)
    tags = " ".join(inn.tags)
    words = f"{inn.title} {inn.summary} {body} {authors} {unit.name} {tags}"
    # Title, summary, unit and tags are searched through the metadata Pagefind indexes: in
    # the content as well, each of their words would be stored twice. The search page ranks
    # its first results again by title, summary and tags (sk-search.js).
    return SearchRecord(
        url=site.url_of(inn),
        title=inn.title,
        # The id and the unit's code are words a reader may type ("EVNNPT-2022-0034").
        # The unit's code and those of the units above it (v3: a search for the company finds
        # what its grassroots unions registered).
        content=f"{body} {authors} {inn.id} {' '.join(catalog.lineage(inn.unit))} "
                f"{folded_d_words(words)}",
        meta={"unit": unit.name, "category": category, "summary": inn.summary,
              "tags": ", ".join(inn.tags), "date": format_date(inn.registered),
              "kind": "Sáng kiến", "id": inn.id, "authors": AUTHOR_SEPARATOR.join(names)},
        filters=innovation_filters(site, inn),
        sort={"date": inn.registered.isoformat()},
    )


@dataclass(frozen=True)
class FilterOption:
    """One value of a search filter as the search page offers it."""

    token: str
    """In the page's address: ?don-vi=EVNNPC, ?giai-doan=1, ?chu-de=an-toan."""
    value: str
    """The value in the index (Pagefind's filter value)."""
    label: str
    """What the reader reads."""
    count: int


@dataclass(frozen=True)
class SearchFilter:
    key: str
    """Pagefind's filter name."""
    param: str
    """Its name in the page's address."""
    label: str
    options: tuple[FilterOption, ...]


FILTERS = (("unit", "don-vi", "Đơn vị"), ("phase", "giai-doan", "Giai đoạn"),
           ("category", "loai", "Loại giải pháp"), ("year", "nam", "Năm đăng ký"),
           ("award", "giai-thuong", "Giải thưởng"), ("tag", "chu-de", "Chủ đề"))
"""Filters of the search page: Pagefind's name, the address's name, the label."""


def common_words(names: list[str]) -> int:
    """How many first words every name shares, leaving each at least one of its own:
    ['Công đoàn Tổng công ty Phát điện 1', 'Công đoàn Trường Đại học Điện lực'] -> 2."""
    split = [name.split() for name in names]
    if len(split) < 2:
        return 0
    shared = 0
    while all(len(words) > shared + 1 for words in split) \
            and len({words[shared] for words in split}) == 1:
        shared += 1
    return shared


def unit_labels(names: list[str]) -> dict[str, str]:
    """Units' names as the filter shows them: without the words they all start with
    ("Công đoàn"), which cut every name to the same first words in a narrow control."""
    shared = common_words(names)
    return {name: " ".join(name.split()[shared:]) for name in names}


def filter_choices(site: Site) -> list[SearchFilter]:
    """The values of each search filter with their counts, as the index will hold them.

    Written into the search page, so that a reader's browser downloads no filter data
    before a filter is actually chosen; each value has a short token for the page's address,
    so that a search with its filters can be shared.
    """
    catalog = site.catalog
    program = catalog.program
    counts: dict[str, dict[str, int]] = {key: {} for key, _, _ in FILTERS}
    for inn in catalog.published:
        for key, values in innovation_filters(site, inn).items():
            if key in counts:
                for value in values:
                    counts[key][value] = counts[key].get(value, 0) + 1
    units = {unit.name: unit for unit in catalog.units}
    short = unit_labels(list(units))
    categories = {name: key for key, name in program.categories.items()}
    awards = {kind.name: key for key, kind in program.awards.items()}
    phases = {phase.name: phase for phase in program.phases}

    def option(key: str, value: str, count: int) -> FilterOption:
        if key == "unit":
            return FilterOption(units[value].code, value, short[value], count)
        if key == "phase":
            return FilterOption(str(phases[value].id), value, value, count)
        if key == "category":
            return FilterOption(categories[value], value, value, count)
        if key == "award":
            return FilterOption(awards[value], value, value, count)
        if key == "tag":
            return FilterOption(slugify(value), value, value, count)
        return FilterOption(value, value, value, count)

    out = []
    for key, param, label in FILTERS:
        options = [option(key, value, count) for value, count in counts[key].items()]
        if key == "phase":
            options.sort(key=lambda o: phases[o.value].id)
        else:
            options.sort(key=lambda o: text_key(o.label))
        if key == "year":
            options.reverse()
        out.append(SearchFilter(key, param, label, tuple(options)))
    return out


def innovation_filters(site: Site, inn: Innovation) -> dict[str, list[str]]:
    program = site.catalog.program
    phase = program.phase_of(inn.registered)
    return {
        # The unit and every unit above it: a unit's filter holds its whole subtree (v3).
        "unit": [site.catalog.unit_by_code[code].name for code in site.catalog.lineage(inn.unit)],
        "phase": [phase.name] if phase is not None else [],
        "category": [program.categories[inn.category]],
        "year": [str(inn.registered.year)],
        "award": sorted({program.awards[a.kind].name for a in inn.awards}),
        "tag": list(dict.fromkeys(site.tag_name(tag) for tag in inn.tags)),
        "counted": ["Được tính" if is_counted(inn, program) else "Không được tính"],
    }


def month_picks_record(month: MonthPicks, story_html: str, site: Site) -> SearchRecord:
    headlines = " ".join(f"{site.catalog.by_id[p.id].title} {p.headline}" for p in month.picks)
    text = f"{plain_text(story_html)} {headlines}"[:MAX_CONTENT_CHARS]
    return SearchRecord(
        url=urls.month_picks(month.month),
        title=month.title,
        content=f"{text} {folded_d_words(month.title + ' ' + text)}",
        meta={"summary": text[:200], "kind": "Tiêu biểu"},
        sort={"date": f"{month.month}-01"},
    )


def page_record(url: str, title: str, page_html: str) -> SearchRecord:
    text = plain_text_start(page_html, MAX_CONTENT_CHARS)
    return SearchRecord(url=url, title=title,
                        content=f"{text} {folded_d_words(title + ' ' + text)}",
                        meta={"summary": text[:200], "kind": "Trang"})


def _source_html(record: SearchRecord) -> str:
    esc = html.escape
    sort = "".join(f' data-pagefind-sort="{esc(k)}:{esc(v)}"' for k, v in record.sort.items())
    parts = [
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>',
        esc(record.title), f"</title></head><body data-pagefind-body{sort}>",
        f'<h1 data-pagefind-meta="title">{esc(record.title)}</h1>',
    ]
    for key, value in record.meta.items():
        parts.append(f'<meta data-pagefind-meta="{esc(key)}:{esc(value, quote=True)}">')
    for key, values in record.filters.items():
        for value in values:
            parts.append(f'<meta data-pagefind-filter="{esc(key)}:{esc(value, quote=True)}">')
    parts.append(f"<p>{esc(record.content)}</p></body></html>")
    return "".join(parts)


def write_sources(records: Iterable[SearchRecord], folder: Path) -> int:
    count = 0
    for record in records:
        target = folder / record.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_source_html(record), encoding="utf-8")
        count += 1
    return count


class SearchIndexError(RuntimeError):
    pass


@dataclass(frozen=True)
class IndexLayout:
    """Which index, and how Pagefind's is cut: records per run, gzipped bytes per word chunk."""

    shard_size: int = SHARD_SIZE
    chunk_bytes: int = CHUNK_BYTES
    engine: str = "pagefind"
    """Which index (generator/search/engines.py); the sizes above are Pagefind's."""


ShardRunner = Callable[[list[list[SearchRecord]], list[Path], int], None]
"""Makes each shard's bundle in its target folder, tidied, with the given chunk size:
another way than this machine's Pagefind runs (adapter/distributed_bulk.py: a cluster)."""


def build_index(records: list[SearchRecord] | RecordSpool, output: Path,
                layout: IndexLayout = IndexLayout(), background: bool = False,
                scratch: Path | None = None, cache: BuildCache | None = None,
                run_shards: ShardRunner | None = None) -> int:
    """Write the Pagefind index of records into output (the site's pagefind/ folder).

    The first shard is output itself; the others are output/shard-N/, listed in shards.json.
    Shards hold consecutive dates, newest first, so that "newest first" across shards is the
    shards in order, each sorted by Pagefind (sk-search.js joins them so). A shard whose
    records the cache has indexed before is unpacked from it, not indexed again. Records are
    read one shard at a time: memory holds the shards being indexed, not the catalog's.
    """
    if output.exists():
        shutil.rmtree(output)
    targets: list[Path] = []
    count = 0
    # Each Pagefind run is its own process; two at a time keep both cores busy. Behind a
    # preview server, one at a time and at the lowest priority: the next edit comes first.
    at_once = 1 if background else CONCURRENT_SHARDS
    running: deque[tuple[Future[None], bytes, Path]] = deque()
    elsewhere: list[tuple[list[SearchRecord], bytes, Path]] = []
    """Shards for run_shards (a cluster's workers), all handed over at the end."""

    def keep(key: bytes, target: Path) -> None:
        if cache is not None:
            # The first shard's folder holds the others: only its own files.
            cache.put(SEARCH_SHARD, key,
                      pack_folder(target, skip=lambda name: name.startswith("shard-")))

    def finish_one() -> None:
        future, key, target = running.popleft()
        future.result()
        keep(key, target)

    progress = Progress(LOG, "bản ghi tìm kiếm", len(records))
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        for shard in _shards(in_index_order(records), layout.shard_size):
            progress.advance(len(shard))
            target = output if not targets else output / f"shard-{len(targets)}"
            targets.append(target)
            count += len(shard)
            key = shard_key(shard, layout.chunk_bytes)
            if _unpacked(cache, key, target):
                continue
            if run_shards is not None:
                elsewhere.append((shard, key, target))
                continue
            running.append((pool.submit(_index_shard, shard, target, layout.chunk_bytes,
                                        background, scratch), key, target))
            while len(running) >= at_once:
                finish_one()
        while running:
            finish_one()
    if run_shards is not None and elsewhere:
        run_shards([shard for shard, _, _ in elsewhere],
                   [target for _, _, target in elsewhere], layout.chunk_bytes)
        for _, key, target in elsewhere:
            keep(key, target)
    extra = []
    for target in targets[1:]:
        extra.append(f"{target.name}/")
        for name in _UI_FILES:  # the first shard's copies serve every shard
            (target / name).unlink(missing_ok=True)
    (output / SHARDS_FILE).write_text(json.dumps({"merge": extra}), encoding="utf-8")
    return count


def _shards(records: Iterator[SearchRecord], size: int) -> Iterator[list[SearchRecord]]:
    """Consecutive runs of size records; one empty shard when there is no record."""
    shard: list[SearchRecord] = []
    made = False
    for record in records:
        shard.append(record)
        if len(shard) == size:
            yield shard
            shard, made = [], True
    if shard or not made:
        yield shard


def shard_key(records: list[SearchRecord], chunk_bytes: int) -> bytes:
    """Everything a shard's bundle is made of: its records as Pagefind reads them."""
    return digest(str(chunk_bytes), *(part for record in records
                                      for part in (record.url, _source_html(record))))


def _unpacked(cache: BuildCache | None, key: bytes, target: Path) -> bool:
    """Whether the cache held this shard's bundle, now written into target."""
    archive = cache.get(SEARCH_SHARD, key) if cache is not None else None
    if archive is None:
        return False
    try:
        unpack_folder(archive, target)
    except (ValueError, OSError):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _scratch_root() -> str | None:
    """Memory-backed /dev/shm when there is one: thousands of tiny files, written and dropped."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _index_shard(records: list[SearchRecord], output: Path, chunk_bytes: int,
                 background: bool = False, scratch: Path | None = None) -> None:
    run_pagefind(records, output, background, scratch)
    try:
        tidy_bundle(output, chunk_bytes)
    except (BundleError, OSError, ValueError, LookupError, TypeError, zlib.error) as exc:
        raise SearchIndexError(f"Pagefind wrote an index we cannot read: {exc}") from exc


def run_pagefind(records: list[SearchRecord], output: Path, background: bool = False,
                 scratch: Path | None = None) -> None:
    """Pagefind's own bundle of records, as Pagefind writes it, in output."""
    root = str(scratch) if scratch is not None else _scratch_root()
    with tempfile.TemporaryDirectory(prefix="sk-search-", dir=root) as folder:
        source = Path(folder) / "site"
        source.mkdir(parents=True)
        write_sources(records, source)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path",
             str(output), "--force-language", "vi", "--quiet"],
            capture_output=True, text=True, check=False,
            preexec_fn=(lambda: os.nice(19)) if background else None,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind failed ({result.returncode}): {result.stderr}")
