"""The Activities screen: newest first, company/contact filters, text filter, open, log."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from crm_tui.api import ServerError
from crm_tui.api.models import Activity
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.activities import ActivitiesScreen, ActivityTable, newest_first
from crm_tui.ui.screens.activity_form import ActivityForm
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.widgets.pickers import Picker

from .conftest import make_app, notified, open_mode, settle, spy_filters
from .text_entry import fill


async def open_activities(app: CrmApp, pilot: Any) -> ActivitiesScreen:
    return await open_mode(app, pilot, "5", ActivitiesScreen)


def spy_lists(app: CrmApp, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record the filters of every list_activities call."""
    return spy_filters(app, monkeypatch, "list_activities")


def row_ids(screen: ActivitiesScreen) -> list[str]:
    table = screen.query_one(ActivityTable)
    return table.row_keys


def header(screen: ActivitiesScreen) -> str:
    return str(screen.query_one("#activities-header", Static).render())


async def pick(app: CrmApp, pilot: Any, key: str, text: str) -> None:
    """Open a filter picker with ``key``, type ``text``, take the first match."""
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, Picker)
    await fill(app, pilot, text)
    await pilot.press("enter")
    await settle(app, pilot)


async def test_lists_every_activity_newest_first() -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        expected = newest_first(await app.workspace.client.list_activities())
        assert row_ids(screen) == [a.id for a in expected]
        assert "all companies and contacts" in header(screen)
        assert f"{len(expected)} shown" in header(screen)
        assert not screen.query_one(ActivityTable).loading
        # The detail strip tells what the narrow table leaves out (who, lead).
        first = expected[0]
        detail = str(screen.query_one("#activity-detail", Static).render())
        assert first.user_name and first.user_name in detail


async def test_company_filter_is_sent_to_the_server_and_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        calls = spy_lists(app, monkeypatch)
        company = next(a for a in screen.activities if a.company_name)
        await pick(app, pilot, "c", company.company_name or "")

        assert app.screen is screen
        assert calls[-1] == {"company_id": company.company_id, "contact_id": None}
        assert screen.activities and all(
            a.company_id == company.company_id for a in screen.activities
        )
        assert f"company: {company.company_name}" in header(screen)
        assert screen.check_action("clear_filters", ()) is True


async def test_contact_and_company_together_then_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        calls = spy_lists(app, monkeypatch)
        linked = next(a for a in screen.activities if a.contact_name and a.company_name)
        await pick(app, pilot, "p", linked.contact_name or "")
        assert calls[-1] == {"company_id": None, "contact_id": linked.contact_id}
        assert all(a.contact_id == linked.contact_id for a in screen.activities)

        await pick(app, pilot, "c", linked.company_name or "")
        assert calls[-1] == {"company_id": linked.company_id, "contact_id": linked.contact_id}
        assert linked.id in row_ids(screen)
        text = header(screen)
        assert f"company: {linked.company_name}" in text
        assert f"contact: {linked.contact_name}" in text

        await pilot.press("C")
        await settle(app, pilot)
        assert calls[-1] == {"company_id": None, "contact_id": None}
        assert "all companies and contacts" in header(screen)
        assert screen.check_action("clear_filters", ()) is False


async def test_any_in_the_picker_drops_just_that_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        linked = next(a for a in screen.activities if a.contact_name and a.company_name)
        await pick(app, pilot, "p", linked.contact_name or "")
        await pick(app, pilot, "c", linked.company_name or "")
        calls = spy_lists(app, monkeypatch)
        await pick(app, pilot, "c", "any")
        assert calls[-1] == {"company_id": None, "contact_id": linked.contact_id}


async def test_slash_filters_the_loaded_rows_on_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        calls = spy_lists(app, monkeypatch)
        total = len(screen.activities)
        search = screen.query_one("#search", Input)
        assert "not the server" in search.placeholder
        await pilot.press("slash")
        assert app.focused is search
        await fill(app, pilot, "pricing")

        shown = row_ids(screen)
        by_id = {a.id: a for a in screen.activities}
        assert 0 < len(shown) < total
        assert all("pricing" in (by_id[i].subject + (by_id[i].body or "")).lower() for i in shown)
        assert f"{len(shown)} of {total} shown" in header(screen)
        assert calls == []  # nothing asked of the server

        await pilot.press("enter")  # back to the table
        assert app.focused is screen.query_one(ActivityTable)
        await pilot.press("slash", "escape")  # so does escape, keeping the text
        assert app.focused is screen.query_one(ActivityTable)
        assert row_ids(screen) == shown


@pytest.mark.parametrize(
    ("kind", "screen_type"),
    [("lead", LeadScreen), ("contact", ContactScreen), ("company", CompanyScreen)],
)
async def test_enter_opens_the_record_the_activity_belongs_to(
    kind: str, screen_type: type[Any]
) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        owners = {
            "lead": lambda a: a.lead_id,
            "contact": lambda a: not a.lead_id and a.contact_id,
            "company": lambda a: not a.lead_id and not a.contact_id and a.company_id,
        }
        activity = next(a for a in screen.activities if owners[kind](a))
        table = screen.query_one(ActivityTable)
        table.cursor = table.index_of(activity.id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, screen_type)
        expected = {"lead": activity.lead_id, "contact": activity.contact_id}.get(
            kind, activity.company_id
        )
        assert app.screen.record_id == expected


async def test_n_logs_an_activity_for_the_filtered_company_and_lands_on_it() -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        company = next(a for a in screen.activities if a.company_name)
        await pick(app, pilot, "c", company.company_name or "")
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.values()["company"] == company.company_id  # pre-filled from the filter
        form.query_one("#subject", Input).value = "Called about the [renewal]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert app.screen is screen
        new = next(a for a in screen.activities if a.subject == "Called about the [renewal]")
        assert new.company_id == company.company_id
        assert screen.query_one(ActivityTable).current_key == new.id


async def test_a_failed_load_is_reported_and_keeps_what_was_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_activities(app, pilot)
        before = row_ids(screen)

        async def boom(**_: Any) -> list[Activity]:
            raise ServerError("boom", status=500)

        monkeypatch.setattr(app.workspace.client, "list_activities", boom)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is screen
        assert not screen.query_one(ActivityTable).loading
        assert row_ids(screen) == before
        assert any("Server error" in n.title for n in notified(app))


async def test_help_lists_the_screen_keys() -> None:
    app = make_app(screen="activities")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_activities(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        descriptions = {row[1] for row in app.screen.rows}  # type: ignore[attr-defined]
        expected = {"Open", "Log an activity", "Company", "Contact", "Refresh", "Search"}
        assert expected <= descriptions
