"""The palette's jump to a contact or lead: loaded once, reused, loaded again after a write."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from crm_tui.api.models import ActivityCreate
from crm_tui.ui.app import CrmApp

from .conftest import make_app, settle, spy_filters
from .text_entry import fill

SIZE = (100, 30)


def hits(app: CrmApp) -> list[str]:
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def search_palette(app: CrmApp, pilot: Pilot[Any], text: str) -> list[str]:
    """Open the palette, type ``text``, return its hits, close it again."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await fill(app, pilot, text)  # the palette gathers its hits in a worker
    found = hits(app)
    await pilot.press("escape")
    await settle(app, pilot)
    assert not isinstance(app.screen, CommandPalette)
    return found


async def test_reopening_the_palette_does_not_fetch_contacts_and_leads_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        contacts = spy_filters(app, monkeypatch, "list_contacts")
        leads = spy_filters(app, monkeypatch, "list_leads")
        everyone = await app.workspace.client.list_contacts()
        name = everyone[0].display_name
        contacts.clear()

        first = await search_palette(app, pilot, name)
        second = await search_palette(app, pilot, name)
        third = await search_palette(app, pilot, name[:3])

        assert len(contacts) == 1 and len(leads) == 1
        assert any(f"Contact: {name}" in hit for hit in first)
        assert first == second
        assert any(f"Contact: {name}" in hit for hit in third)


async def test_a_write_makes_the_palette_load_them_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        contacts = spy_filters(app, monkeypatch, "list_contacts")
        await search_palette(app, pilot, "an")
        assert len(contacts) == 1

        await app.workspace.client.create_activity(ActivityCreate(type="note", subject="Hi"))
        await search_palette(app, pilot, "an")
        await search_palette(app, pilot, "an")

        assert len(contacts) == 2
