"""How values read on screen: money, percentages, dates, relative times."""

from __future__ import annotations

from datetime import UTC, date, datetime

DASH = "—"
#: What a record whose name (or title) the server left out or sent as null is called.
NO_NAME = "(no name)"
#: The longest record name a sentence quotes: the sentence's end ("… deleted.") must
#: stay on screen however long the name a server sent.
QUOTED_LENGTH = 60


def shorten(text: str, length: int) -> str:
    """One line of at most ``length`` characters, ending in "…" when cut."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


def quoted(name: str | None, missing: str = NO_NAME) -> str:
    """A record's name as a sentence quotes it: “Acme Ltd”, cut when long."""
    return f"“{shorten(name or missing, QUOTED_LENGTH)}”"


def money(value: float | None, currency: str | None = None) -> str:
    if value is None:
        return DASH
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get((currency or "USD").upper())
    amount = f"{value:,.0f}"
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def percent(fraction: float | None) -> str:
    return DASH if fraction is None else f"{fraction * 100:.0f}%"


def count(value: int | None) -> str:
    return DASH if value is None else f"{value:,}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value.isoformat()


def timestamp(value: datetime | None) -> str:
    if value is None:
        return DASH
    if value.tzinfo:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M")


def relative(value: datetime | None, now: datetime) -> str:
    """'just now', '5m ago', '3h ago', '2d ago', 'in 4d', or the date past a month."""
    if value is None:
        return DASH
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    seconds = (now - value).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for unit_seconds, unit in ((86400 * 30, None), (86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= unit_seconds:
            if unit is None:
                return day(value)
            amount = int(seconds // unit_seconds)
            return f"in {amount}{unit}" if future else f"{amount}{unit} ago"
    return day(value)


def when(value: datetime | None, now: datetime) -> str:
    """Relative and absolute together: '2d ago · 2026-11-27 14:05'."""
    if value is None:
        return DASH
    near = relative(value, now)
    if near == day(value):  # past a month the relative form is the date itself: say it once
        return timestamp(value)
    return f"{near} · {timestamp(value)}"


def label(value: str | None) -> str:
    """An open-ended code (stage, status, type) as a label: 'in_progress' -> 'In progress'."""
    if not value:
        return DASH
    text = value.replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]
