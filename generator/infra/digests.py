"""Digests: the build cache's keys, a text's or a file's fingerprint, and stable digests of
what a page is made of (plain values, sequences, frozen records)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path


def digest(*parts: bytes | str) -> bytes:
    """A key: 16 bytes of blake2b over parts, each length-prefixed (no two splits collide)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def text_digest(text: str) -> str:
    """A text's fingerprint: 16 bytes of blake2b over its UTF-8, in hex."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def bytes_digest(data: bytes) -> bytes:
    """SHA-256 cut to 16 bytes: with the CPU's SHA instructions, faster than blake2b on
    pages, which an unchanged build reads and hashes whole."""
    return hashlib.sha256(data).digest()[:16]


_PLAIN_TYPES = frozenset({type(None), bool, int, float, str, dt.date})
"""Described by repr, looked up by exact type (subclasses go the longer way)."""


class Uncacheable(TypeError):
    """A value with no stable description: what is made of it is not cached."""


class ValueDigests:
    """Stable digests of what a page is made of (dicts, sequences, frozen records), each
    record described once per build however many pages show it."""

    def __init__(self, identity: Callable[[object], bytes | None] | None = None) -> None:
        self._records: dict[int, tuple[object, str]] = {}
        self._identity = identity
        """A record's shorter description, when one is known (what it was made from)."""
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, value: object) -> bytes:
        return digest(self._describe(value))

    def _describe(self, value: object) -> str:
        kind = type(value)
        # The common exact types first: a page's context is described on every build.
        if kind in _PLAIN_TYPES:
            return repr(value)
        if kind is tuple or kind is list:
            return "[" + ",".join(map(self._describe, value)) + "]"  # type: ignore[call-overload]
        if kind is dict:
            return "{" + ",".join(f"{self._describe(k)}:{self._describe(v)}"
                                  for k, v in value.items()) + "}"  # type: ignore[attr-defined]
        known = self._records.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if value is None or isinstance(value, (bool, int, float, str, dt.date, Path, Enum)):
            return repr(value)
        if isinstance(value, dict):
            return "{" + ",".join(f"{self._describe(k)}:{self._describe(v)}"
                                  for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self._describe(v) for v in value) + "]"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self._describe(v) for v in value)) + "}"
        if is_dataclass(value) and not isinstance(value, type):
            if not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
                raise Uncacheable(type(value).__name__)
            origin = self._identity(value) if self._identity is not None else None
            described = (digest("origin", origin) if origin
                         else digest(type(value).__qualname__, *self._fields_of(value))).hex()
            # Kept with the record: an id is unique only while its object lives.
            self._records[id(value)] = (value, described)
            return described
        raise Uncacheable(type(value).__name__)

    def _fields_of(self, record: object) -> Iterator[str]:
        """Each field described as a value: records inside it (a report's innovations) are
        described once, by their origin, not again inside its repr."""
        kind = type(record)
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(f.name for f in fields(kind))
        for name in names:
            yield f"{name}={self._describe(getattr(record, name))}"
