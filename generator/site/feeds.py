"""Atom feeds (RFC 4287, made with feedgen): the month's picks, awards given, new initiatives.

Every date comes from the content (a registration, an award, a month), never from the clock:
the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from . import urls
from .site_plan import Site

NEWEST = 50
"""Initiatives in the feed of new ones."""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    address: str
    summary: str
    updated: dt.date
    authors: tuple[str, ...]
    """atom:author names: an innovation's authors; the organisation for its picks and awards."""


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _feed(site_url: str | None, address: str, title: str, subtitle: str, author: str,
          entries: Iterable[Entry]) -> bytes:
    """author: the feed's own (RFC 4287 asks for one unless every entry has its own)."""
    base = (site_url or "/").rstrip("/") + "/"
    entries = list(entries)
    feed = FeedGenerator()
    feed.id(posixpath.join(base, address))
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language("vi")
    feed.author({"name": author})
    feed.link(href=posixpath.join(base, address), rel="self")
    feed.link(href=base, rel="alternate")
    feed.generator("Sáng kiến")
    feed.updated(_moment(max((e.updated for e in entries), default=dt.date(2000, 1, 1))))
    # feedgen writes entries in reverse order of addition: add the oldest first.
    for entry in reversed(entries):
        item = feed.add_entry()
        item.id(posixpath.join(base, entry.id))
        item.title(entry.title)
        for name in entry.authors:
            item.author({"name": name})
        item.link(href=posixpath.join(base, entry.address))
        item.summary(entry.summary)
        item.updated(_moment(entry.updated))
        item.published(_moment(entry.updated))
    return feed.atom_str(pretty=True)


def innovations_feed(site: Site, site_url: str | None) -> bytes:
    program = site.catalog.program
    newest = site.catalog.published[:NEWEST]  # newest registration first
    return _feed(site_url, urls.INNOVATIONS_FEED, f"Sáng kiến mới – {program.name}",
                 f"{NEWEST} sáng kiến đăng ký gần đây nhất", program.organization, [
                     Entry(urls.innovation(i.id), i.title, urls.innovation(i.id), i.summary,
                           i.registered, tuple(a.name for a in i.authors)) for i in newest])


def month_picks_feed(site: Site, site_url: str | None) -> bytes:
    program = site.catalog.program
    entries = [
        Entry(urls.month_picks(m.month), m.title, urls.month_picks(m.month),
              "; ".join(p.headline for p in m.picks),
              dt.date(int(m.month[:4]), int(m.month[5:]), 1), (program.organization,))
        for m in reversed(site.catalog.months)]
    return _feed(site_url, urls.MONTH_PICKS_FEED, f"Sáng kiến tiêu biểu – {program.name}",
                 f"Mỗi tháng một bài: những sáng kiến {program.organization} chọn",
                 program.organization, entries)


def awards_feed(site: Site, site_url: str | None) -> bytes:
    program = site.catalog.program
    given = sorted(((inn, award) for inn in site.catalog.published for award in inn.awards),
                   key=lambda e: (e[1].date, e[0].id, e[1].kind), reverse=True)
    entries = [
        Entry(f"{urls.innovation(inn.id)}#{award.kind}-{award.date.isoformat()}",
              f"{program.awards[award.kind].name}: {inn.title}", urls.innovation(inn.id),
              f"{program.awards[award.kind].issuer} trao tặng ngày {award.date:%d/%m/%Y}"
              + (f", Quyết định số {award.decision}" if award.decision else "") + ".",
              award.date, (program.organization,))
        for inn, award in given]
    return _feed(site_url, urls.AWARDS_FEED, f"Khen thưởng – {program.name}",
                 "Mỗi mục một giải thưởng được trao cho một sáng kiến", program.organization,
                 entries)
