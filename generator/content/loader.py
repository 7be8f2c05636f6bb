"""Load and check a content tree: read → convert → rules → records, every problem collected.

Each file is read once (reading.py), converted by the contract (definitions.py), checked by
the named rules of its kind (rules.py) and, only when nothing is wrong, made a record
(records.py). A problem never stops the loader: the catalog is made only when there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from generator.infra.build_cache import INNOVATION, BuildCache
from generator.infra.digests import digest
from generator.infra.parallel import fork_map
from generator.infra.progress import LOG, Progress

from . import definitions as d
from . import records, rules, unit_tree
from .bodies import with_body, without_body
from .bodylinks import Link, LinkScope, unpublished_links
from .field_containers import Struct
from .fields import INVALID, FieldContext
from .inventory import PROGRAM_FILE, UNITS_FILE, take_inventory
from .load_result import InnovationCache, LoadResult
from .model import Catalog, Event, Innovation, MonthPicks, Program, Unit
from .problems import Problem, ProblemLog
from .reading import Reader
from .record_codec import innovation_from_json, innovation_to_json
from .rule_subject import Rule, Scope, Subject

T = TypeVar("T")

_FILES_PER_LOOKUP = 500
"""Files whose cached records are asked for at once."""


class _Loader:
    def __init__(self, root: Path, cache: InnovationCache | None,
                 build_cache: BuildCache | None = None, keep_bodies: bool = True,
                 body_budget: int = 0) -> None:
        self.root = root
        self.keep_bodies = keep_bodies
        self.body_budget = body_budget
        self.log = ProblemLog()
        self.read = Reader(self.log)
        self.cache = cache
        self.build_cache = build_cache
        self.choices: dict[str, list[str]] = {"statuses": list(d.STATUSES),
                                              "event_kinds": list(d.EVENT_KINDS),
                                              "page_hide": list(d.PAGE_HIDE)}
        """Names that references may use (units, categories, ...), once they are loaded."""
        self.scope = Scope(root, check_markdown=self.read.body)
        self.origins: dict[str, bytes] = {}

    def _checked(self, path: Path, definition: Struct, checks: Sequence[Rule],
                 make: Callable[[Subject, Path], T],
                 name_rule: Callable[[Path, FieldContext], None] | None = None,
                 data: bytes | None = None) -> T | None:
        """Read (data: the file's bytes, if read already), convert, run every rule of the
        kind, then the record if nothing is wrong."""
        ctx = self.read.context(path, self.choices)
        before = self.log.error_count
        if name_rule is not None:
            name_rule(path, ctx)
        document = self.read.document(path, ctx, data)
        if document is None:
            return None
        raw = definition.convert(document.node, ctx, "")
        if raw is INVALID:
            return None
        subject = Subject(path, document.node, raw, ctx, document.body, document.body_line)
        rules.run(checks, subject, self.scope)
        return make(subject, self.root) if self.log.error_count == before else None

    def _data_file(self, name: str, definition: Any, checks: Sequence[Rule]
                   ) -> Subject | None:
        """A data file converted and checked; None when it is not fit to make records from."""
        path = self.root / name
        node, ctx = self.read.data_file(path)
        if node is None:
            return None
        before = self.log.error_count
        raw = definition.convert(node, ctx, "" if definition is d.PROGRAM else "units")
        if raw is INVALID:
            return None
        subject = Subject(path, node, raw, ctx)
        rules.run(checks, subject, self.scope)
        return subject if self.log.error_count == before else None

    def program(self) -> Program | None:
        subject = self._data_file(PROGRAM_FILE, d.PROGRAM, rules.PROGRAM_RULES)
        if subject is None:
            return None
        phases = rules.readable_phases(subject)
        assert phases is not None  # converted without error: every phase is readable
        return records.program_record(subject.raw, phases)

    def units(self) -> tuple[Unit, ...] | None:
        subject = self._data_file(UNITS_FILE, d.UNITS,
                                  (*rules.UNITS_RULES, *unit_tree.UNIT_TREE_RULES))
        if subject is None:
            return None
        return unit_tree.resolve(subject.raw, records.unit_record)

    def innovations(self, paths: list[Path], workers: int) -> list[Innovation]:
        signature = tuple(sorted((k, tuple(v)) for k, v in self.choices.items()))

        stored_signature = b""
        if self.build_cache is not None:
            # What an innovation's checks read besides its own file: the data files.
            data_files = [self._bytes_of(self.root / name) for name in (PROGRAM_FILE, UNITS_FILE)]
            stored_signature = digest(repr(signature), str(self.root.resolve()), *data_files)

        def load_share(share: Sequence[Path]
                       ) -> tuple[list[Innovation], list[Problem], list[bytes],
                                  dict[Path, list[Link]]]:
            before = len(self.log.items)
            # Each forked share reports its own part (their lines interleave in the log).
            progress = Progress(LOG, "tệp sáng kiến", len(share))
            loaded = []
            origins = []
            # This share's part of the budget, however many shares fork_map makes.
            budget = self.body_budget * len(share) // max(1, len(paths))
            for start in range(0, len(share), _FILES_PER_LOOKUP):
                chunk = share[start:start + _FILES_PER_LOOKUP]
                for inn, origin in self._load_chunk(chunk, stored_signature, signature):
                    progress.advance()
                    if inn is not None:
                        # Dropped at once, past the budget: a share of half a million would
                        # hold its bodies.
                        if not self.keep_bodies:
                            if len(inn.body) <= budget:
                                budget -= len(inn.body)
                            else:
                                inn = without_body(inn)
                        loaded.append(inn)
                        origins.append(origin)
            if self.build_cache is not None:
                self.build_cache.flush()
            scope = self.read.bodies.links
            return loaded, self.log.items[before:], origins, scope.found if scope else {}

        out: list[Innovation] = []
        for index, (loaded, problems, origins, failed_links) in enumerate(
                fork_map(load_share, paths, workers, 1000)):
            out.extend(loaded)
            self.origins.update((inn.id, origin) for inn, origin
                                in zip(loaded, origins, strict=True) if origin)
            if index:  # the first share ran here and logged its problems already
                self.log.extend(problems)
                if (scope := self.read.bodies.links) is not None:
                    scope.found.update(failed_links)  # of files with problems
        rules.innovation_ids_unique(out, self.root, self.log)
        return out

    def _load_chunk(self, paths: Sequence[Path], stored_signature: bytes,
                    signature: tuple[object, ...]
                    ) -> list[tuple[Innovation | None, bytes]]:
        """Each file's innovation and origin; with a build cache, looked up all at once."""
        if self.build_cache is None:
            return [(self._innovation(path, signature), b"") for path in paths]
        files = [(path, data := self._read(path),
                  digest(path.relative_to(self.root).as_posix(), data or b"", stored_signature))
                 for path in paths]
        stored = self.build_cache.get_many(INNOVATION, [key for _, _, key in files])
        return [self._stored_innovation(path, data, key, stored.get(key), signature)
                for path, data, key in files]

    def _innovation(self, path: Path, signature: tuple[object, ...],
                    data: bytes | None = None) -> Innovation | None:
        def load() -> Innovation | None:
            innovation = self._checked(path, d.INNOVATION, rules.INNOVATION_RULES,
                                       records.innovation_record, data=data)
            return self._with_links(path, innovation)

        if self.cache is None:
            return load()
        if data is None:
            data = self._read(path)
            if data is None:
                return load()  # the checker says why it cannot be read
        # By what the file holds, not its size and time: an edit that keeps both (a tool that
        # restores the time, a coarse clock) is still seen. Reading and hashing a file costs
        # microseconds; parsing it, a millisecond.
        key = (digest(data), signature)
        cached = self.cache.get(path, key)
        if cached is not None:
            return cached
        before = len(self.log.items)
        innovation = load()
        self.cache.put(path, key, innovation if len(self.log.items) == before else None)
        return innovation

    def _with_links(self, path: Path, innovation: Innovation | None) -> Innovation | None:
        """The record with its body's links to pages' files (kept in the build cache with it:
        a record from the cache is not checked again, its links are, at every build). A file
        with problems leaves them in the scope, checked with the others'."""
        scope = self.read.bodies.links
        if innovation is None or scope is None:
            return innovation
        links = scope.take(path)
        return replace(innovation, links=links) if links else innovation

    @staticmethod
    def _read(path: Path) -> bytes | None:
        """The file's bytes; None if it cannot be read (the checker says why)."""
        try:
            return path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def _bytes_of(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError:
            return b""

    def _stored_innovation(self, path: Path, data: bytes | None, key: bytes,
                           stored: bytes | None, signature: tuple[object, ...]
                           ) -> tuple[Innovation | None, bytes]:
        """An innovation from the build cache (stored: what it holds for key, a digest of the
        file's bytes and what it was checked against); checked from those very bytes, and
        stored, when the cache does not hold it (or holds it for an image that has changed
        since). With the digest of what it was made from (b"" for a file with problems)."""
        assert self.build_cache is not None
        if stored is not None:
            image_digest, _, record = stored.partition(b"\n")
            try:
                innovation = innovation_from_json(record)
            except (ValueError, KeyError, TypeError):
                innovation = None  # not what this version writes: read the file again
            if innovation is not None and self.keep_bodies:
                innovation = with_body(innovation, data)
            if innovation is not None and image_digest == self._image_digest(innovation):
                return innovation, digest(key, image_digest)
        before = len(self.log.items)
        innovation = self._innovation(path, signature, data)
        if innovation is not None and len(self.log.items) == before:
            image_digest = self._image_digest(innovation)
            # Without its body: the file's bytes, read for the key, hold it (with_body).
            self.build_cache.put(INNOVATION, key, image_digest + b"\n"
                                 + innovation_to_json(without_body(innovation)))
            return innovation, digest(key, image_digest)
        return innovation, b""

    def _image_digest(self, innovation: Innovation) -> bytes:
        if innovation.image is None:
            return b""
        return digest(self._bytes_of(innovation.image)).hex().encode()

    def month_picks(self, paths: list[Path]) -> list[MonthPicks]:
        found = [m for path in paths
                 if (m := self._checked(path, d.MONTH_PICKS, rules.MONTH_PICKS_RULES,
                                        records.month_picks_record,
                                        rules.month_picks_file_name)) is not None]
        return sorted(found, key=lambda m: m.month)

    def events(self, paths: list[Path]) -> list[Event]:
        found = [e for path in paths
                 if (e := self._checked(path, d.EVENT, rules.EVENT_RULES, records.event_record,
                                        rules.event_file_name)) is not None]
        return sorted(found, key=lambda e: (-e.date.toordinal(), e.slug))

    def pages(self, paths: list[Path]) -> None:
        for path in paths:
            ctx = self.read.context(path, self.choices)
            document = self.read.page(path, ctx)
            if document is not None:
                d.PAGE.convert(document.node, ctx, "")


def load_content(root: Path, workers: int = 1, cache: InnovationCache | None = None,
                 build_cache: BuildCache | None = None, keep_bodies: bool = True,
                 body_budget: int = 0, leave_out: frozenset[str] = frozenset()) -> LoadResult:
    """Read and check the whole content tree; a catalog only when nothing is wrong.

    workers > 1 shares the innovation files among forked processes (large trees only);
    cache: a preview server's, kept across its rebuilds; build_cache: kept across builds;
    keep_bodies False: innovations hold their body's digest only (bodies.read_body), but
    for as many as hold body_budget characters of body in all (read once, not twice);
    leave_out: Markdown files (paths under root) read as if they were not there (a preview's
    files with problems, adapter/preview_gaps.py).
    """
    inventory = take_inventory(root)
    if leave_out:
        for kind in (inventory.innovations, inventory.months, inventory.events, inventory.pages):
            kind[:] = [p for p in kind if p.relative_to(root).as_posix() not in leave_out]
    loader = _Loader(root, cache, build_cache, keep_bodies, body_budget)
    loader.read.bodies.links = LinkScope(root, frozenset(inventory.pages))
    loader.log.extend(inventory.problems)
    program = loader.program()
    loader.scope = Scope(root, program, check_markdown=loader.read.body)
    units = loader.units()
    if program is not None:
        loader.choices["categories"] = list(program.categories)
        loader.choices["awards"] = list(program.awards)
    if units is not None:
        loader.choices["units"] = [u.code for u in units]
    innovations = loader.innovations(inventory.innovations, workers)
    # Read: the catalog holds what they gave. A million paths need not outlive the loading,
    # nor be inherited by every forked page writer.
    inventory.innovations.clear()
    by_id = {inn.id: inn for inn in innovations}
    loader.scope = Scope(root, program, by_id, check_markdown=loader.read.body)
    month_picks = loader.month_picks(inventory.months)
    events = loader.events(inventory.events)
    loader.pages(inventory.pages)
    links = _body_links(root, loader, innovations, month_picks, events, inventory.pages)
    problems = loader.log.sorted()
    if program is None or units is None or any(p.severity == "error" for p in problems):
        return LoadResult(None, problems, inventory)
    innovations.sort(key=lambda i: (-i.registered.toordinal(), i.id))
    catalog = Catalog(
        program=program,
        units=units,
        innovations=tuple(innovations),
        months=tuple(month_picks),
        events=tuple(events),
        unit_by_code={u.code: u for u in units},
        by_id=by_id,
    )
    return LoadResult(catalog, problems, inventory, loader.origins, links)


def _body_links(root: Path, loader: _Loader, innovations: Sequence[Innovation],
                month_picks: Sequence[MonthPicks], events: Sequence[Event],
                pages: Sequence[Path]) -> dict[str, tuple[Link, ...]]:
    """Every body's links to pages' files, by the file that holds them; a problem logged for
    each that leads to a draft or to a file no longer there."""
    links = {inn.source: inn.links for inn in innovations if inn.links}
    scope = loader.read.bodies.links
    if scope is not None:
        links.update((path.relative_to(root).as_posix(), tuple(found))
                     for path, found in scope.found.items())
        scope.found.clear()
    if not links:
        return links
    drafts = frozenset([*(i.source for i in innovations if i.draft),
                        *(e.source for e in events if e.draft)])
    # A draft is not published: its links matter once it is (and are checked then).
    links = {source: found for source, found in links.items() if source not in drafts}
    published = frozenset([*(i.source for i in innovations if not i.draft),
                           *(e.source for e in events if not e.draft),
                           *(m.source for m in month_picks),
                           *(p.relative_to(root).as_posix() for p in pages)])
    loader.log.extend(unpublished_links(root, links, published, drafts))
    return links


class InnovationChecker:
    """An innovation file's bytes checked exactly as the loader checks a file of the tree
    (read, converted by the contract, its kind's rules, its record): for files not written yet,
    such as the rows of a spreadsheet being imported."""

    def __init__(self, root: Path) -> None:
        inventory = take_inventory(root)
        self._loader = _Loader(root, None)
        loader = self._loader
        loader.read.bodies.links = LinkScope(root, frozenset(inventory.pages))
        program = loader.program()
        units = loader.units()
        self.program = program
        self.units = units
        if program is not None:
            loader.choices["categories"] = list(program.categories)
            loader.choices["awards"] = list(program.awards)
        if units is not None:
            loader.choices["units"] = [u.code for u in units]
        loader.scope = Scope(root, program, check_markdown=loader.read.body)
        self.data_problems = loader.log.sorted()
        """Problems of program.yml and units.yml: rows cannot be checked without them."""

    def check(self, path: Path, data: bytes) -> tuple[Innovation | None, list[Problem]]:
        """The record data would make as the file at path, and every problem found."""
        log = self._loader.log
        before = len(log.items)
        innovation = self._loader._checked(path, d.INNOVATION, rules.INNOVATION_RULES,
                                           records.innovation_record, data=data)
        problems = log.items[before:]
        del log.items[before:]
        if (scope := self._loader.read.bodies.links) is not None:
            scope.take(path)  # whether their targets are published: the tree's check says
        log.error_count = sum(1 for p in log.items if p.severity == "error")
        return innovation, problems
