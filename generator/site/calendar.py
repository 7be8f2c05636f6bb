"""Events as iCalendar (RFC 5545), made with the icalendar package: one VEVENT each."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from urllib.parse import urlsplit

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from generator.content.model import Event

from . import urls

PRODUCT = "-//Sang kien//Su kien//VI"


def events_calendar(events: Iterable[Event], site_url: str | None, name: str) -> bytes:
    """All-day events; each one's stamp is its own date, so the same events give the same
    bytes."""
    base = (site_url or "/").rstrip("/") + "/"
    host = urlsplit(base).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}@{host}")
        entry.add("dtstamp", dt.datetime.combine(event.date, dt.time(), tzinfo=dt.UTC))
        entry.add("dtstart", event.date)
        entry.add("dtend", event.date + dt.timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("description", event.summary)
        if event.place:
            entry.add("location", event.place)
        entry.add("url", posixpath.join(base, urls.event(event.slug)))
        calendar.add_component(entry)
    return calendar.to_ical()
