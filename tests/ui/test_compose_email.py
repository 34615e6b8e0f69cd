"""The compose-email dialog: connection, recipient, Markdown body sent as HTML, sent once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events
from textual.widgets import Button, Input, Markdown, Select, Static, TextArea

from crm_tui.api import InvalidRequest, OutcomeUnknown, RequestTimeout, ServerError
from crm_tui.api.models import Lead, OutboundEmail, SentEmail
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.compose_email import (
    UNKNOWN_OUTCOME,
    ComposeEmail,
    render_html,
)
from crm_tui.ui.widgets.dialogs import ConfirmDialog

from .conftest import make_app, notifications, said, settle

SUBJECT = "Proposal [v2] for next week"
BODY = "# Hello\n\nThanks for **your time**.\n\n<script>alert(1)</script>"


async def a_lead(app: CrmApp, *, with_contact: bool = True) -> Lead:
    leads = await app.workspace.client.list_leads()
    return next(lead for lead in leads if bool(lead.contact_email) == with_contact)


async def open_dialog(
    app: CrmApp, pilot: Any, lead: Lead, results: list[bool | None] | None = None
) -> ComposeEmail:
    """Push the dialog over the Tasks screen (stable underneath) and wait for connections."""
    await settle(app, pilot)
    dialog = ComposeEmail(lead)
    app.push_screen(dialog, results.append if results is not None else None)
    await settle(app, pilot)
    return dialog


def fill(dialog: ComposeEmail, *, subject: str = SUBJECT, body: str = BODY) -> None:
    dialog.query_one("#subject", Input).value = subject
    dialog.query_one("#body", TextArea).text = body


def draft(dialog: ComposeEmail) -> dict[str, Any]:
    return {
        "connection": dialog.query_one("#connection", Select).value,
        "to": dialog.query_one("#to", Input).value,
        "subject": dialog.query_one("#subject", Input).value,
        "body": dialog.query_one("#body", TextArea).text,
    }


def spy_sends(
    app: CrmApp, monkeypatch: pytest.MonkeyPatch, error: Exception | None = None
) -> list[OutboundEmail]:
    """Record every send; raise ``error`` instead of sending when given."""
    client = app.workspace.client
    real = client.send_outbound_email
    calls: list[OutboundEmail] = []

    async def send(body: OutboundEmail) -> SentEmail | None:
        calls.append(body)
        if error is not None:
            raise error
        return await real(body)

    monkeypatch.setattr(client, "send_outbound_email", send)
    return calls


async def test_prefills_recipient_and_first_connection_and_focuses_subject() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lead = await a_lead(app)
        dialog = await open_dialog(app, pilot, lead)
        connections = await app.workspace.client.list_email_connections()
        assert dialog.query_one("#to", Input).value == lead.contact_email
        select = dialog.query_one("#connection", Select)
        assert select.value == connections[0].id
        assert not select.disabled
        assert app.focused is dialog.query_one("#subject", Input)
        assert not dialog.has_unsaved_input  # loading the connections typed nothing


async def test_lead_without_contact_starts_on_an_empty_recipient() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app, with_contact=False))
        assert dialog.query_one("#to", Input).value == ""
        assert app.focused is dialog.query_one("#to", Input)


async def test_send_confirms_then_sends_html_once_and_shows_on_the_timeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lead = await a_lead(app)
        results: list[bool | None] = []
        dialog = await open_dialog(app, pilot, lead, results)
        calls = spy_sends(app, monkeypatch)
        fill(dialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert lead.contact_email in app.screen.question
        assert "sam.rivera@brightline.example" in app.screen.question
        assert calls == []  # nothing goes out before the confirm
        await pilot.press("y")
        await settle(app, pilot)

        assert results == [True]
        assert app.screen is not dialog
        assert len(calls) == 1
        sent = calls[0]
        assert sent.lead_id == lead.id and sent.subject == SUBJECT and sent.channel == "gmail"
        assert "<h1>Hello</h1>" in sent.html_body
        assert "<strong>your time</strong>" in sent.html_body
        assert "<script>" not in sent.html_body and "&lt;script&gt;" in sent.html_body
        assert said(app, "Email sent")
        timeline = await app.workspace.client.get_timeline(lead.id)
        assert any(e.kind == "email" and e.subject == SUBJECT for e in timeline)


async def test_wrong_fields_say_why_and_send_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        calls = spy_sends(app, monkeypatch)
        dialog.query_one("#to", Input).value = "not an address"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        errors = {
            name: str(dialog.query_one(f"#{name}-error", Static).render())
            for name in ("to", "subject", "body")
        }
        assert "email address" in errors["to"]
        assert "subject" in errors["subject"].lower()
        assert errors["body"]
        assert calls == []


async def test_server_refusal_keeps_every_field_and_shows_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[bool | None] = []
        dialog = await open_dialog(app, pilot, await a_lead(app), results)
        calls = spy_sends(app, monkeypatch, InvalidRequest("recipient [to] is blocked", status=400))
        second = (await app.workspace.client.list_email_connections())[1].id
        dialog.query_one("#connection", Select).value = second
        fill(dialog)
        before = draft(dialog)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)

        assert app.screen is dialog and results == []
        assert len(calls) == 1
        assert draft(dialog) == before
        message = dialog.query_one("#form-error", Static)
        assert message.display and "recipient [to] is blocked" in str(message.render())
        assert said(app, "recipient [to] is blocked")
        assert not dialog.query_one("#save", Button).disabled  # may be fixed and sent again


async def test_timeout_is_reported_as_unknown_and_never_resent_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        lost = OutcomeUnknown("No answer within 10s.", cause=RequestTimeout("No answer."))
        calls = spy_sends(app, monkeypatch, lost)
        fill(dialog)
        before = draft(dialog)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)

        assert len(calls) == 1
        assert app.screen is dialog and draft(dialog) == before
        message = dialog.query_one("#form-error", Static)
        assert message.display and str(message.render()) == UNKNOWN_OUTCOME
        assert any("unknown" in f"{n.title}: {n.message}".lower() for n in notifications(app))

        # Sending again needs a fresh, explicit confirm that warns; declining sends nothing.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "it may already have been sent" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert len(calls) == 1


async def test_keys_during_an_inflight_send_do_not_send_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[bool | None] = []
        dialog = await open_dialog(app, pilot, await a_lead(app), results)
        client = app.workspace.client
        real = client.send_outbound_email
        gate = asyncio.Event()
        calls: list[OutboundEmail] = []

        async def slow_send(body: OutboundEmail) -> SentEmail | None:
            calls.append(body)
            await gate.wait()
            return await real(body)

        monkeypatch.setattr(client, "send_outbound_email", slow_send)
        fill(dialog)
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert len(calls) == 1
        save = dialog.query_one("#save", Button)
        assert save.disabled and "Sending" in str(save.label)
        progress = dialog.query_one("#form-error", Static)
        assert progress.display and "Sending to" in str(progress.render())

        await pilot.press("ctrl+s", "ctrl+s", "enter", "escape")
        await pilot.pause()
        assert app.screen is dialog  # no second confirm, and escape does not abandon it
        assert len(calls) == 1

        gate.set()
        await settle(app, pilot)
        assert results == [True]
        assert len(calls) == 1


async def test_no_connection_is_explained_and_sending_is_disabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()

    async def none() -> list[Any]:
        return []

    monkeypatch.setattr(app.workspace.client, "list_email_connections", none)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        calls = spy_sends(app, monkeypatch)
        note = dialog.query_one("#no-connections", Static)
        assert note.display and "No outbound email connection" in str(note.render())
        assert not dialog.query_one("#connection", Select).display
        assert dialog.query_one("#save", Button).disabled
        fill(dialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and calls == []


async def test_connections_that_fail_to_load_say_so_and_nothing_can_be_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()

    async def boom() -> list[Any]:
        raise ServerError("mailbox service down", status=503)

    monkeypatch.setattr(app.workspace.client, "list_email_connections", boom)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        calls = spy_sends(app, monkeypatch)
        line = dialog.query_one("#form-error", Static)
        message = str(line.render())
        assert line.display and "Could not load the email connections" in message
        assert "mailbox service down" in message
        assert dialog.query_one("#save", Button).disabled
        fill(dialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and calls == []


async def test_escape_asks_before_discarding_a_draft() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[bool | None] = []
        dialog = await open_dialog(app, pilot, await a_lead(app), results)
        await pilot.press(*"Hi")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one("#subject", Input).value == "Hi"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert results == [None] and app.screen is not dialog


async def test_escape_without_a_draft_closes_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[bool | None] = []
        await open_dialog(app, pilot, await a_lead(app), results)
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None]


async def test_ctrl_t_switches_to_the_rendered_preview_and_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        body = dialog.query_one("#body", TextArea)
        preview = dialog.query_one("#preview")
        assert body.display and not preview.display  # narrow: one at a time
        fill(dialog, body="# Title\n\n*soon*")
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert preview.display and not body.display
        assert dialog.query_one("#preview-md", Markdown).source == "# Title\n\n*soon*"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert body.display and not preview.display and app.focused is body


async def test_wide_screens_preview_beside_the_editor_as_you_type(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ComposeEmail, "preview_delay", 0.0)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, await a_lead(app))
        assert dialog.query_one("#body", TextArea).display
        assert dialog.query_one("#preview").display
        dialog.query_one("#body", TextArea).focus()
        await pilot.press(*"ok")
        await settle(app, pilot)
        await pilot.pause()
        assert dialog.query_one("#preview-md", Markdown).source == "ok"


def test_html_in_markdown_is_escaped() -> None:
    html = render_html("a <b>bold</b> claim\n\n<div>x</div>")
    assert "<b>" not in html and "<div>" not in html
    assert "&lt;b&gt;" in html


async def test_w_on_the_lead_screen_sends_and_the_timeline_shows_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lead = await a_lead(app)
        app.open_record("lead", lead.id)
        await settle(app, pilot)
        lead_screen = app.screen
        await pilot.press("w")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ComposeEmail) and dialog.lead.id == lead.id
        fill(dialog)
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)
        assert app.screen is lead_screen
        shown = " ".join(str(item.render()) for item in lead_screen.query(".timeline-entry"))
        assert SUBJECT in shown


async def test_keys_typed_while_the_dialog_opens_are_kept() -> None:
    """Typed at once after `w`, before the dialog has a focused field: none is lost."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        leads = await app.workspace.client.list_leads()
        lead = next(lead for lead in leads if lead.contact_email)
        app.push_screen(ComposeEmail(lead))
        # Queued before the dialog has even composed, as fast typing over SSH does.
        for character in "Hello [there]":
            app.post_message(events.Key(character if character != " " else "space", character))
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ComposeEmail)
        assert dialog.query_one("#subject", Input).value == "Hello [there]"
        assert dialog.query_one("#subject", Input).has_focus
