"""Related initiatives (CONTENT-SPEC v2): sharing tags, then category, then unit.

An inverted index over tags, categories and units, read through bounded windows: for each
innovation only its WINDOW nearest neighbours (by registration) in each of its lists are
candidates, so the work is O(N·k), never O(N²), however common a tag or a category is.
"""

from __future__ import annotations

import bisect
import json
from array import array
from collections import defaultdict
from collections.abc import Sequence

from generator.content.model import Innovation
from generator.infra.build_cache import RELATED_CHOICES, BuildCache
from generator.infra.digests import digest
from generator.infra.parallel import fork_map

RELATED = 6
"""Initiatives shown under each one."""
WINDOW = 12
"""Neighbours taken from each list an innovation is in (on each side)."""
_PER_SHARE = 2_000
"""Innovations a forked process must have to rank, at least, to be worth its start."""


def related_initiatives(published: Sequence[Innovation], count: int = RELATED,
                        workers: int = 1, min_share: int = _PER_SHARE
                        ) -> dict[str, tuple[Innovation, ...]]:
    """For each published innovation, up to count others, best first; drafts never appear
    (published holds none). workers: forked processes that share the ranking, each given
    min_share innovations at least."""
    lists: dict[tuple[str, str], list[Innovation]] = defaultdict(list)
    order = sorted(published, key=lambda i: (i.registered, i.id))
    for inn in order:
        for key in _keys(inn):
            lists[key].append(inn)
    positions = {key: [(i.registered, i.id) for i in members] for key, members in lists.items()}
    # Each candidate's facts once, as plain values: the ranking below reads them for about a
    # hundred candidates of each innovation.
    place = {inn.id: index for index, inn in enumerate(order)}
    day = {inn.id: inn.registered.toordinal() for inn in order}
    tag_sets = {inn.id: frozenset(inn.tags) for inn in order}

    def ranked(share: Sequence[int]) -> array[int]:
        """Places in order of each innovation's related ones, count a piece (-1: none)."""
        chosen = array("i")
        for at_place in share:
            inn = order[at_place]
            candidates: dict[str, Innovation] = {}
            for key in _keys(inn):
                members = lists[key]
                at = bisect.bisect_left(positions[key], (inn.registered, inn.id))
                for other in members[max(0, at - WINDOW): at + WINDOW + 1]:
                    candidates[other.id] = other
            candidates.pop(inn.id, None)
            tags, category, unit, today = tag_sets[inn.id], inn.category, inn.unit, day[inn.id]
            best = sorted(candidates.values(), key=lambda o: (
                -len(tags & tag_sets[o.id]), o.category != category, o.unit != unit,
                abs(day[o.id] - today), o.id))[:count]
            chosen.extend(place[o.id] for o in best)
            chosen.extend([-1] * (count - len(best)))
        return chosen

    # Flat arrays of places travel back from the forked shares: at a million, tuples of ids
    # would take hundreds of megabytes for a moment.
    places = range(len(order))
    found: list[tuple[Innovation, ...]] = [()] * len(order)
    shares = fork_map(ranked, places, workers, min_share)
    for start, chosen in enumerate(shares):
        for offset, at_place in enumerate(places[start::len(shares)]):
            picks = chosen[offset * count:(offset + 1) * count]
            found[at_place] = tuple(order[p] for p in picks if p >= 0)
    return {inn.id: found[index] for index, inn in enumerate(order)}


def remembered_related(published: Sequence[Innovation], cache: BuildCache | None,
                       count: int = RELATED, workers: int = 1
                       ) -> dict[str, tuple[Innovation, ...]]:
    """related_initiatives, kept in the build cache by what it reads (each innovation's id,
    date, tags, category and unit): an edit of a title, a summary or a body, the usual one,
    does not choose them again."""
    if cache is None:
        return related_initiatives(published, count, workers)
    key = digest(str(count), str(WINDOW), *(
        "\x1f".join((inn.id, inn.registered.isoformat(), inn.category, inn.unit, *inn.tags))
        for inn in published))
    by_id = {inn.id: inn for inn in published}
    stored = cache.get(RELATED_CHOICES, key)
    if stored is not None:
        try:
            chosen = json.loads(stored)
            return {inn.id: tuple(by_id[other] for other in chosen[inn.id])
                    for inn in published}
        except (ValueError, KeyError, TypeError):
            pass  # not what this version writes: chosen again, and written over
    related = related_initiatives(published, count, workers)
    cache.put(RELATED_CHOICES, key, json.dumps(
        {inn: [other.id for other in others] for inn, others in related.items()},
        separators=(",", ":")).encode())
    return related


def _keys(inn: Innovation) -> list[tuple[str, str]]:
    return [*(("tag", t) for t in inn.tags), ("category", inn.category), ("unit", inn.unit)]
