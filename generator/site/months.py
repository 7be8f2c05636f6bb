"""Calendar months, as reports name them ("2023-07") and as charts draw them (their first day)."""

from __future__ import annotations

import datetime as dt


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that holds first."""
    return next_month(first.replace(day=1)) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from start's to end's, both included."""
    out = []
    day = start.replace(day=1)
    while day <= end:
        out.append(day)
        day = next_month(day)
    return out
