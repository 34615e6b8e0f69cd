"""How values read on screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crm_tui.ui import formatting as fmt
from crm_tui.ui.money import amount

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (1234.4, "USD", "$1,234"),
        (1234.6, "eur", "€1,235"),
        (99, "CHF", "99 CHF"),
        (None, "USD", "—"),
    ],
)
def test_money(value: float | None, currency: str, expected: str) -> None:
    assert fmt.money(value, currency) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (999, "USD", "$999"),
        (45_000, "usd", "$45k"),
        (45_500, "EUR", "€45.5k"),
        (1_200_000, "USD", "$1.2M"),
        (18_500, "CHF", "CHF 18.5k"),
        (45_000, None, "45k"),
        (None, "USD", "—"),
    ],
)
def test_short_money_names_its_currency_or_none(
    value: float | None, currency: str | None, expected: str
) -> None:
    assert amount(value, currency) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=5), "5m ago"),
        (timedelta(hours=3, minutes=59), "3h ago"),
        (timedelta(days=2, hours=1), "2d ago"),
        (-timedelta(days=4), "in 4d"),
        (timedelta(days=40), "2026-10-16"),
    ],
)
def test_relative(delta: timedelta, expected: str) -> None:
    assert fmt.relative(NOW - delta, NOW) == expected


def test_when_gives_relative_and_absolute_but_never_the_date_twice() -> None:
    assert fmt.when(NOW - timedelta(days=2), NOW) == "2d ago · 2026-11-23 10:00"
    assert fmt.when(NOW - timedelta(days=40), NOW) == "2026-10-16 10:00"
    assert fmt.when(None, NOW) == "—"


def test_naive_times_are_read_as_utc() -> None:
    assert fmt.relative(datetime(2026, 11, 25, 9, 0), NOW) == "1h ago"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("in_progress", "In progress"), ("won", "Won"), ("on-hold", "On hold"), (None, "—")],
)
def test_label(value: str | None, expected: str) -> None:
    assert fmt.label(value) == expected


def test_day_and_timestamp() -> None:
    assert fmt.day(date(2026, 1, 2)) == "2026-01-02"
    assert fmt.day(datetime(2026, 1, 2, 23, 30, tzinfo=UTC)) == "2026-01-02"
    assert fmt.timestamp(datetime(2026, 1, 2, 23, 30, tzinfo=UTC)) == "2026-01-02 23:30"
    assert fmt.percent(0.333) == "33%" and fmt.percent(None) == "—"


def test_a_quoted_name_is_cut_so_that_the_sentence_around_it_ends_on_screen() -> None:
    assert fmt.quoted("Acme Ltd") == "“Acme Ltd”"
    assert fmt.quoted(None) == "“(no name)”"
    assert fmt.quoted("", "this lead") == "“this lead”"
    long = fmt.quoted("Qwerty " * 1430)
    assert len(long) == fmt.QUOTED_LENGTH + 2
    assert long.endswith("…”")
    assert fmt.quoted("two\nlines") == "“two lines”"
