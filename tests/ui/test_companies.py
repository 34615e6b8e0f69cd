"""The Companies list: paging, search, filters, selection, marketing lists, forms, failures."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from crm_tui.api.errors import NetworkError
from crm_tui.api.models import Company
from crm_tui.demo.identity import DEMO_USER_ID, NEWSLETTER_LIST_ID, USERS
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.company_form import CompanyForm
from crm_tui.ui.screens.marketing_list import MarketingListDialog
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import make_app, notified, settle, spy_filters
from .records_helpers import column, text_of
from .text_entry import fill

SIZE = (80, 24)
PRIYA_ID, PRIYA = USERS[1][0], USERS[1][1]


@pytest.fixture(autouse=True)
def no_search_debounce(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(CompaniesScreen, "search_debounce", 0.0)
    yield


# ----------------------------------------------------------------- helpers


async def open_companies(app: CrmApp, pilot: Pilot[None]) -> CompaniesScreen:
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CompaniesScreen)
    return screen


def marks(screen: CompaniesScreen) -> list[str]:
    """The selection mark drawn at the start of each row ("●" or "")."""
    table = screen.query_one("#companies", RecordList)
    return [table.row_text(index)[:3].strip() for index in range(table.row_count)]


async def all_names(app: CrmApp, **filters: Any) -> list[str]:
    page = await app.workspace.client.list_companies(page=1, page_size=200, **filters)
    return [company.name for company in page.items]


async def type_search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)


# ------------------------------------------------------------------ loading


async def test_first_page_shows_companies_and_the_page_line() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        expected = await all_names(app)
        assert column(screen, "name") == expected[: CompaniesScreen.page_size]
        assert text_of(screen, "#page-line") == f"page 1 of 1 · {len(expected)} companies"
        assert text_of(screen, "#filters") == "All companies"
        assert not screen.query_one("#companies").loading


async def test_paging_forward_and_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompaniesScreen, "page_size", 10)
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        names = await all_names(app)
        total = len(names)
        pages = -(-total // 10)

        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert text_of(screen, "#page-line") == f"page 2 of {pages} · {total} companies"
        assert column(screen, "name") == names[10:20]

        for _ in range(pages):  # past the last page: it stays there
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert text_of(screen, "#page-line") == f"page {pages} of {pages} · {total} companies"
        assert column(screen, "name") == names[(pages - 1) * 10 :]
        assert any("last page" in n.message for n in notified(app))

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert column(screen, "name") == names[(pages - 2) * 10 : (pages - 1) * 10]
        assert text_of(screen, "#page-line").startswith(f"page {pages - 1} of {pages}")


async def test_s_sorts_the_page_shown_and_the_page_line_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(CompaniesScreen, "page_size", 10)
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        names = await all_names(app)
        await pilot.press("S", "S")  # Name ascending, then descending
        await pilot.pause()
        assert column(screen, "name") == sorted(names[:10], key=str.casefold, reverse=True)
        assert text_of(screen, "#page-line").endswith(" · this page sorted by Name ▼")
        await pilot.press("right_square_bracket")  # the next page, sorted the same way
        await settle(app, pilot)
        assert column(screen, "name") == sorted(names[10:20], key=str.casefold, reverse=True)
        assert text_of(screen, "#page-line").startswith("page 2 of ")
        assert text_of(screen, "#page-line").endswith(" · this page sorted by Name ▼")


async def test_at_200_columns_every_value_is_whole() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_companies(app, pilot)
        table = screen.query_one("#companies", RecordList)
        assert table.row_count == len(await all_names(app))
        rows = [table.row_text(index) for index in range(table.row_count)]
        for company, row in zip(table.records, rows, strict=True):
            assert company.name in row and (company.domain or "—") in row
        assert "…" not in "".join(rows)
        assert table.detail_text().plain == ""  # nothing cut, nothing to repeat


# ------------------------------------------------------------------- search


async def test_search_narrows_rows_and_goes_back_to_page_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(CompaniesScreen, "page_size", 10)
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)

        await type_search(pilot, "co")
        await settle(app, pilot)
        expected = await all_names(app, q="co")
        assert expected and len(expected) < 40
        assert column(screen, "name") == expected[:10]
        assert all("co" in name.casefold() for name in column(screen, "name"))
        assert screen.criteria.page == 1
        assert text_of(screen, "#filters") == 'search: "co"'

        await pilot.press("enter")  # back to the table
        assert screen.focused is screen.query_one("#companies")


async def test_no_match_says_so() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await type_search(pilot, "zzqx")
        await settle(app, pilot)
        assert column(screen, "name") == []
        assert text_of(screen, "#page-line") == "No companies match"
        assert screen.query_one("#empty").display


async def test_a_newer_search_wins_over_a_slow_older_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The slow first answer is cancelled by the newer search and never shows."""
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        client = app.workspace.client
        original = client.list_companies
        gate = asyncio.Event()

        async def gated(**kwargs: Any) -> Any:
            if kwargs.get("q") == "a":
                await gate.wait()
            return await original(**kwargs)

        monkeypatch.setattr(client, "list_companies", gated)
        await type_search(pilot, "a")
        await pilot.pause()
        assert screen.query_one("#companies").loading
        await pilot.press("c")  # "ac"
        await settle(app, pilot)
        gate.set()
        await settle(app, pilot)
        assert column(screen, "name") == (await all_names(app, q="ac"))[:50]
        assert text_of(screen, "#filters") == 'search: "ac"'
        assert not screen.query_one("#companies").loading


