"""Long loaded lists are sorted and filtered in a thread, and the newest text wins.

The demo's lists are short; the threshold is lowered so that they take the long-list
path, which must show exactly what the short-list path shows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui.api.models import Activity, Contact
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens import loaded_rows
from crm_tui.ui.screens.activities import ActivitiesScreen, search_text
from crm_tui.ui.screens.contacts import ContactsScreen
from crm_tui.ui.screens.contacts import search_text as contact_text
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import make_app, open_mode, settle

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def every_list_is_long(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(loaded_rows, "OFF_LOOP_ROWS", 1)
    yield


def shown_ids(table: RecordList[Any]) -> list[str]:
    return table.row_keys


def expected(rows: list[Any], text_of: Any, needle: str) -> list[str]:
    words = needle.casefold().split()
    return [row.id for row in rows if all(word in text_of(row) for word in words)]


def record_filter_threads(screen: Any) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    real = screen.matching_rows

    def matching(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args)

    screen.matching_rows = matching
    return threads


async def type_text(app: CrmApp, pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await settle(app, pilot)


async def test_typing_filters_a_long_list_in_a_thread_and_the_rows_are_right() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "5", ActivitiesScreen)
        activities: list[Activity] = screen.activities
        threads = record_filter_threads(screen)
        table = screen.table
        await pilot.press("slash")

        await type_text(app, pilot, "ca")
        assert shown_ids(table) == expected(activities, search_text, "ca")
        await type_text(app, pilot, "ll")  # narrows what "ca" matched
        assert shown_ids(table) == expected(activities, search_text, "call")
        assert 0 < len(shown_ids(table)) < len(activities)
        await type_text(app, pilot, " zz")
        assert shown_ids(table) == []
        for _ in range(3):  # widening again: back to every "call"
            await pilot.press("backspace")
        await settle(app, pilot)
        assert shown_ids(table) == expected(activities, search_text, "call")
        assert threads and all(thread is not threading.main_thread() for thread in threads)

        screen.query_one("#search", Input).value = ""
        await settle(app, pilot)
        assert shown_ids(table) == [a.id for a in activities]


async def test_the_newest_text_wins_when_keys_come_faster_than_filters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "3", ContactsScreen)
        contacts: list[Contact] = screen.contacts
        await pilot.press("slash")
        for key in "an e":
            await pilot.press(key)  # no waiting: each keystroke supersedes the last filter
        await settle(app, pilot)
        assert screen.needle == "an e"
        assert shown_ids(screen.table) == expected(contacts, contact_text, "an e")


async def test_a_reload_with_text_in_the_box_filters_the_new_rows() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "5", ActivitiesScreen)
        await pilot.press("slash")
        await type_text(app, pilot, "meeting")
        await pilot.press("escape", "r")
        await settle(app, pilot)
        assert shown_ids(screen.table) == expected(screen.activities, search_text, "meeting")
        assert shown_ids(screen.table)
