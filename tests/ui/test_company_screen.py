"""The Company screen and the company form: fields, related tables, opening, editing, failures."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent, TextArea

from crm_tui.api.errors import NotFound, ServerError
from crm_tui.api.models import Company, CompanyCreate, CompanyUpdate
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.company_form import CompanyForm
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.screens.owner_field import NO_OWNER, OTHER_OWNER
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.widgets.field_list import FieldList
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import hold_answers, make_app, notifications, spy, wait_until
from .records_helpers import (
    FJORD,
    OWNER_NAME,
    World,
    build_world,
    column,
    company_named,
    open_record_screen,
    settle,
    text_of,
)

SIZE = (80, 24)


async def open_company(app: CrmApp, pilot: Pilot[None]) -> tuple[CompanyScreen, World]:
    await settle(app, pilot)
    world = await build_world(app)
    return await open_record_screen(app, pilot, "company", world.fjord.id, CompanyScreen), world


def tab_labels(screen: CompanyScreen) -> list[str]:
    tabs = screen.query_one("#tabs", TabbedContent)
    return [tabs.get_tab(f"{s.id}-tab").label.plain for s in screen.SECTIONS]


async def open_form(app: CrmApp, pilot: Pilot[None], form: CompanyForm) -> list[Company | None]:
    results: list[Company | None] = []
    await settle(app, pilot)
    app.push_screen(form, results.append)
    await pilot.pause()
    return results


def type_into(form: CompanyForm, field_id: str, text: str) -> None:
    form.query_one(f"#{field_id}", Input).value = text


# ------------------------------------------------------------------ the screen


async def test_shows_the_company_fields_and_its_contacts_leads_and_activities() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        title = text_of(screen.query_one("#record-title", Static))
        assert FJORD in title and "Active" in title
        fields = screen.query_one(FieldList)
        assert fields.value_of("Owner") == OWNER_NAME
        assert fields.value_of("Domain") == "fjordline.example"
        assert fields.value_of("Location") == "Bergen, NO"
        assert fields.value_of("Notes") == "Runs the coastal route; renewal due in spring."
        assert tab_labels(screen) == ["Contacts (3)", "Leads (2)", "Activities (3)"]

        table = screen.query_one("#contacts", RecordList)
        assert sorted(column(table, "name")) == ["Astrid Berg", "Lars [Ops] Holm", "Mina Solberg"]
        leads = screen.query_one("#leads", RecordList)
        assert sorted(column(leads, "title")) == ["Fleet refit 2027", "Ticketing kiosks"]
        assert any("120,000" in value for value in column(leads, "value"))
        activities = screen.query_one("#activities", RecordList)
        assert sorted(column(activities, "subject")) == [
            "Office moved to the harbour",
            "Refit scope call",
            "Sent the brochure",
        ]
        # j/k work on the focused table from the start
        assert app.focused is table


def first_layout_spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The title and the activities shown as the screen is first shown (its resume is
    handled before Textual first lays it out): one entry, once it is shown."""
    seen: list[tuple[str, int]] = []
    real = RecordScreen.on_screen_resume

    def spied(screen: RecordScreen) -> None:
        if not seen:
            title = text_of(screen.query_one("#record-title", Static))
            seen.append((title, len(screen.table("activities").records)))
        real(screen)

    monkeypatch.setattr(RecordScreen, "on_screen_resume", spied)
    return seen


async def test_answers_in_by_the_time_the_screen_mounts_are_in_its_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A near server answers the reads sent ahead while the screen mounts: the screen is
    first laid out with the company and its records, not empty and then filled."""
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        seen = first_layout_spy(monkeypatch)
        screen = app.record_screen("company", world.fjord.id)
        assert isinstance(screen, CompanyScreen)
        assert await wait_until(pilot, screen.reads_ahead.answered)
        app.push_screen(screen)
        await settle(app, pilot)
        [(title, activities)] = seen
        assert FJORD in title
        assert activities == len(screen.table("activities").records) > 0


async def test_while_the_server_answers_the_screen_is_shown_with_loading_indicators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An answer still out does not hold the screen's first frame."""
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        gate = hold_answers(app, monkeypatch, "get_company")
        seen = first_layout_spy(monkeypatch)
        app.open_record("company", world.fjord.id)
        assert await wait_until(pilot, lambda: bool(seen))  # shown while the answer is out
        assert seen[0][0] == "Loading the company…"
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        assert screen.query_one(FieldList).loading
        gate.set()
        await settle(app, pilot)
        assert not screen.query_one(FieldList).loading
        assert FJORD in text_of(screen.query_one("#record-title", Static))


async def test_t_changes_tab_and_the_tab_table_takes_focus() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one("#tabs", TabbedContent).active == "leads-tab"
        assert app.focused is screen.query_one("#leads", RecordList)
        await pilot.press("t", "t")
        await pilot.pause()
        assert screen.query_one("#tabs", TabbedContent).active == "contacts-tab"
        await pilot.press("T")
        await pilot.pause()
        assert screen.query_one("#tabs", TabbedContent).active == "activities-tab"