async def test_a_stale_answer_that_arrives_anyway_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even an older request that ignores its cancellation cannot overwrite the newer rows."""
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        client = app.workspace.client
        original = client.list_companies
        gate = asyncio.Event()
        stale_answered = asyncio.Event()

        async def stubborn(**kwargs: Any) -> Any:
            if kwargs.get("q") == "a":
                try:
                    await gate.wait()
                except asyncio.CancelledError:
                    await gate.wait()  # a transport that answers although cancelled
                answer = await original(**kwargs)
                stale_answered.set()
                return answer
            return await original(**kwargs)

        monkeypatch.setattr(client, "list_companies", stubborn)
        await type_search(pilot, "a")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        newer = (await all_names(app, q="ac"))[:50]
        assert column(screen, "name") == newer
        gate.set()
        await stale_answered.wait()
        await settle(app, pilot)
        assert column(screen, "name") == newer
        assert len(newer) < len(await all_names(app, q="a"))


# ------------------------------------------------------------------ filters


async def test_status_cycles_all_prospect_active_inactive_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        calls = spy_filters(app, monkeypatch, "list_companies")
        for status in ("prospect", "active", "inactive"):
            await pilot.press("s")
            await settle(app, pilot)
            assert calls[-1]["status"] == status
            assert text_of(screen, "#filters") == f"status: {status}"
            assert set(column(screen, "status")) == {status.capitalize()}
            assert column(screen, "name") == await all_names(app, status=status)
        await pilot.press("s")
        await settle(app, pilot)
        assert calls[-1]["status"] is None
        assert text_of(screen, "#filters") == "All companies"
        assert len(column(screen, "name")) == len(await all_names(app))


async def pick_owner(app: CrmApp, pilot: Pilot[None], text: str) -> Picker:
    await pilot.press("o")
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, Picker)
    await fill(app, pilot, text)
    return picker


async def test_owner_filter_me_and_unassigned(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        calls = spy_filters(app, monkeypatch, "list_companies")

        await pick_owner(app, pilot, "Me")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1]["owner_user_id"] == "me"
        assert text_of(screen, "#filters") == "owner: me"
        mine = await all_names(app, owner_user_id=DEMO_USER_ID)
        assert mine and column(screen, "name") == mine
        assert set(column(screen, "owner")) == {USERS[0][1]}

        await pick_owner(app, pilot, "Unassigned")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1]["owner_user_id"] == "unassigned"
        assert text_of(screen, "#filters") == "owner: unassigned"
        assert column(screen, "name") == await all_names(app, owner_user_id="unassigned")
        assert set(column(screen, "owner")) == {"—"}

        await pick_owner(app, pilot, "Any")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1]["owner_user_id"] is None
        assert text_of(screen, "#filters") == "All companies"


async def test_owner_filter_offers_owners_seen_and_saved() -> None:
    app = make_app(screen="companies")
    saved_id = "11111111-2222-4333-8444-555555555555"
    app.workspace.owners["Robin (saved)"] = saved_id
    async with app.run_test(size=SIZE) as pilot:
        await open_companies(app, pilot)
        picker = await pick_owner(app, pilot, "")
        labels = [choice.label for choice in picker.choices]
        assert labels[:3] == ["Any owner", "Me", "Unassigned"]
        assert PRIYA in labels and "Robin (saved)" in labels


async def test_owner_filter_by_typed_uuid(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        calls = spy_filters(app, monkeypatch, "list_companies")
        await pick_owner(app, pilot, PRIYA_ID)
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1]["owner_user_id"] == PRIYA_ID
        # A typed id of an owner already seen reads as their name.
        assert text_of(screen, "#filters") == f"owner: {PRIYA}"
        assert set(column(screen, "owner")) == {PRIYA}
        assert column(screen, "name") == await all_names(app, owner_user_id=PRIYA_ID)


async def test_owner_filter_refuses_an_invalid_uuid(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        calls = spy_filters(app, monkeypatch, "list_companies")
        picker = await pick_owner(app, pilot, "0b5e2c1d-3f4a-zzzz")
        assert "Not a valid UUID" in str(picker.query_one("#picker-hint", Static).render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is picker  # still asking
        assert calls == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.criteria.owner is None


async def test_filters_combine_and_reset_to_page_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompaniesScreen, "page_size", 5)
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        calls = spy_filters(app, monkeypatch, "list_companies")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.criteria.page == 2

        await pilot.press("s", "s")  # active
        await settle(app, pilot)
        assert screen.criteria.page == 1
        await pick_owner(app, pilot, "Me")
        await pilot.press("enter")
        await settle(app, pilot)
        await type_search(pilot, "e")
        await settle(app, pilot)

        assert calls[-1] == {
            "status": "active",
            "owner_user_id": "me",
            "q": "e",
            "page": 1,
            "page_size": 5,
        }
        assert text_of(screen, "#filters") == 'status: active · owner: me · search: "e"'
        expected = await all_names(app, status="active", owner_user_id="me", q="e")
        assert column(screen, "name") == expected[:5]
        assert set(column(screen, "status")) == {"Active"}


# ------------------------------------------------------- records and forms


async def test_enter_opens_the_company_and_escape_comes_back_to_the_same_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(CompaniesScreen, "page_size", 10)
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await pilot.press("s", "s")
        await settle(app, pilot)
        await pilot.press("down", "down")
        table = screen.query_one("#companies", RecordList)
        chosen = table.current_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.record_id == chosen

        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.criteria.status == "active"
        assert table.current_key == chosen


async def test_n_creates_a_company_and_puts_the_cursor_on_it() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, CompanyForm) and form.company is None
        form.query_one("#name", Input).value = "Aardvark [Labs]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one("#companies", RecordList)
        assert table.current_key is not None
        assert table.cell_text(table.current_key, "name") == "Aardvark [Labs]"


async def test_e_edits_the_selected_company_and_the_row_shows_the_change() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await pilot.press("down", "down", "down")
        table = screen.query_one("#companies", RecordList)
        chosen = table.current_key
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, CompanyForm)
        assert form.company is not None and form.company.id == chosen
        form.query_one("#city", Input).value = "Reykjavík"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert table.current_key == chosen
        assert table.cell_text(chosen, "city") == "Reykjavík"


# --------------------------------------------------- selection and lists


async def test_space_selects_rows_and_m_adds_them_to_a_saved_list() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        table = screen.query_one("#companies", RecordList)
        first, second = table.row_keys[:2]
        await pilot.press("space", "space")
        assert marks(screen)[:3] == ["●", "●", ""]
        assert text_of(screen, "#selection") == "2 selected"
        await pilot.press("k", "space")  # unselect the second (the cursor moves on)
        assert text_of(screen, "#selection") == "1 selected"
        await pilot.press("k", "space")
        assert set(screen.selected) == {first, second}

        await pilot.press("M")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, MarketingListDialog)
        assert set(dialog.companies) == {first, second}
        await pilot.press("enter")  # the first list offered: Newsletter
        await settle(app, pilot)

        assert app.screen is screen
        assert any(n.message == "Added 2 to Newsletter" for n in notified(app))
        assert app.last_marketing_list == ("Newsletter", NEWSLETTER_LIST_ID)
        assert text_of(screen, "#selection") == ""
        assert set(marks(screen)) == {""}

        # With nothing selected, M takes the company under the cursor; the last list is first.
        await pilot.press("g", "M")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, MarketingListDialog)
        assert list(dialog.companies) == [table.current_key]
        assert dialog.options[0][:2] == ("Newsletter", NEWSLETTER_LIST_ID)
        assert "last used" in dialog.options[0][2]
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(n.message == "Added 0 to Newsletter · 1 already there" for n in notified(app))


async def test_unknown_list_keeps_the_dialog_with_the_servers_message() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await pilot.press("space", "M")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, MarketingListDialog)
        dialog.query_one("#list-id", Input).focus()
        await pilot.press(*"not-a-list")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Not a valid list id" in str(dialog.query_one("#list-error", Static).render())
        assert app.screen is dialog

        unknown = "00000000-0000-4000-8000-000000000000"
        dialog.query_one("#list-id", Input).value = unknown
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        message = str(dialog.query_one("#list-error", Static).render())
        assert message.startswith("Not found") and unknown in message
        assert dialog.query_one("#list-id", Input).value == unknown
        assert any(n.severity == "warning" for n in notified(app))
        assert len(screen.selected) == 1  # nothing was lost

        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_m_with_an_empty_table_says_there_is_nothing_to_add() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        await type_search(pilot, "zzqx")
        await settle(app, pilot)
        screen.query_one("#companies").focus()
        await pilot.press("M")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("No company to add" in n.message for n in notified(app))


async def test_the_dialog_offers_the_demo_lists_by_name() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await open_companies(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, MarketingListDialog)
        assert [name for name, _, _ in dialog.options] == ["Newsletter", "Q4 webinar"]
        assert dialog.query_one("#lists", OptionList).option_count == 2


# ----------------------------------------------------------------- failures


async def test_network_down_during_load_then_r_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        client = app.workspace.client
        original = client.list_companies

        async def down(**kwargs: Any) -> Any:
            raise NetworkError("The server could not be reached.")

        monkeypatch.setattr(client, "list_companies", down)
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompaniesScreen)
        assert "Could not load companies" in text_of(screen, "#page-line")
        assert any(n.title == "Server unreachable" for n in notified(app))
        assert not screen.query_one("#companies").loading

        await pilot.press("s")  # still usable: keys work, filters apply
        await settle(app, pilot)
        assert text_of(screen, "#filters") == "status: prospect"

        monkeypatch.setattr(client, "list_companies", original)
        await pilot.press("r")
        await settle(app, pilot)
        assert column(screen, "name") == await all_names(app, status="prospect")
        assert text_of(screen, "#page-line").startswith("page 1 of 1")


def test_company_cells_render_names_with_brackets_as_text() -> None:
    from crm_tui.ui.screens.companies import COLUMNS

    company = Company(id="x", name="[bold]Acme[/]", status="active")
    cells = {column.key: column.cell(company) for column in COLUMNS}
    assert cells["name"] == "[bold]Acme[/]"
    assert cells["status"] == "Active"


async def test_help_lists_every_key_of_the_list() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        await open_companies(app, pilot)
        rows = {description: key for key, description, _ in app._help_rows()}
        expected = {
            "Open": "⏎",
            "Previous page": "[",
            "Next page": "]",
            "Status": "s",
            "Owner": "o",
            "New company": "n",
            "Edit": "e",
            "Select or unselect": "space",
            "Add to a marketing list": "M",
            "Refresh": "r",
            "Search": "/",
        }
        for description, key in expected.items():
            assert description in rows, description
            assert rows[description] == key, (description, rows[description])
