"""The Pipeline board: columns, totals, moves by every key, rollbacks, filters, forms."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from crm_tui.api.errors import InvalidRequest, NetworkError, NotFound
from crm_tui.api.models import KNOWN_STAGES, Lead, LeadUpdate
from crm_tui.demo.identity import DEMO_USER_ID, USERS
from crm_tui.ui import off_loop
from crm_tui.ui.app import CrmApp
from crm_tui.ui.money import amount, amounts, fitted_amounts
from crm_tui.ui.screens import pipeline as pipeline_module
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.screens.lead_form import LeadForm
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.stage_moves import step_target
from crm_tui.ui.widgets.board import Board
from crm_tui.ui.widgets.dialogs import ConfirmDialog, PromptDialog
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.ui.widgets.stage_picker import StagePicker

from .conftest import make_app, said, settle, spy_filters
from .text_entry import fill

SIZE = (80, 24)
PRIYA_ID, PRIYA = USERS[1][0], USERS[1][1]


# ----------------------------------------------------------------- helpers


async def open_board(app: CrmApp, pilot: Pilot[None]) -> Board:
    await settle(app, pilot)
    await pilot.press("4")
    await settle(app, pilot)
    assert isinstance(app.screen, PipelineScreen)
    return app.screen.board


async def first_in(app: CrmApp, stage: str) -> Lead:
    leads = await app.workspace.client.list_leads()
    return next(lead for lead in leads if lead.stage == stage)


def stages_shown(board: Board) -> dict[str, list[str]]:
    return {stage: [lead.id for lead in column.leads] for stage, column in board.columns.items()}


def column_of(board: Board, lead_id: str) -> str:
    found = [s for s, ids in stages_shown(board).items() if lead_id in ids]
    assert len(found) == 1, found
    return found[0]


def totals(board: Board) -> dict[str, tuple[int, float, float]]:
    return {
        stage: (
            len(column.leads),
            sum(column.total_value.values()),
            sum(column.total_weighted.values()),
        )
        for stage, column in board.columns.items()
    }


def expected_totals(leads: list[Lead]) -> dict[str, tuple[int, float, float]]:
    result = {}
    for stage in KNOWN_STAGES:
        mine = [lead for lead in leads if lead.stage == stage]
        result[stage] = (
            len(mine),
            pytest.approx(sum(lead.value or 0 for lead in mine)),
            pytest.approx(sum(lead.weighted_value for lead in mine)),
        )
    return result


# ----------------------------------------------------------------- the board


async def test_columns_totals_cards_and_the_window_at_80x24() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        leads = await app.workspace.client.list_leads()
        assert board.order == list(KNOWN_STAGES)
        assert totals(board) == expected_totals(leads)
        assert board.shown_count == len(leads)
        header = str(app.screen.query_one("#pipeline-filters").render())
        assert f"{len(leads)} leads" in header and "Owner: any" in header

        # A card: title, company, value and owner (cut to the column's width).
        column = board.columns["proposal"]
        lines = column.plain().splitlines()
        lead = column.leads[0]
        assert lines[0].startswith("Proposal") and str(len(column.leads)) in lines[0]
        assert lines[0].rstrip().endswith("▶")  # more columns to the right
        assert lines[1].startswith("total") and lines[2].startswith(("weighted", "wtd"))
        card = "\n".join(lines[4:7])
        assert lead.title[:10] in card
        assert lead.company_name and lead.company_name[:10] in card
        owner = lead.owner_name or ""
        initials = "".join(part[0] for part in owner.split())
        assert owner and (owner.split()[0] in card or card.rstrip().endswith(initials))

        # Only the cards that fit, and how many more there are.
        column = board.columns["new"]
        lines = column.plain().splitlines()
        assert len(lines) <= column.content_size.height
        hidden = len(column.leads) - column.fit
        assert hidden > 0 and f"+{hidden} more" in lines[-1]

        # Whole columns only at 80 cells: four of seven.
        shown = [stage for stage, c in board.columns.items() if c.display]
        assert shown == ["new", "contacted", "qualified", "proposal"]


async def test_navigation_keys_move_the_selection_and_scroll_columns() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        assert board.selected_lead == board.columns["new"].leads[0]
        await pilot.press("j", "down")
        assert board.selected_lead == board.columns["new"].leads[2]
        await pilot.press("k")
        assert board.selected_lead == board.columns["new"].leads[1]
        await pilot.press("G")
        assert board.selected_lead == board.columns["new"].leads[-1]
        assert board.columns["new"].top > 0  # the column scrolled to keep it in view
        await pilot.press("g", "l", "right")
        assert board.order[board.active] == "qualified"
        await pilot.press("h")
        assert board.order[board.active] == "contacted"
        await pilot.press("l", "l", "l", "l")  # to "won": the window follows
        assert board.order[board.active] == "won"
        assert board.columns["won"].display and not board.columns["new"].display


# ----------------------------------------------------------------- moves


async def test_every_move_key_moves_the_card_and_the_server_agrees() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        cases = [
            ("shift+right", "contacted", "qualified"),
            ("greater_than_sign", "new", "contacted"),
            ("shift+left", "proposal", "qualified"),
            ("less_than_sign", "negotiation", "proposal"),
        ]
        for key, start, end in cases:
            lead = await first_in(app, start)
            assert board.select(lead.id)
            before = totals(board)
            await pilot.press(key)
            await settle(app, pilot)
            assert column_of(board, lead.id) == end, key
            assert board.selected_lead is not None and board.selected_lead.id == lead.id
            assert (await app.workspace.client.get_lead(lead.id)).stage == end
            after = totals(board)
            assert after[start][0] == before[start][0] - 1
            assert after[end][0] == before[end][0] + 1
            assert after[end][1] == pytest.approx(before[end][1] + (lead.value or 0))
        assert said(app, "moved to")

        # Three quick presses: the card ends three stages on, and so does the server.
        lead = await first_in(app, "new")
        board.select(lead.id)
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "proposal"
        assert (await app.workspace.client.get_lead(lead.id)).stage == "proposal"


async def test_m_moves_to_the_stage_picked_from_the_list() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "new")
        board.select(lead.id)

        requests = app.workspace.client.request_count
        await pilot.press("m")
        await pilot.press("escape")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "new"
        assert app.workspace.client.request_count == requests

        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StagePicker)
        options = picker.query_one(OptionList)
        assert options.highlighted == 0  # it starts where the lead is: "new"
        await pilot.press("k")  # no wrapping round to "lost"
        assert options.highlighted == 0
        await pilot.press("enter")  # the current stage: nothing moves
        await settle(app, pilot)
        assert column_of(board, lead.id) == "new"
        assert app.workspace.client.request_count == requests

        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StagePicker)
        await pilot.press("j", "j", "j")  # -> proposal
        await pilot.press("enter")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "proposal"
        assert (await app.workspace.client.get_lead(lead.id)).stage == "proposal"


async def test_won_asks_first_and_takes_the_automation_from_the_server() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "negotiation")
        board.select(lead.id)

        # Cancelled: nothing moves, nothing is sent.
        requests = app.workspace.client.request_count
        await pilot.press("shift+right")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "negotiation"
        assert app.workspace.client.request_count == requests

        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "won" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "won"
        shown = board.lead(lead.id)
        assert shown is not None and shown.probability == 100 and shown.closed_at is not None
        assert sum(board.columns["won"].total_weighted.values()) == pytest.approx(
            sum(item.weighted_value for item in board.columns["won"].leads)
        )


async def test_lost_asks_for_a_reason_that_reaches_the_server() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "proposal")
        board.select(lead.id)
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen.query_one(OptionList)
        picker.highlighted = KNOWN_STAGES.index("lost")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Budget [frozen]")
        await pilot.press("enter")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "lost"
        saved = await app.workspace.client.get_lead(lead.id)
        assert saved.stage == "lost" and saved.lost_reason == "Budget [frozen]"
        assert saved.probability == 0


async def test_a_refused_move_goes_back_with_the_servers_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "qualified")
        board.select(lead.id)
        before = totals(board)

        async def refuse(*args: Any, **kwargs: Any) -> Lead:
            # While the server thinks, the card is already in its new column.
            assert column_of(board, lead.id) == "proposal"
            assert board.is_pending(lead.id)
            raise InvalidRequest("this lead is locked by a pending approval", status=400)

        monkeypatch.setattr(app.workspace.client, "move_lead_stage", refuse)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "qualified"
        assert board.selected_lead is not None and board.selected_lead.id == lead.id
        assert totals(board) == before
        assert not board.is_pending(lead.id)
        assert said(app, "locked by a pending approval")
        assert (await app.workspace.client.get_lead(lead.id)).stage == "qualified"


async def test_an_unknown_stage_gets_its_own_column(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="pipeline")
    client = app.workspace.client
    original = client.list_leads

    async def with_on_hold(**kwargs: Any) -> list[Lead]:
        leads = await original(**kwargs)
        odd = leads[0].model_copy(update={"id": "odd-one", "title": "Paused [deal]"})
        return [*leads, odd.model_copy(update={"stage": "on_hold", "value": 1000.0})]

    monkeypatch.setattr(client, "list_leads", with_on_hold)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        assert board.order == [*KNOWN_STAGES, "on_hold"]
        column = board.columns["on_hold"]
        assert [lead.id for lead in column.leads] == ["odd-one"]
        assert sum(column.total_value.values()) == 1000.0
        await pilot.press(*["l"] * 7)
        assert board.order[board.active] == "on_hold" and column.display
        text = column.plain()
        assert "On hold" in text and "Paused [deal]" in text


# ----------------------------------------------------------------- filters


async def test_owner_filter_by_name_and_me() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        leads = await app.workspace.client.list_leads()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press(*"Priya")
        await pilot.press("enter")
        await settle(app, pilot)
        mine = [lead for lead in leads if lead.owner_user_id == PRIYA_ID]
        assert board.shown_count == len(mine)
        assert {lead.owner_user_id for c in board.columns.values() for lead in c.leads} == {
            PRIYA_ID
        }
        header = str(app.screen.query_one("#pipeline-filters").render())
        assert f"Owner: {PRIYA}" in header and f"{len(mine)} leads" in header

        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"Me")
        await pilot.press("enter")
        await settle(app, pilot)
        assert board.shown_count == sum(lead.owner_user_id == DEMO_USER_ID for lead in leads)
        assert "Owner: me" in str(app.screen.query_one("#pipeline-filters").render())

        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # "Any owner" is first
        await settle(app, pilot)
        assert board.shown_count == len(leads)


async def test_company_filter_asks_the_server_for_that_companys_leads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="pipeline")
    calls = spy_filters(app, monkeypatch, "list_leads")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        target = board.columns["won"].leads[0]
        assert target.company_id and target.company_name
        await pilot.press("c")
        await settle(app, pilot)
        await fill(app, pilot, target.company_name)
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1] == {"company_id": target.company_id}
        shown = [lead for column in board.columns.values() for lead in column.leads]
        assert shown and {lead.company_id for lead in shown} == {target.company_id}
        header = str(app.screen.query_one("#pipeline-filters").render())
        assert f"Company: {target.company_name}" in header

        await pilot.press("c")
        await settle(app, pilot)
        await fill(app, pilot, "any company")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1] == {"company_id": None}
        header = str(app.screen.query_one("#pipeline-filters").render())
        assert target.company_name not in header


# ----------------------------------------------------------------- records


async def test_new_lead_checks_its_fields_then_lands_on_the_board_selected() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        count = board.shown_count
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LeadForm)
        form.query_one("#value", Input).value = "-5"
        form.query_one("#probability", Input).value = "140"
        form.query_one("#expected_close", Input).value = "next week"
        requests = app.workspace.client.request_count
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        errors = {
            field: str(form.query_one(f"#{field}-error").render())
            for field in ("title", "value", "probability", "expected_close")
        }
        assert "needs a title" in errors["title"]
        assert "0 or more" in errors["value"]
        assert "0-100" in errors["probability"]
        assert "YYYY-MM-DD" in errors["expected_close"]
        assert app.workspace.client.request_count == requests

        form.query_one("#title", Input).value = "Pilot [phase 2]"
        form.query_one("#value", Input).value = "12,500"
        form.query_one("#probability", Input).value = "35"
        form.query_one("#expected_close", Input).value = "2027-01-31"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        selected = board.selected_lead
        assert selected is not None and selected.title == "Pilot [phase 2]"
        assert column_of(board, selected.id) == "new"
        assert board.shown_count == count + 1
        saved = await app.workspace.client.get_lead(selected.id)
        assert saved.value == 12500 and saved.probability == 35
        assert str(saved.expected_close_date) == "2027-01-31"


async def test_delete_asks_then_the_card_and_its_value_go() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "contacted")
        board.select(lead.id)
        before = totals(board)["contacted"]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert lead.id not in stages_shown(board)["contacted"]
        count, value, _ = totals(board)["contacted"]
        assert count == before[0] - 1
        assert value == pytest.approx(before[1] - (lead.value or 0))
        with pytest.raises(NotFound):
            await app.workspace.client.get_lead(lead.id)


async def test_enter_opens_the_lead_and_coming_back_refreshes_its_card() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "qualified")
        board.select(lead.id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LeadScreen) and app.screen.record_id == lead.id
        # Moved elsewhere (as if on the lead screen), then back to the board.
        await app.workspace.client.move_lead_stage(lead.id, "proposal")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, PipelineScreen)
        assert column_of(board, lead.id) == "proposal"


async def test_partial_redraws_leave_nothing_stale() -> None:
    """After moves and cursor steps (partial redraws), the screen equals a full redraw."""
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, "contacted")
        board.select(lead.id)
        for key in ("greater_than_sign", "j", "j", "less_than_sign", "k", "l", "j", "h", "G"):
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.wait_for_scheduled_animations()
        partial = app.export_screenshot()
        for column in board.columns.values():
            column.refresh()
        await settle(app, pilot)
        assert app.export_screenshot() == partial


async def test_clicking_a_card_selects_it() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        column = board.columns["contacted"]
        # Second card: below the 4-line header and the first 4-line card.
        await pilot.click(column, offset=(3, 4 + 4 + 1))
        await settle(app, pilot)
        assert board.selected_lead == column.leads[1]
        assert board.has_focus


async def test_a_failed_load_says_so_and_r_tries_again(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="pipeline")
    client = app.workspace.client
    original = client.list_leads

    async def unreachable(**kwargs: Any) -> list[Lead]:
        raise NetworkError("connection refused")

    monkeypatch.setattr(client, "list_leads", unreachable)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        assert board.shown_count == 0 and not board.loading
        header = str(app.screen.query_one("#pipeline-filters").render())
        assert "Could not load the leads" in header
        assert said(app, "connection refused")

        monkeypatch.setattr(client, "list_leads", original)
        await pilot.press("r")
        await settle(app, pilot)
        assert board.shown_count == len(await original())
        assert "Could not load" not in str(app.screen.query_one("#pipeline-filters").render())


async def test_a_column_of_several_currencies_is_never_labelled_with_one() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        column = board.columns["new"]
        currencies = {lead.currency for lead in column.leads}
        assert len(currencies) > 1, "the demo's New column mixes currencies"
        header = column.plain().splitlines()[1:3]
        # 17 cells cannot hold three currencies: the header says "mixed"...
        assert header[0].split() == ["total", "mixed"]
        assert header[1].split() == ["weighted", "mixed"]
        # ...and the line above the board gives the active column's sums, per currency.
        line = str(app.screen.query_one("#pipeline-filters").render())
        assert f"New: {amounts(column.total_value)}" in line
        for currency in currencies:
            assert amount(column.total_value[currency], currency) in line

        await pilot.press("l")
        await pilot.pause()
        line = str(app.screen.query_one("#pipeline-filters").render())
        assert "Contacted: " in line and "New: " not in line


def test_a_sum_in_one_currency_keeps_its_symbol_and_several_are_split() -> None:
    assert amounts({"EUR": 186_500.0}) == "€186.5k"
    assert amounts({"EUR": 186_500.0, "USD": 25_000.0, "CHF": 18_500.0}) == (
        "€186.5k · $25k · CHF 18.5k"
    )
    assert fitted_amounts({"EUR": 1.0, "USD": 2.0}, 5) == "mixed"
    assert fitted_amounts({"EUR": 186_500.0}, 3) == "€186.5k"  # one currency: never "mixed"


def test_angle_keys_step_through_the_open_stages_only() -> None:
    order = [*KNOWN_STAGES, "on_hold"]
    assert step_target("new", -1, order) is None
    assert step_target("qualified", 1, order) == "proposal"
    assert step_target("negotiation", 1, order) == "won"  # the one way > closes a lead
    assert step_target("negotiation", -1, order) == "proposal"
    assert step_target("won", 1, order) is None
    assert step_target("won", -1, order) == "negotiation"
    assert step_target("lost", -1, order) == "negotiation"  # not "won"
    assert step_target("on_hold", -1, order) == "negotiation"


async def test_the_stage_picker_stops_at_its_last_stage() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        board.select((await first_in(app, "qualified")).id)
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted == KNOWN_STAGES.index("qualified")
        await pilot.press(*["down"] * 10)
        assert options.highlighted == len(KNOWN_STAGES) - 1  # lost, not round to new


@pytest.mark.parametrize("closed", ["won", "lost"])
async def test_reopening_a_closed_lead_asks_first_saying_what_the_server_did(
    closed: str,
) -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        lead = await first_in(app, closed)
        assert lead.closed_at is not None
        board.select(lead.id)
        requests = app.workspace.client.request_count

        await pilot.press("greater_than_sign")  # > goes nowhere from a closed lead
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert column_of(board, lead.id) == closed

        await pilot.press("less_than_sign")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = dialog.question
        assert "Reopen" in question and "Negotiation" in question
        assert lead.closed_at.date().isoformat() in question
        assert f"probability to {lead.probability}%" in question
        await pilot.press("n")
        await settle(app, pilot)
        assert column_of(board, lead.id) == closed
        assert app.workspace.client.request_count == requests

        await pilot.press("less_than_sign")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert column_of(board, lead.id) == "negotiation"
        saved = await app.workspace.client.get_lead(lead.id)
        assert saved.stage == "negotiation" and saved.closed_at is None


async def test_a_long_load_is_looked_over_in_a_thread_and_an_equal_one_draws_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The owners of a long board's leads are collected, and its leads compared with those
    on the board, off the event loop; the same leads again redraw nothing, others do."""
    monkeypatch.setattr(off_loop, "OFF_LOOP_RECORDS", 2)
    threads: list[threading.Thread] = []
    real_look_over = pipeline_module.look_over

    def spied(leads: list[Lead], shown: list[Lead] | None) -> Any:
        threads.append(threading.current_thread())
        return real_look_over(leads, shown)

    monkeypatch.setattr(pipeline_module, "look_over", spied)
    app = make_app(screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(app, pilot)
        assert threads and threading.main_thread() not in threads
        owners = {
            lead.owner_user_id: lead.owner_name
            for lead in board.all_leads
            if lead.owner_user_id and lead.owner_name
        }
        assert owners and owners.items() <= app.workspace.owners_seen.items()

        given: list[list[Lead]] = []
        real_set_leads = board.set_leads
        monkeypatch.setattr(
            board, "set_leads", lambda leads: given.append(leads) or real_set_leads(leads)
        )
        await pilot.press("r")
        await settle(app, pilot)
        assert given == []  # the server's leads again: the cards stay as they are

        lead = board.all_leads[0]
        await app.workspace.client.update_lead(lead.id, LeadUpdate(title="Renamed deal"))
        await pilot.press("r")
        await settle(app, pilot)
        assert len(given) == 1 and board.lead(lead.id).title == "Renamed deal"  # type: ignore[union-attr]
