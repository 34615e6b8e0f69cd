"""The screens against a server that answers the odd ways others do (``tests/odd_server.py``).

Odd records never blank a list, paging works in any envelope, a failed load never
leaves another filter's rows under the new label, and a write is never called
failed when the server may have done it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui.api.models import Lead
from crm_tui.ui.app import CrmApp
from crm_tui.ui.formatting import NO_NAME
from crm_tui.ui.screens.activities import ActivitiesScreen
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company_form import CompanyForm
from crm_tui.ui.screens.compose_email import UNKNOWN_OUTCOME, ComposeEmail
from crm_tui.ui.screens.lead import LeadScreen, TimelineItem
from crm_tui.ui.screens.membership_form import MembershipForm
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.widgets.board import Board
from crm_tui.ui.widgets.dialogs import ConfirmDialog
from crm_tui.ui.widgets.picker_field import PickerField
from crm_tui.ui.widgets.pickers import Choice
from crm_tui.ui.widgets.record_list import RecordList
from odd_server import ENVELOPES, OddServer

from .conftest import open_mode, said, settle
from .records_helpers import column, text_of

SIZE = (100, 30)
AppFactory = Callable[[], CrmApp]


def names(screen: CompaniesScreen) -> list[str]:
    return column(screen.query_one("#companies", RecordList), "name")


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """15 companies a page: the demo's 40 make three pages, the last one short."""
    monkeypatch.setattr(CompaniesScreen, "page_size", 15)
    monkeypatch.setattr(CompaniesScreen, "search_debounce", 0.0)


# ------------------------------------------------------------ odd records


