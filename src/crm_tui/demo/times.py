"""Time as the demo database stores it.

Timestamps are fixed-width UTC text (``2025-03-14T09:30:00.000000Z``), so that
comparing and sorting the text in SQL is comparing and sorting the instants.
Dates are ``YYYY-MM-DD``.  Pydantic parses both back when a model is built.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def db_timestamp(moment: datetime) -> str:
    if moment.tzinfo is not UTC:
        moment = as_utc(moment)
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"  # "+00:00" -> "Z"


def db_date(day: date) -> str:
    return day.isoformat()


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week ``moment`` falls in."""
    moment = as_utc(moment)
    monday = moment.date() - timedelta(days=moment.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
