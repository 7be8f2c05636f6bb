"""Innovations' bodies read again from their files when their pages are made.

A catalog of a million innovations cannot hold every body in memory: the
build keeps each body's digest instead and reads the body when its page is made, refusing a
file changed since it was checked, so that nothing unchecked reaches the site. (A build
without a cache keeps the first bodies it checks, up to a budget: `kept_body_characters`.)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.infra.digests import text_digest

from .model import Innovation
from .problems import UnreadableText
from .sources import decode, read_text, split_front_matter


class BodyChanged(RuntimeError):
    """A file changed between its check and its page: the build must start again."""


def body_digest(body: str) -> str:
    return text_digest(body)


def without_body(innovation: Innovation) -> Innovation:
    """The record as a catalog that does not hold bodies keeps it."""
    return replace(innovation, body="") if innovation.body else innovation


def with_body(innovation: Innovation, data: bytes | None) -> Innovation | None:
    """The record with its body taken from its file's bytes, as it was checked; None when
    they do not hold that body (the build cache keeps records without their bodies)."""
    if data is None:
        return None
    try:
        body = _checked_body(innovation, decode(data))
    except UnreadableText:
        return None
    return None if body is None else replace(innovation, body=body)


def read_body(root: Path, innovation: Innovation) -> str:
    """The body as it was checked; BodyChanged when the file says something else now."""
    try:
        body = _checked_body(innovation, read_text(root / innovation.source))
    except Exception as exc:  # unreadable now: it was readable when checked
        raise BodyChanged(f"{innovation.source}: tệp đã thay đổi trong lúc dựng trang "
                          f"({exc}); hãy dựng lại") from exc
    if body is None:
        raise BodyChanged(f"{innovation.source}: tệp đã thay đổi trong lúc dựng trang; "
                          "hãy dựng lại")
    return body


def _checked_body(innovation: Innovation, text: str) -> str | None:
    """The body of the file's text if it is the one the innovation was checked with, else
    None; UnreadableText when its front matter has no closing line."""
    document = split_front_matter(text)
    body = document.body if document is not None else ""
    return body if body_digest(body) == innovation.body_digest else None
