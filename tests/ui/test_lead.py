"""The Lead screen: fields, timeline, logging activities, moving, editing, deleting; the forms."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from crm_tui.api.errors import NotFound
from crm_tui.api.models import (
    KNOWN_STAGES,
    Activity,
    ActivityCreate,
    Lead,
    LeadCreate,
    LeadUpdate,
    TimelineEntry,
)
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.activity_form import ActivityForm, parse_due
from crm_tui.ui.screens.lead import LeadScreen, TimelineItem, entry_heading, plain_body
from crm_tui.ui.screens.lead_form import LeadForm
from crm_tui.ui.screens.owner_field import NO_OWNER
from crm_tui.ui.widgets.dialogs import ConfirmDialog
from crm_tui.ui.widgets.field_list import FieldList
from crm_tui.ui.widgets.picker_field import PickerField
from crm_tui.ui.widgets.pickers import Picker

from .conftest import make_app, said, settle
from .text_entry import fill

SIZE = (80, 24)


async def open_lead(app: CrmApp, pilot: Pilot[None], lead_id: str) -> LeadScreen:
    await settle(app, pilot)
    app.open_record("lead", lead_id)
    await settle(app, pilot)
    assert isinstance(app.screen, LeadScreen)
    return app.screen


def timeline(screen: LeadScreen) -> list[TimelineItem]:
    return list(screen.query(TimelineItem))


def field_value(screen: LeadScreen, name: str) -> str:
    return screen.query_one(FieldList).value_of(name)


async def lead_where(app: CrmApp, **wanted: Any) -> Lead:
    for lead in await app.workspace.client.list_leads():
        if all(getattr(lead, name) == value for name, value in wanted.items()):
            return lead
    raise AssertionError(f"no lead with {wanted}")


# ----------------------------------------------------------------- showing


async def test_fields_and_the_timeline_newest_first_with_stage_changes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lead = await lead_where(app, stage="lost")
        screen = await open_lead(app, pilot, lead.id)
        assert lead.title in str(screen.query_one("#lead-title").render())
        assert field_value(screen, "Stage") == "Lost"
        assert field_value(screen, "Probability") == "0%"
        assert field_value(screen, "Lost reason") == lead.lost_reason
        assert field_value(screen, "Owner") == lead.owner_name
        assert lead.company_name and field_value(screen, "Company").startswith(lead.company_name)
        assert field_value(screen, "Closed at") != "—"

        items = timeline(screen)
        entries = await app.workspace.client.get_timeline(lead.id)
        assert [item.entry.id for item in items] == [entry.id for entry in entries]
        times = [item.entry.occurred_at for item in items]
        assert times == sorted(times, reverse=True)  # type: ignore[type-var]
        changes = [item for item in items if item.entry.kind == "stage_change"]
        assert changes
        last = changes[0].entry
        text = str(changes[0].render())
        assert f"Stage: {last.from_stage} -> lost" in text
        assert "Lost reason" in text
        # who, and when both relative and absolute
        assert (last.user_name or "") in text and " · 20" in text


async def test_a_lead_that_is_gone_says_so() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lead(app, pilot, "00000000-0000-4000-8000-000000000000")
        assert "no longer exists" in str(screen.query_one("#lead-title").render())
        assert said(app, "Not found")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, LeadScreen)


# ----------------------------------------------------------------- activities


async def test_logging_an_activity_shows_it_on_the_timeline() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lead = await lead_where(app, stage="qualified")
        screen = await open_lead(app, pilot, lead.id)
        count = len(timeline(screen))
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActivityForm)

        # Wrong fields: said next to them, nothing sent.
        form.query_one("#due", Input).value = "2026-13-01"
        requests = app.workspace.client.request_count
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "subject" in str(form.query_one("#subject-error").render())
        assert "YYYY-MM-DD" in str(form.query_one("#due-error").render())
        assert app.workspace.client.request_count == requests

        form.query_one("#type", Select).value = "meeting"
        form.query_one("#subject", Input).value = "On-site demo [final]"
        form.query_one("#due", Input).value = "2026-12-02 14:30"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        items = timeline(screen)
        assert len(items) == count + 1
        newest = items[0]
        assert newest.entry.type == "meeting" and newest.entry.subject == "On-site demo [final]"
        assert "Meeting · On-site demo [final]" in str(newest.render())
        assert said(app, "Activity logged")


async def test_activity_form_without_a_lead_links_what_the_pickers_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    client = app.workspace.client
    sent: list[ActivityCreate] = []
    original = client.create_activity

    async def recording(body: ActivityCreate) -> Activity:
        sent.append(body)
        return await original(body)

    monkeypatch.setattr(client, "create_activity", recording)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        company = (await client.list_companies(page=1, page_size=1)).items[0]
        results: list[Activity | None] = []
        await app.push_screen(ActivityForm(company_id=company.id), results.append)
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.query_one("#company", PickerField).value_label == company.name
        assert not form.query("#activity-lead")

        # The lead link, through its picker.
        lead = (await client.list_leads())[0]
        form.query_one("#lead", PickerField).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Picker)
        await fill(app, pilot, lead.title)
        await pilot.press("enter")
        await settle(app, pilot)
        assert form.query_one("#lead", PickerField).value is not None

        form.query_one("#subject", Input).value = "Call back"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert results and results[0] is not None
        assert sent[0].company_id == company.id and sent[0].lead_id is not None
        assert sent[0].type == "call" and sent[0].contact_id is None
        assert results[0].company_id == company.id


def test_timeline_entries_read_as_text() -> None:
    email = TimelineEntry(
        id="e1",
        kind="email",
        subject="Following up [Q4]",
        body="<p>Hello &amp; welcome</p><p>Second <b>line</b></p>",
    )
    assert entry_heading(email).plain == "Email · Following up [Q4]"
    assert plain_body(email) == "Hello & welcome\nSecond line"
    change = TimelineEntry(id="s1", kind="stage_change", from_stage="proposal", to_stage="won")
    assert entry_heading(change).plain == "Stage: proposal -> won"
    odd = TimelineEntry(id="x1", kind="sms_sent", subject="Ping")
    assert entry_heading(odd).plain == "Sms sent · Ping"
    long = TimelineEntry(id="n1", kind="activity", type="note", body="\n".join("abcdef"))
    assert plain_body(long).splitlines() == ["a", "b", "c", "d …"]


def test_due_dates_read_as_utc() -> None:
    assert parse_due("2026-12-01").isoformat() == "2026-12-01T00:00:00+00:00"
    assert parse_due("2026-12-01 9:05").isoformat() == "2026-12-01T09:05:00+00:00"
    for wrong in ("2026-12-1", "01.12.2026", "2026-12-01 25:00", "2026-02-30"):
        with pytest.raises(ValueError):
            parse_due(wrong)


# ----------------------------------------------------------------- moving


async def test_winning_from_the_lead_screen_shows_what_the_automation_did() -> None:
    app = make_app()
    client = app.workspace.client
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        prospects = {
            c.id for c in (await client.list_companies(status="prospect", page_size=100)).items
        }
        lead = next(
            lead
            for lead in await client.list_leads()
            if lead.company_id in prospects and lead.stage == "negotiation"
        )
        screen = await open_lead(app, pilot, lead.id)
        assert field_value(screen, "Closed at") == "—"
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = KNOWN_STAGES.index("won")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert field_value(screen, "Stage") == "Won"
        assert field_value(screen, "Probability") == "100%"
        assert field_value(screen, "Closed at") == "2026-11-25 10:00"  # the fixed clock
        assert field_value(screen, "Company").endswith("(Active)")
        assert "Stage: negotiation -> won" in str(timeline(screen)[0].render())
        assert said(app, f"{lead.company_name} is now active")
        assert (await client.get_company(lead.company_id or "")).status == "active"


async def test_a_refused_move_on_the_lead_screen_goes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crm_tui.api.errors import ServerError

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lead = await lead_where(app, stage="contacted")
        screen = await open_lead(app, pilot, lead.id)

        async def fail(*args: Any, **kwargs: Any) -> Lead:
            raise ServerError("boom", status=500)

        monkeypatch.setattr(app.workspace.client, "move_lead_stage", fail)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert field_value(screen, "Stage") == "Contacted"
        assert said(app, "boom")


# ----------------------------------------------------------------- editing


async def test_edit_sends_only_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    client = app.workspace.client
    sent: list[LeadUpdate] = []
    original = client.update_lead

    async def recording(lead_id: str, body: LeadUpdate) -> Lead:
        sent.append(body)
        return await original(lead_id, body)

    monkeypatch.setattr(client, "update_lead", recording)
    async with app.run_test(size=SIZE) as pilot:
        lead = await lead_where(app, stage="proposal")
        screen = await open_lead(app, pilot, lead.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LeadForm)
        assert form.query_one("#title", Input).value == lead.title
        assert not form.query("#stage")  # stages move through m, not the form
        form.query_one("#title", Input).value = "Renamed [v2]"
        form.query_one("#probability", Input).value = "75"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert sent[0].model_fields_set == {"title", "probability"}
        assert "Renamed [v2]" in str(screen.query_one("#lead-title").render())
        assert field_value(screen, "Probability") == "75%"


async def test_delete_asks_then_goes_back() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lead = await lead_where(app, stage="new")
        await open_lead(app, pilot, lead.id)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, LeadScreen)
        with pytest.raises(NotFound):
            await app.workspace.client.get_lead(lead.id)


async def test_a_new_lead_has_currency_and_owner_and_says_the_default_currency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    client = app.workspace.client
    original = client.create_lead
    sent: list[LeadCreate] = []

    async def recording(body: LeadCreate) -> Lead:
        sent.append(body)
        return await original(body)

    monkeypatch.setattr(client, "create_lead", recording)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(LeadForm())
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, LeadForm)
        hints = [str(hint.render()) for hint in form.query(".field-hint")]
        assert "Blank: the workspace default, EUR." in hints
        form.query_one("#title", Input).value = "Franc deal"
        form.query_one("#value", Input).value = "12500"
        form.query_one("#currency", Input).value = "chf"
        form.query_one("#owner", Select).value = NO_OWNER
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        wire = sent[-1].to_wire()
        assert wire["currency"] == "CHF" and wire["ownerUserId"] is None
        leads = await client.list_leads()
        saved = next(lead for lead in leads if lead.title == "Franc deal")
        assert saved.currency == "CHF" and saved.owner_user_id is None


async def test_a_currency_that_is_not_three_letters_is_refused_before_sending() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(LeadForm())
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, LeadForm)
        form.query_one("#title", Input).value = "Odd money"
        form.query_one("#currency", Input).value = "E1"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "Three letters" in str(form.query_one("#currency-error").render())
