"""The header's words on how old a screen's data is."""

from __future__ import annotations

import time

from crm_tui.ui.freshness import Freshness, clock_time

NOON = time.mktime((2026, 12, 2, 12, 0, 0, 0, 0, -1))


def test_fresh_data_needs_no_words() -> None:
    freshness = Freshness()
    assert freshness.words() is None
    freshness.fresh(NOON)
    assert freshness.words() is None


def test_cached_data_says_its_age_while_refreshing() -> None:
    freshness = Freshness()
    freshness.cached(NOON)
    assert freshness.words() == f"as of {clock_time(NOON)}, refreshing…"


def test_the_oldest_cached_answer_gives_the_age() -> None:
    freshness = Freshness()
    freshness.cached(NOON)
    freshness.cached(NOON - 3600)
    freshness.cached(NOON - 60)
    assert freshness.since == NOON - 3600


def test_unreachable_says_offline_with_the_age_of_what_is_shown() -> None:
    freshness = Freshness()
    freshness.fresh(NOON)
    freshness.unreachable()
    assert freshness.words() == f"offline · as of {clock_time(NOON)}"
    freshness.fresh(NOON + 60)
    assert freshness.words() is None


def test_a_refresh_that_failed_otherwise_stops_saying_refreshing() -> None:
    freshness = Freshness()
    freshness.cached(NOON)
    freshness.failed()
    assert freshness.words() == f"as of {clock_time(NOON)} · not refreshed"


def test_another_day_is_named() -> None:
    assert clock_time(NOON, now=NOON + 3600) == "12:00"
    assert clock_time(NOON, now=NOON + 2 * 86400) == "2 Dec 12:00"
