"""A bulk page's shell: the page MkDocs and Material render once, with slot markers where each
page's own text goes, filled for each page and written as bytes (bulk.py)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.infra.digests import digest

SLOT_RE = re.compile(
    r"(skslottitle|skslotdesc|skslotbody|skslotimage|skslotimgwidth|skslotimgheight"
    r"|skslotimgalt|skslotpath(?:/skslotmore)*)")
"""Slot markers: plain letters, so that no escaping in a template can alter them."""

def page_bytes(html: str) -> bytes:
    """A page's text as its file holds it."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


@dataclass(frozen=True)
class Shell:
    parts: tuple[str, ...]
    """Literal text and slot names, alternating as re.split leaves them."""
    encoded: tuple[bytes, ...]
    """The literal text as page_bytes makes it, once (the slots' places empty): a page then
    encodes its slots only, not the 20 KB around them."""

    @classmethod
    def parse(cls, html: str) -> Shell:
        parts = SLOT_RE.split(html)
        # Odd items are slot markers; a path of several segments is one slot.
        for index in range(1, len(parts), 2):
            if parts[index].startswith("skslotpath"):
                parts[index] = "skslotpath"
        return cls(tuple(parts), tuple(b"" if index % 2 else page_bytes(part)
                                       for index, part in enumerate(parts)))

    def fill(self, values: dict[str, str]) -> bytes:
        """The page's bytes: page_bytes of the shell with each slot's value in place (UTF-8
        encodes each character alone, so the pieces may be encoded apart)."""
        pieces = list(self.encoded)
        for index in range(1, len(pieces), 2):
            pieces[index] = page_bytes(values[self.parts[index]])
        return b"".join(pieces)


def theme_signature(env: jinja2.Environment) -> bytes:
    """Every template the pages may be rendered with (the theme's and ours)."""
    loader = env.loader
    folders = getattr(loader, "searchpath", [])
    parts: list[bytes] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


def write_page(site_dir: str, url: str, data: bytes) -> None:
    """A page's file in a folder of its own: one mkdir when the folder's parent exists
    (os.makedirs would stat the parent first), plain strings rather than Path objects (a
    million pages); nothing to remember between pages."""
    folder = f"{site_dir}/{url}"
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    with open(f"{folder}index.html", "wb") as out:
        out.write(data)