async def test_enter_on_a_contact_opens_it_and_escape_comes_back_where_it_was() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        table = screen.query_one("#contacts", RecordList)
        await pilot.press("j")
        chosen = table.current_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.record_id == chosen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert table.current_key == chosen


async def test_enter_on_a_lead_opens_the_lead_screen() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        chosen = screen.query_one("#leads", RecordList).current_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LeadScreen)
        assert app.screen.record_id == chosen


async def test_enter_on_an_activity_opens_its_lead_else_its_contact() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        table = screen.query_one("#activities", RecordList)
        for row_key in table.row_keys:
            activity = screen.activities[row_key]
            if activity.lead_id or activity.contact_id:
                break
        else:
            pytest.fail("the fixture company has no activity with a lead or a contact")
        table.cursor = table.index_of(row_key)
        await pilot.press("enter")
        await settle(app, pilot)
        if activity.lead_id:
            assert isinstance(app.screen, LeadScreen)
            assert app.screen.record_id == activity.lead_id
        else:
            assert isinstance(app.screen, ContactScreen)
            assert app.screen.record_id == activity.contact_id


async def test_r_reloads_the_company_and_its_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        client = app.workspace.client
        gets = spy(monkeypatch, client, "get_company")
        contacts = spy(monkeypatch, client, "list_company_contacts")
        # Someone else renames the company meanwhile.
        await client.update_company(screen.record_id, CompanyUpdate(name="Fjordline Group"))
        await pilot.press("r")
        await settle(app, pilot)
        assert len(gets) == 1 and len(contacts) == 1
        assert "Fjordline Group" in text_of(screen.query_one("#record-title", Static))


async def test_a_company_that_is_gone_says_so_and_escape_goes_back() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        below = app.screen
        assert isinstance(below, DashboardScreen)
        screen = await open_record_screen(app, pilot, "company", str(uuid.uuid4()), CompanyScreen)
        assert screen.has_class("-gone")
        message = text_of(screen.query_one("#record-gone", Static))
        assert "no longer exists" in message and "escape" in message
        assert screen.query_one("#record-gone", Static).display
        # nothing to edit; no error toast for an answer the screen shows in place
        assert not screen.check_action("edit", ())
        assert not [n for n in notifications(app) if n[2] == "error"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is below


async def test_a_server_failure_while_loading_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        spy(monkeypatch, app.workspace.client, "list_leads", fail=ServerError("boom", status=500))
        screen = await open_record_screen(app, pilot, "company", world.fjord.id, CompanyScreen)
        assert any("boom" in message for _, message, _ in notifications(app))
        assert not screen.query_one("#leads", RecordList).loading
        # the rest of the screen still shows
        assert screen.query_one("#contacts", RecordList).row_count == 3


# -------------------------------------------------------------------- editing


async def test_e_edits_the_company_sending_only_changed_fields_and_refreshes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        updates = spy(monkeypatch, app.workspace.client, "update_company")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CompanyForm)
        assert form.query_one("#name", Input).value == FJORD
        type_into(form, "city", "Porto")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        (company_id, body), _ = updates.last
        assert company_id == screen.record_id
        assert isinstance(body, CompanyUpdate)
        assert body.to_wire() == {"city": "Porto"}
        assert "Porto" in screen.query_one(FieldList).value_of("Location")
        assert ("Edit company", "Company saved", "information") in notifications(app)


async def test_an_emptied_field_is_sent_as_null_to_clear_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await open_company(app, pilot)
        updates = spy(monkeypatch, app.workspace.client, "update_company")
        await pilot.press("e")
        await pilot.pause()
        type_into(app.screen, "industry", "")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (_, body), _ = updates.last
        assert body.to_wire() == {"industry": None}


async def test_saving_an_unchanged_form_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_company(app, pilot)
        updates = spy(monkeypatch, app.workspace.client, "update_company")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert len(updates) == 0
        assert any("Nothing changed" in message for _, message, _ in notifications(app))


async def test_a_server_500_on_save_keeps_the_form_with_the_input_and_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await open_company(app, pilot)
        updates = spy(
            monkeypatch,
            app.workspace.client,
            "update_company",
            fail=ServerError("boom", status=500),
        )
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CompanyForm)
        type_into(form, "name", "Fjordline Renamed")
        type_into(form, "phone", "+1 (555) 010-2000 ext. 12")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert len(updates) == 1
        assert form.query_one("#name", Input).value == "Fjordline Renamed"
        assert form.query_one("#phone", Input).value == "+1 (555) 010-2000 ext. 12"
        assert "boom" in text_of(form.query_one("#form-error", Static))
        assert not form.saving
        # the company was not changed
        company = await app.workspace.client.get_company(form.company.id)  # type: ignore[union-attr]
        assert company.name == FJORD


