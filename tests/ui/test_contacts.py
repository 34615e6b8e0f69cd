"""Contacts: the list and its filters, the contact screen, memberships, the contact form."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static, TabbedContent

from crm_tui.api.errors import Conflict, ServerError
from crm_tui.api.models import ContactCreate, ContactUpdate, MembershipCreate, MembershipUpdate
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.contact_form import ContactForm
from crm_tui.ui.screens.contacts import SEARCH_PLACEHOLDER, ContactsScreen
from crm_tui.ui.screens.membership_form import MembershipForm
from crm_tui.ui.widgets.dialogs import ConfirmDialog
from crm_tui.ui.widgets.field_list import FieldList
from crm_tui.ui.widgets.picker_field import PickerField
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import make_app, notifications, spy
from .records_helpers import (
    ASTRID,
    FJORD,
    KELP,
    TERN,
    World,
    build_world,
    column,
    open_record_screen,
    settle,
    text_of,
)
from .text_entry import fill

SIZE = (80, 24)
FJORD_PEOPLE = ["Astrid Berg", "Lars [Ops] Holm", "Mina Solberg"]
BOOM = ServerError("boom", status=500)


async def open_contacts(app: CrmApp, pilot: Pilot[None]) -> ContactsScreen:
    await settle(app, pilot)
    await build_world(app)
    await pilot.press("3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ContactsScreen)
    return screen


async def open_contact(app: CrmApp, pilot: Pilot[None]) -> tuple[ContactScreen, World]:
    """Astrid: Fjordline's fleet manager (primary) and Kelp & Co's advisor."""
    await settle(app, pilot)
    world = await build_world(app)
    return await open_record_screen(app, pilot, "contact", world.astrid.id, ContactScreen), world


def header(screen: ContactsScreen) -> str:
    return text_of(screen.query_one("#contacts-header", Static))


def names(screen: ContactsScreen) -> list[str]:
    return column(screen.query_one("#contacts", RecordList), "name")


def select_row(table: RecordList, record_id: str) -> None:
    table.cursor = table.index_of(record_id)


async def pick(pilot: Pilot[None], app: CrmApp, text: str) -> None:
    """Type into the open picker and take the first match."""
    assert isinstance(app.screen, Picker)
    await fill(app, pilot, text)
    await pilot.press("enter")
    await settle(app, pilot)


# ---------------------------------------------------------------------- the list


async def test_the_list_shows_every_contact_with_its_columns() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        contacts = await app.workspace.client.list_contacts()
        assert names(screen) == [c.display_name for c in contacts]
        table = screen.query_one("#contacts", RecordList)
        lars = next(c for c in contacts if c.first_name == "Lars")
        assert [table.cell_text(lars.id, column.key) for column in table.columns] == [
            "Lars [Ops] Holm",
            "lars@fjordline.example",
            "—",
            FJORD,
            "Operations",
        ]
        assert "company: any" in header(screen)
        assert f"{len(contacts)} contacts" in header(screen)
        assert app.focused is table


async def test_emails_are_whole_at_200_columns_and_in_the_detail_line_at_80() -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_contacts(app, pilot)
        table = screen.query_one("#contacts", RecordList)
        for index, contact in enumerate(table.records):
            assert (contact.email or "—") in table.row_text(index)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        longest = max(table.records, key=lambda contact: len(contact.email or ""))
        table.cursor = table.index_of(longest.id)
        assert longest.email and longest.email not in table.row_text(table.cursor)
        assert f"Email {longest.email}" in table.detail_text().plain


async def test_slash_filters_the_loaded_rows_without_asking_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        lists = spy(monkeypatch, app.workspace.client, "list_contacts")
        total = len(screen.contacts)
        search = screen.query_one("#search", Input)
        assert search.placeholder == SEARCH_PLACEHOLDER
        await pilot.press("slash")
        assert app.focused is search
        await fill(app, pilot, "astrid fleet")
        assert names(screen) == [ASTRID]
        assert f"1 of {total} match" in header(screen)
        await pilot.press("enter")  # back to the table, ready to open
        assert app.focused is screen.query_one("#contacts", RecordList)
        await pilot.press("slash", "escape")  # so does escape, keeping the text
        assert app.focused is screen.query_one("#contacts", RecordList)
        assert names(screen) == [ASTRID] and search.value == "astrid fleet"
        search.value = "nobody-has-this-name"
        await pilot.pause()
        assert names(screen) == []
        empty = screen.query_one("#contacts-empty", Static)
        assert empty.display and "matches the filter" in text_of(empty)
        assert len(lists) == 0


async def test_the_cursor_keeps_its_contact_through_the_filter_and_a_reload() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        table = screen.query_one("#contacts", RecordList)
        astrid = next(c for c in screen.contacts if c.display_name == ASTRID)
        select_row(table, astrid.id)
        search = screen.query_one("#search", Input)
        for text in ("a", "as", "astrid", ""):  # narrowed, then widened again
            search.value = text
            await settle(app, pilot)
            assert table.current_record is astrid, text
        search.value = "nobody-has-this-name"
        await settle(app, pilot)
        assert table.current_record is None
        search.value = ""
        await settle(app, pilot)
        select_row(table, astrid.id)
        before = table.cursor
        # Reloaded with a contact ahead of hers: new objects, and she is found by key.
        await app.workspace.client.create_contact(
            ContactCreate(first_name="Ib", last_name="Aaberg")
        )
        await pilot.press("r")
        await settle(app, pilot)
        assert table.current_record is not astrid and table.current_key == astrid.id
        assert table.cursor == before + 1


async def test_c_filters_by_a_company_found_on_the_server_and_C_clears_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        total = len(screen.contacts)
        fjord_id = next(c.company_id for c in screen.contacts if c.company_name == FJORD)
        lists = spy(monkeypatch, app.workspace.client, "list_contacts")
        searches = spy(monkeypatch, app.workspace.client, "list_companies")
        await pilot.press("c")
        await settle(app, pilot)
        await pick(pilot, app, "fjordline")
        assert any(kwargs.get("q") == "fjordline" for _, kwargs in searches.calls)
        assert app.screen is screen
        assert lists.last[1] == {"company_id": fjord_id}
        assert sorted(names(screen)) == FJORD_PEOPLE
        assert f"company: {FJORD}" in header(screen)
        assert screen.check_action("clear_company", ())
        await pilot.press("C")
        await settle(app, pilot)
        assert lists.last[1] == {"company_id": None}
        assert "company: any" in header(screen)
        assert len(names(screen)) == total
        assert not screen.check_action("clear_company", ())


async def test_picking_any_company_clears_the_filter() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        total = len(screen.contacts)
        await pilot.press("c")
        await settle(app, pilot)
        await pick(pilot, app, "kelp")
        assert KELP in header(screen)
        assert names(screen) == [ASTRID]  # any membership counts, not only the primary
        await pilot.press("c")
        await settle(app, pilot)
        await pick(pilot, app, "any company")
        assert "company: any" in header(screen)
        assert len(names(screen)) == total


async def test_enter_opens_the_contact_and_escape_returns_to_the_same_row() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        table = screen.query_one("#contacts", RecordList)
        await pilot.press("j", "j", "j")
        chosen = table.current_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.record_id == chosen
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert table.current_key == chosen


async def test_x_says_plainly_that_the_api_cannot_delete_contacts_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        deletes = spy(monkeypatch, app.workspace.client, "delete_contact")
        table = screen.query_one("#contacts", RecordList)
        await pilot.press("j")
        before = names(screen)
        chosen = table.current_key
        await pilot.press("x")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog), "no delete is offered"
        assert len(deletes) == 0
        shown = notifications(app)
        assert any(
            "does not support deleting contacts" in message and severity == "warning"
            for _, message, severity in shown
        ), shown
        assert names(screen) == before and table.current_key == chosen
        rows = {description: keys for keys, description, _ in app._help_rows()}
        assert rows["Why contacts cannot be deleted"] == "x"
        assert "Delete" not in rows


# ------------------------------------------------------------------ contact form


async def test_n_creates_a_contact_with_a_primary_company_and_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        creates = spy(monkeypatch, app.workspace.client, "create_contact")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert app.focused is form.query_one("#first_name", Input)
        await pilot.press(*"Nora")
        form.query_one("#last_name", Input).value = "[Lindqvist]"
        form.query_one("#email", Input).value = "nora@fjord.example"
        form.query_one("#phone", Input).value = "+46 (8) 123.456-78 ext 9"
        picked = form.query_one("#company_id", PickerField)
        picked.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pick(pilot, app, "kelp")
        assert picked.value_label == KELP
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        (body,), _ = creates.last
        assert isinstance(body, ContactCreate)
        assert body.to_wire() == {
            "firstName": "Nora",
            "lastName": "[Lindqvist]",
            "email": "nora@fjord.example",
            "phone": "+46 (8) 123.456-78 ext 9",
            "companyId": picked.value,
        }
        table = screen.query_one("#contacts", RecordList)
        key = table.current_key
        assert key is not None and table.cell_text(key, "name") == "Nora [Lindqvist]"
        assert table.cell_text(key, "company") == KELP
        assert ("New contact", "Contact created", "information") in notifications(app)


async def test_contact_form_checks_name_email_and_phone_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(app, pilot)
        creates = spy(monkeypatch, app.workspace.client, "create_contact")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#email", Input).value = "nora@"
        form.query_one("#phone", Input).value = "ring 555 please"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert len(creates) == 0
        assert "first or a last name" in text_of(form.query_one("#first_name-error", Static))
        assert "e-mail" in text_of(form.query_one("#email-error", Static))
        assert "digits" in text_of(form.query_one("#phone-error", Static))
        # a last name alone is a name; phones are read leniently
        form.query_one("#last_name", Input).value = "Lindqvist"
        form.query_one("#email", Input).value = ""
        form.query_one("#phone", Input).value = "(555) 0100 x 12"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(creates) == 1


async def test_e_edits_the_selected_contact_sending_only_what_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(app, pilot)
        updates = spy(monkeypatch, app.workspace.client, "update_contact")
        table = screen.query_one("#contacts", RecordList)
        lars = next(c for c in screen.contacts if c.first_name == "Lars")
        select_row(table, lars.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#last_name", Input).value == "[Ops] Holm"
        form.query_one("#title", Input).value = "Chief Explorer"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (contact_id, body), _ = updates.last
        assert contact_id == lars.id
        assert isinstance(body, ContactUpdate)
        assert body.to_wire() == {"title": "Chief Explorer"}
        assert table.current_key == lars.id
        assert table.cell_text(lars.id, "title") == "Chief Explorer"


async def test_a_refused_contact_save_keeps_the_form_and_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(app, pilot)
        failure = ServerError("database is on fire", status=503)
        spy(monkeypatch, app.workspace.client, "create_contact", fail=failure)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#first_name", Input).value = "Nora"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#first_name", Input).value == "Nora"
        assert "database is on fire" in text_of(form.query_one("#form-error", Static))


# ----------------------------------------------------------------- contact screen


async def test_contact_screen_shows_fields_memberships_leads_and_activities() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        title = text_of(screen.query_one("#record-title", Static))
        assert ASTRID in title and f"Fleet Manager at {FJORD}" in title
        fields = screen.query_one(FieldList)
        assert fields.value_of("Email") == "astrid@fjordline.example"
        assert fields.value_of("Company") == FJORD
        memberships = screen.query_one("#memberships", RecordList)
        assert column(memberships, "company") == [FJORD, KELP]
        assert column(memberships, "primary") == ["✓ yes", ""]
        assert column(memberships, "role") == ["Fleet Manager", "Advisor"]
        tabs = screen.query_one("#tabs", TabbedContent)
        assert tabs.get_tab("memberships-tab").label.plain == "Companies (2)"
        assert tabs.get_tab("leads-tab").label.plain == "Leads (1)"
        assert tabs.get_tab("activities-tab").label.plain == "Activities (1)"
        assert column(screen.query_one("#leads", RecordList), "title") == ["Fleet refit 2027"]
        activities = screen.query_one("#activities", RecordList)
        assert column(activities, "subject") == ["Refit scope call"]
        assert column(activities, "regarding") == ["lead Fleet refit 2027"]


async def test_membership_keys_belong_to_the_memberships_tab() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        assert screen.check_action("edit_membership", ()) is True
        await pilot.press("t")
        await pilot.pause()
        assert screen.check_action("edit_membership", ()) is False
        assert screen.check_action("remove_membership", ()) is False
        footer_keys = {b.binding.key for b in screen.active_bindings.values() if b.binding.show}
        assert "x" not in footer_keys
        # a adds from any tab, and brings the memberships tab back
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MembershipForm)
        assert screen.query_one("#tabs", TabbedContent).active == "memberships-tab"


async def test_a_adds_a_membership_through_the_company_picker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, world = await open_contact(app, pilot)
        adds = spy(monkeypatch, app.workspace.client, "add_membership")
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MembershipForm)
        assert app.focused is form.query_one("#company_id", PickerField)
        assert form.query_one("#is_primary", Checkbox).value is False  # she has a primary
        await pilot.press("enter")
        await settle(app, pilot)
        await pick(pilot, app, "tern bay")
        form.query_one("#role", Input).value = "Buyer"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        (contact_id, body), _ = adds.last
        assert contact_id == screen.record_id
        assert isinstance(body, MembershipCreate)
        assert body.to_wire() == {"companyId": world.tern.id, "role": "Buyer", "isPrimary": False}
        memberships = screen.query_one("#memberships", RecordList)
        assert column(memberships, "company") == [FJORD, KELP, TERN]
        key = memberships.current_key
        assert key is not None and memberships.cell_text(key, "company") == TERN
        assert ("Add a company membership", "Membership added", "information") in notifications(app)


async def test_a_refused_membership_keeps_the_dialog_its_input_and_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo answers 409 for a company the contact already belongs to."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        adds = spy(monkeypatch, app.workspace.client, "add_membership")
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MembershipForm)
        await pilot.press("enter")
        await settle(app, pilot)
        await pick(pilot, app, "kelp")
        form.query_one("#role", Input).value = "Second hat"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(adds) == 1
        assert app.screen is form
        assert "already linked" in text_of(form.query_one("#form-error", Static))
        assert form.query_one("#role", Input).value == "Second hat"
        assert form.query_one("#company_id", PickerField).value_label == KELP
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard what was typed
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one("#memberships", RecordList).row_count == 2


async def test_an_injected_conflict_reads_as_the_server_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(app, pilot)
        conflict = Conflict("Already a member", status=409)
        spy(monkeypatch, app.workspace.client, "add_membership", fail=conflict)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        await pick(pilot, app, "tern bay")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "Already a member" in text_of(form.query_one("#form-error", Static))
        assert form.query_one("#company_id", PickerField).value_label == TERN


async def test_adding_without_a_company_says_so_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(app, pilot)
        adds = spy(monkeypatch, app.workspace.client, "add_membership")
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#role", Input).value = "Buyer"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert len(adds) == 0
        error = form.query_one("#company_id-error", Static)
        assert error.display and "Pick the company" in text_of(error)


async def test_e_changes_the_role_and_primary_flag_of_the_selected_membership(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        updates = spy(monkeypatch, app.workspace.client, "update_membership")
        await pilot.press("j")  # Kelp & Co, not primary
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MembershipForm)
        assert form.query_one("#role", Input).value == "Advisor"
        assert not form.query("#company_id")  # the company of a link does not change
        form.query_one("#role", Input).value = "Board member"
        form.query_one("#is_primary", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (contact_id, membership_id, body), _ = updates.last
        assert contact_id == screen.record_id
        assert isinstance(body, MembershipUpdate)
        assert body.to_wire() == {"role": "Board member", "isPrimary": True}
        memberships = screen.query_one("#memberships", RecordList)
        assert column(memberships, "company") == [KELP, FJORD]
        assert column(memberships, "primary") == ["✓ yes", ""]
        assert memberships.current_key == membership_id
        # the contact's primary company follows
        assert screen.query_one(FieldList).value_of("Company") == KELP


async def test_x_removes_a_membership_after_a_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        removes = spy(monkeypatch, app.workspace.client, "remove_membership")
        memberships = screen.query_one("#memberships", RecordList)
        await pilot.press("j")
        chosen = memberships.current_key
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert KELP in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert len(removes) == 0
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert removes.last[0] == (screen.record_id, chosen)
        assert column(memberships, "company") == [FJORD]
        assert any(title == "Membership removed" for title, _, _ in notifications(app))


async def test_a_failed_removal_is_reported_and_the_membership_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        spy(monkeypatch, app.workspace.client, "remove_membership", fail=BOOM)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert any("boom" in message for _, message, _ in notifications(app))
        assert screen.query_one("#memberships", RecordList).row_count == 2


async def test_enter_on_a_membership_opens_its_company_and_escape_comes_back() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, world = await open_contact(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.record_id == world.fjord.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_ctrl_e_edits_the_contact_itself() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await open_contact(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#phone", Input).value = "+44 20 7946 0958"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one(FieldList).value_of("Phone") == "+44 20 7946 0958"


async def test_a_contact_that_is_gone_says_so() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        gone = "3f0d3c1e-0000-4000-8000-000000000000"
        screen = await open_record_screen(app, pilot, "contact", gone, ContactScreen)
        assert "no longer exists" in text_of(screen.query_one("#record-gone", Static))
        assert not screen.check_action("add_membership", ())


# ------------------------------------------------------------------- the palette


async def test_the_palette_jumps_to_a_contact_by_name() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await fill(app, pilot, "Astrid Be")  # the palette gathers its hits in a worker
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        commands = palette.query_one(CommandList)
        count = commands.option_count
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(count)]
        hits = [i for i, prompt in enumerate(prompts) if f"Contact: {ASTRID}" in prompt]
        assert hits, prompts
        commands.highlighted = hits[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.record_id == world.astrid.id
        assert ASTRID in text_of(app.screen.query_one("#record-title", Static))


async def test_back_on_the_company_its_contacts_are_reloaded() -> None:
    """Removing the link on the contact's screen shows on the company's when going back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        company = await open_record_screen(app, pilot, "company", world.kelp.id, CompanyScreen)
        assert column(company.query_one("#contacts", RecordList), "name") == [ASTRID]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("j", "x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is company
        assert company.query_one("#contacts", RecordList).row_count == 0
        assert company.query_one("#contacts-empty", Static).display