async def test_a_company_without_a_name_and_one_without_an_id_leave_the_rest_shown(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.spoil("name", None, path="/companies$", index=0)
    odd_server.spoil("id", path="/companies$", index=1)
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        shown = names(screen)
        assert len(shown) == 39 and shown[0] == NO_NAME
        assert "Could not load" not in text_of(screen, "#page-line")
        assert said(app, "1 record could not be read (companies)")


async def test_a_lead_without_a_title_and_an_unknown_stage_keep_the_board_full(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.spoil("title", None, path="/leads$", index=0)
    odd_server.spoil("stage", "on_hold", path="/leads$", index=1)
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "4", PipelineScreen)
        board = screen.query_one(Board)
        assert len(board.all_leads) == 45
        assert "on_hold" in board.order
        untitled = next(lead for lead in board.all_leads if not lead.title)
        assert board.select(untitled.id)
        assert NO_NAME in board.active_column.plain()


async def test_an_activity_without_a_subject_leaves_the_list_whole(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.spoil("subject", None, path="/activities$", index=3)
    odd_server.spoil("occurredAt", "last tuesday", path="/activities$", index=4)
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "5", ActivitiesScreen)
        assert len(screen.activities) == 120
        assert not said(app, "could not be read")


async def test_a_list_answered_with_html_says_so_and_shows_no_rows(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.answer_html(path="/activities$")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "5", ActivitiesScreen)
        assert screen.table.row_count == 0
        assert said(app, "not JSON")


# ------------------------------------------------------------------ paging


@pytest.mark.parametrize("envelope", ENVELOPES)
async def test_page_label_and_paging_keys_work_in_each_envelope(
    odd_server: OddServer, odd_app: AppFactory, small_pages: None, envelope: str
) -> None:
    odd_server.envelope = envelope
    counted = envelope in ("demo", "data+pagination", "items+total", "meta")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        seen = names(screen)
        line = text_of(screen, "#page-line")
        assert "None" not in line
        assert line == ("page 1 of 3 · 40 companies" if counted else "page 1 · more on page 2")
        for page in (2, 3):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            assert screen.criteria.page == page
            seen += names(screen)
        assert len(seen) == len(set(seen)) == 40
        assert text_of(screen, "#page-line").startswith("page 3")
        requests = len(odd_server.requests)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.criteria.page == 3 and len(odd_server.requests) == requests
        assert said(app, "This is the last page.")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.criteria.page == 2 and len(names(screen)) == 15


async def test_without_paging_metadata_an_empty_next_page_is_the_end(
    odd_server: OddServer, odd_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd_server.envelope = "none"
    monkeypatch.setattr(CompaniesScreen, "page_size", 20)  # 40 companies: two full pages
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        second = names(screen)
        assert len(second) == 20
        await pilot.press("right_square_bracket")  # asks page 3: empty
        await settle(app, pilot)
        assert screen.criteria.page == 2 and names(screen) == second
        assert text_of(screen, "#page-line") == "page 2 of 2"
        assert said(app, "This is the last page.")


# ------------------------------------------------------------ failed loads


async def test_a_failed_load_under_a_new_status_filter_leaves_no_old_rows(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        every = names(screen)
        odd_server.answer_html(path="/companies$")
        await pilot.press("r")  # the same filters: the rows shown are still theirs
        await settle(app, pilot)
        assert names(screen) == every
        assert "Could not load companies" in text_of(screen, "#page-line")
        await pilot.press("s")
        await settle(app, pilot)
        assert text_of(screen, "#filters") == "status: prospect"
        assert names(screen) == []  # cleared: the rows of "all" are not prospects
        assert "Could not load companies" in text_of(screen, "#page-line")
        odd_server._html.clear()
        await pilot.press("r")
        await settle(app, pilot)
        prospects = names(screen)
        assert prospects and text_of(screen, "#filters") == "status: prospect"
        page = await app.workspace.client.list_companies(status="prospect", page_size=50)
        assert prospects == [company.name for company in page.items]


async def test_a_failed_board_load_under_a_new_company_leaves_no_old_cards(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "4", PipelineScreen)
        assert screen.board.all_leads
        odd_server.fail(503, "Service unavailable", path="/leads$")
        screen._company_picked(Choice("00000000-0000-4000-8000-000000000000", "Nowhere Ltd"))
        await settle(app, pilot)
        assert screen.board.all_leads == []
        assert "Could not load the leads" in text_of(screen, "#pipeline-filters")


# ------------------------------------------------------------ stage moves


def stage_on(screen: PipelineScreen, lead: Lead) -> str | None:
    shown = screen.board.lead(lead.id)
    return shown.stage if shown else None


async def lead_in(app: CrmApp, stage: str) -> Lead:
    return next(lead for lead in await app.workspace.client.list_leads() if lead.stage == stage)


async def test_a_move_whose_answer_is_lost_shows_the_real_stage_and_moves_on_from_it(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "4", PipelineScreen)
        lead = await lead_in(app, "new")
        odd_server.lose_answer("/stage$", method="PATCH", how="timeout")
        assert screen.board.select(lead.id)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        # The server applied it: the card stays in the new column, no rollback.
        assert stage_on(screen, lead) == "contacted"
        assert said(app, "the server made the move")
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert (await app.workspace.client.get_lead(lead.id)).stage == "qualified"
        assert stage_on(screen, lead) == "qualified"
        assert odd_server.requests.count(f"PATCH /api/crm/leads/{lead.id}/stage") == 2


async def test_a_move_whose_outcome_stays_unknown_is_read_again_before_any_other_move(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "4", PipelineScreen)
        lead = await lead_in(app, "new")
        moves = f"PATCH /api/crm/leads/{lead.id}/stage"
        odd_server.lose_answer("/stage$", method="PATCH", how="reset")
        odd_server.fail(503, "Service unavailable", path=f"/leads/{lead.id}$", method="GET")
        assert screen.board.select(lead.id)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert said(app, "its stage is unknown")
        await pilot.press("greater_than_sign")  # from a stage that may be stale: no move
        await settle(app, pilot)
        assert odd_server.requests.count(moves) == 1
        odd_server._failures.clear()
        await pilot.press("greater_than_sign")  # reads it again, moves nothing
        await settle(app, pilot)
        assert odd_server.requests.count(moves) == 1
        assert stage_on(screen, lead) == "contacted"  # as the server has it


async def test_a_won_move_on_the_lead_screen_whose_answer_is_lost_is_shown_won(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        lead = await lead_in(app, "negotiation")
        app.open_record("lead", lead.id)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LeadScreen)
        odd_server.lose_answer("/stage$", method="PATCH", how="504")
        await pilot.press("greater_than_sign")
        await pilot.pause()
        await pilot.press("y")  # won asks first
        await settle(app, pilot)
        assert screen.lead is not None and screen.lead.stage == "won"
        assert screen.lead.probability == 100  # the lead as the server has it, read again
        assert "Won" in text_of(screen, "#lead-title")
        headings = [item.entry.to_stage for item in screen.query(TimelineItem)]
        assert "won" in headings
        assert not said(app, "Server error")


async def test_a_refused_move_still_rolls_back(odd_server: OddServer, odd_app: AppFactory) -> None:
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "4", PipelineScreen)
        lead = await lead_in(app, "new")
        odd_server.fail(400, "Stage moves are frozen", path="/stage$")
        screen.board.select(lead.id)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert stage_on(screen, lead) == "new"
        assert said(app, "Stage moves are frozen")


# ------------------------------------------------------------------ email


async def open_email(app: CrmApp, pilot: Pilot[None]) -> tuple[ComposeEmail, Lead, list[Any]]:
    await settle(app, pilot)
    lead = next(lead for lead in await app.workspace.client.list_leads() if lead.contact_email)
    results: list[Any] = []
    dialog = ComposeEmail(lead)
    app.push_screen(dialog, results.append)
    await settle(app, pilot)
    dialog.query_one("#subject", Input).value = "Our proposal"
    dialog.query_one("#body").text = "Hello"  # type: ignore[attr-defined]
    return dialog, lead, results


async def emails_with(app: CrmApp, lead: Lead, subject: str) -> int:
    timeline = await app.workspace.client.get_timeline(lead.id)
    return sum(1 for entry in timeline if entry.kind == "email" and entry.subject == subject)


@pytest.mark.parametrize("how", ["reset", "timeout", "502"])
async def test_an_email_whose_answer_is_lost_is_found_on_the_timeline_and_counts_as_sent(
    odd_server: OddServer, odd_app: AppFactory, how: str
) -> None:
    odd_server.lose_answer("/outbound-email", how=how)
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog, lead, results = await open_email(app, pilot)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)
        assert results == [True] and app.screen is not dialog
        assert said(app, "the server has it")
        assert not said(app, "not sent")
        assert await emails_with(app, lead, "Our proposal") == 1


async def test_an_email_of_unknown_outcome_not_on_the_timeline_asks_before_a_resend(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.fail(504, "Gateway timeout", path="/outbound-email$", method="POST")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog, lead, results = await open_email(app, pilot)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)
        assert app.screen is dialog and results == []
        assert text_of(dialog, "#form-error") == UNKNOWN_OUTCOME
        assert not said(app, "not sent")
        odd_server._failures.clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "it may already have been sent" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert results == [True]
        assert await emails_with(app, lead, "Our proposal") == 1


async def test_an_email_answered_200_without_an_id_is_sent(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.answer_writes("no-id", path="/outbound-email")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        _dialog, lead, results = await open_email(app, pilot)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)
        assert results == [True]
        assert said(app, "Write email: Email sent to")
        assert await emails_with(app, lead, "Our proposal") == 1


# ------------------------------------------------------------ other writes


async def a_contact_with_memberships(app: CrmApp) -> tuple[str, Any]:
    client = app.workspace.client
    contact = next(c for c in await client.list_contacts() if c.company_id)
    return contact.id, (await client.list_memberships(contact.id))[0]


async def saved_by(
    app: CrmApp, pilot: Pilot[None], form: Any, fill: Callable[[Any], None]
) -> list[Any]:
    """Open ``form``, ``fill`` it, save: what it was dismissed with (nothing while open)."""
    results: list[Any] = []
    app.push_screen(form, results.append)
    await settle(app, pilot)
    fill(form)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return results


async def new_company(app: CrmApp, pilot: Pilot[None], name: str) -> CompaniesScreen:
    """On the Companies screen, create ``name`` with ``n`` and save it."""
    screen = await open_mode(app, pilot, "2", CompaniesScreen)
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, CompanyForm)
    app.screen.query_one("#name", Input).value = name
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return screen


