"""Bodies' links to pages' files, resolved to the addresses the pages are published at.

An editor links to another innovation by its file, as Markdown editors do: `[x](b.md)` in
`innovations/a.md`. MkDocs resolves such links only between ordinary pages; innovations,
events and months' picks are published by the generator at addresses of their own
(`/sang-kien/<id>/`, `/su-kien/<ngày-tên>/`, `/tieu-bieu/<tháng>/`). Each such link of a
rendered body is rewritten here to the page's address, relative to the page that links (as
MkDocs writes links: the site works under any path), the `#fragment` kept. The loader has
checked that every one leads to a published page (content/bodylinks.py).
"""

from __future__ import annotations

import html
import posixpath
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.content.bodylinks import Link
from generator.content.model import Catalog
from generator.infra.digests import digest

from . import urls

_HREF = ' href="'
"""As the sanitiser (nh3) writes every attribute: a space, the name, a double quote; a double
quote inside a value is written &quot;."""


@dataclass(frozen=True)
class BodyLinks:
    addresses: dict[str, str]
    """Address of each file that links or is linked to, by its path under content/."""
    links: dict[str, tuple[str, ...]]
    """Targets of each file's links, by its path."""
    source_at: dict[str, str]
    """The path of the file whose body a page shows, by the page's address (for the files
    whose body has such links only)."""

    @classmethod
    def of(cls, catalog: Catalog, pages: Iterable[str],
           links: Mapping[str, Iterable[Link]]) -> BodyLinks:
        """pages: paths of the ordinary pages, under content/."""
        targets = {source: tuple(dict.fromkeys(target for target, _, _ in found))
                   for source, found in links.items()}
        wanted = set(targets).union(*targets.values())
        addresses: dict[str, str] = {}
        if wanted:
            for inn in catalog.innovations:
                if not inn.draft and inn.source in wanted:
                    addresses[inn.source] = urls.innovation(inn.id)
            for event in catalog.events:
                if not event.draft and event.source in wanted:
                    addresses[event.source] = urls.event(event.slug)
            for month in catalog.months:
                if month.source in wanted:
                    addresses[month.source] = urls.month_picks(month.month)
            for page in pages:
                if page in wanted:
                    addresses[page] = urls.markdown_page(page)
        source_at = {addresses[source]: source for source in targets if source in addresses}
        return cls(addresses, targets, source_at)

    def key(self, address: str) -> bytes:
        """What the links of the page at address resolve to (b"" when it has none): part of
        its cache keys, so that a page is made again when a page it links to moves."""
        source = self.source_at.get(address)
        if source is None:
            return b""
        return digest(*(part for target in self.links[source]
                        for part in (target, self.addresses.get(target, ""))))

    def resolve(self, source: str, href: str, address: str) -> str | None:
        """The address, relative to the page at address, that the link href of the body of
        source names; None when it names no page's file."""
        parts = urllib.parse.urlsplit(href.strip())
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        rel = urllib.parse.unquote(parts.path)
        if not rel.lower().endswith(".md"):
            return None
        target = self.addresses.get(
            posixpath.normpath(posixpath.join(posixpath.dirname(source), rel)))
        if target is None:
            return None
        resolved = urllib.parse.quote(_relative(target, address))  # a page named with accents
        if parts.query:
            resolved += f"?{parts.query}"
        return f"{resolved}#{parts.fragment}" if parts.fragment else resolved

    def rewrite(self, body_html: str, address: str) -> str:
        """The body shown at address with its links to pages' files made their addresses.
        One forward pass over the HTML (str.find only)."""
        source = self.source_at.get(address)
        if source is None or ".md" not in body_html:
            return body_html
        pieces: list[str] = []
        done = 0
        start = body_html.find(_HREF)
        while start >= 0:
            value_start = start + len(_HREF)
            value_end = body_html.find('"', value_start)
            if value_end < 0:
                break
            resolved = self.resolve(source, html.unescape(body_html[value_start:value_end]),
                                    address)
            if resolved is not None:
                pieces += [body_html[done:value_start], html.escape(resolved, quote=True)]
                done = value_end
            start = body_html.find(_HREF, value_end)
        if not pieces:
            return body_html
        pieces.append(body_html[done:])
        return "".join(pieces)


def _relative(target: str, base: str) -> str:
    """The address target (a page's: '' or ending in '/') read from the page at base, as
    MkDocs writes a link between two pages ('../../su-kien/x/', './')."""
    ups = base.split("/")[:-1]
    downs = target.split("/")[:-1]
    common = 0
    while common < min(len(ups), len(downs)) and ups[common] == downs[common]:
        common += 1
    parts = [".."] * (len(ups) - common) + downs[common:]
    return "/".join(parts) + "/" if parts else "./"


NO_LINKS = BodyLinks({}, {}, {})