async def test_wrong_fields_are_named_next_to_them_and_nothing_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        creates = spy(monkeypatch, app.workspace.client, "create_company")
        form = CompanyForm()
        await open_form(app, pilot, form)
        type_into(form, "email", "not-an-address")
        type_into(form, "phone", "call me maybe")
        type_into(form, "domain", "http://example.com")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert len(creates) == 0
        for field_id, words in (
            ("name", "needs a name"),
            ("email", "e-mail"),
            ("phone", "digits"),
            ("domain", "domain"),
        ):
            error = form.query_one(f"#{field_id}-error", Static)
            assert error.display and words in text_of(error), field_id
        assert app.focused is form.query_one("#name", Input)
        # fixing them clears the messages on the next try
        type_into(form, "name", "Fjord Bakery")
        type_into(form, "email", "")
        type_into(form, "phone", "")
        type_into(form, "domain", "fjord.example")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(creates) == 1


async def test_a_new_company_is_created_with_its_status_and_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        creates = spy(monkeypatch, app.workspace.client, "create_company")
        form = CompanyForm()
        results = await open_form(app, pilot, form)
        assert form.query_one("#status", Select).value == "prospect"
        type_into(form, "name", "Fjord [Bakery]")
        form.query_one("#status", Select).value = "active"
        type_into(form, "email", "hello@fjord.example")
        form.query_one("#notes", TextArea).text = "Met at the fair"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (body,), _ = creates.last
        assert isinstance(body, CompanyCreate)
        assert body.to_wire() == {
            "name": "Fjord [Bakery]",
            "status": "active",
            "ownerUserId": "me",  # the form's default: said, not left to the server
            "email": "hello@fjord.example",
            "notes": "Met at the fair",
        }
        assert results and results[0] is not None and results[0].name == "Fjord [Bakery]"
        found = await app.workspace.client.list_companies(q="Fjord [Bakery]")
        assert [company.name for company in found.items] == ["Fjord [Bakery]"]


async def test_owner_is_a_known_owner_or_a_typed_uuid_that_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dana = str(uuid.uuid4())
    app = make_app(screen="companies")
    app.workspace.owners = {"Dana Scully": dana}
    async with app.run_test(size=SIZE) as pilot:
        creates = spy(monkeypatch, app.workspace.client, "create_company")
        form = CompanyForm()
        await open_form(app, pilot, form)
        owner = form.query_one("#owner", Select)
        owner_id = form.query_one("#owner_id", Input)
        assert ("Dana Scully", dana) in [(str(p), v) for p, v in owner._options]
        assert not owner_id.parent.display  # type: ignore[union-attr]
        type_into(form, "name", "Owned Co")
        owner.value = OTHER_OWNER
        await pilot.pause()
        assert owner_id.parent.display  # type: ignore[union-attr]
        owner_id.value = "1234-not-a-uuid"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(creates) == 0
        assert "UUID" in text_of(form.query_one("#owner_id-error", Static))
        typed = str(uuid.uuid4())
        owner_id.value = typed
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (body,), _ = creates.last
        assert body.owner_user_id == typed


async def test_the_current_owner_is_offered_even_when_not_in_the_config() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        world = await build_world(app)
        form = CompanyForm(world.fjord)
        await open_form(app, pilot, form)
        owner = form.query_one("#owner", Select)
        assert owner.value == world.fjord.owner_user_id
        assert OWNER_NAME in [str(prompt) for prompt, _ in owner._options]


async def test_escape_with_typed_input_asks_before_discarding() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        form = CompanyForm()
        results: list[Any] = await open_form(app, pilot, form)
        type_into(form, "name", "Half typed")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Half typed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form
        assert results == [None]


async def test_a_company_deleted_meanwhile_reads_as_gone_on_save(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await open_company(app, pilot)
        spy(
            monkeypatch,
            app.workspace.client,
            "update_company",
            fail=NotFound("Company not found", status=404),
        )
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        type_into(form, "city", "Porto")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "not found" in text_of(form.query_one("#form-error", Static)).lower()


async def test_a_company_created_with_no_owner_comes_out_without_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        creates = spy(monkeypatch, app.workspace.client, "create_company")
        form = CompanyForm()
        await open_form(app, pilot, form)
        type_into(form, "name", "Ownerless Oy")
        form.query_one("#owner", Select).value = NO_OWNER
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (body,), _ = creates.last
        # Left out, ownerUserId means "the key's user" to the server: null is sent.
        assert body.to_wire()["ownerUserId"] is None
        saved = await company_named(app, "Ownerless Oy")
        assert saved.owner_user_id is None


async def test_the_company_form_offers_every_owner_met_by_name() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")  # the companies loaded name their owners
        await settle(app, pilot)
        page = await app.workspace.client.list_companies(page_size=200)
        names = {c.owner_name for c in page.items if c.owner_name}
        assert len(names) >= 5
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, CompanyForm)
        offered = {str(prompt) for prompt, _ in form.query_one("#owner", Select)._options}
        assert names <= offered
        assert "(no owner)" in offered and "Me (the API key's user)" in offered