async def test_a_membership_edit_answered_204_without_a_body_is_saved(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.answer_writes("empty", path="/company-memberships")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        contact_id, membership = await a_contact_with_memberships(app)

        def fill(form: MembershipForm) -> None:
            form.query_one("#role", Input).value = "Head of fleet"

        [saved] = await saved_by(app, pilot, MembershipForm(contact_id, membership), fill)
        assert saved.id == membership.id and saved.role == "Head of fleet"
        assert said(app, "Membership saved")


async def test_a_membership_added_with_only_an_id_in_the_answer_is_saved(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.answer_writes("id-only", path="/company-memberships")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        contact_id, _ = await a_contact_with_memberships(app)
        held = {m.company_id for m in await app.workspace.client.list_memberships(contact_id)}
        companies = (await app.workspace.client.list_companies()).items
        company = next(c for c in companies if c.id not in held)

        def fill(form: MembershipForm) -> None:
            form.query_one("#company_id", PickerField).set_value(company.id, company.name)

        [added] = await saved_by(app, pilot, MembershipForm(contact_id), fill)
        assert added.id and added.company_name == company.name
        assert said(app, "Membership added")


async def test_a_company_created_without_an_answer_is_found_and_not_offered_again(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.lose_answer("/companies$", how="reset")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_company(app, pilot, "Lost Answer Ltd")
        assert app.screen is screen
        assert said(app, "the server has it")
        page = await app.workspace.client.list_companies(q="Lost Answer")
        assert [c.name for c in page.items] == ["Lost Answer Ltd"]
        table = screen.query_one("#companies", RecordList)
        assert table.current_key == page.items[0].id


async def test_a_company_created_in_an_answer_that_never_reached_the_server_stays_open(
    odd_server: OddServer, odd_app: AppFactory
) -> None:
    odd_server.fail(502, "Bad gateway", path="/companies$", method="POST")
    app = odd_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_company(app, pilot, "Never Made Ltd")
        form = app.screen
        assert isinstance(form, CompanyForm)
        said = text_of(form, "#form-error")
        assert said.startswith("Outcome unknown") and "check before saving again" in said
        assert form.query_one("#name", Input).value == "Never Made Ltd"
        page = await app.workspace.client.list_companies(q="Never Made")
        assert page.items == []
