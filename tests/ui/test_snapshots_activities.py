"""SVG snapshots of Activities, Tasks and the compose-email dialog, at 80x24 and 120x40.

The demo data and the clock are fixed, so the pictures are stable.  After a change
that is meant to alter them: ``pytest tests/ui/test_snapshots_activities.py
--snapshot-update``, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from crm_tui.ui.screens.compose_email import ComposeEmail

from .conftest import make_app

SIZES = [(80, 24), (120, 40)]
BODY = (
    "# Next steps\n\n"
    "Thanks for your time on **Tuesday**. As agreed:\n\n"
    "- a pilot for *two sites*\n"
    "- pricing by Friday\n\n"
    "Best, Sam"
)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the first screen's data, press ``keys`` (each settling), then stop animations."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.wait_for_scheduled_animations()

    return run_before


async def compose_with_preview(pilot: Pilot[Any]) -> None:
    """The dialog over the Tasks screen, with a draft; narrow screens switch to the preview."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)
    leads = await app.workspace.client.list_leads()  # type: ignore[attr-defined]
    lead = next(lead for lead in leads if lead.contact_email)
    dialog = ComposeEmail(lead)
    app.push_screen(dialog)
    await settle(pilot)
    dialog.query_one("#subject", Input).value = "Next steps for the pilot"
    dialog.query_one("#body", TextArea).text = BODY
    if app.size.width < 110:
        await pilot.press("ctrl+t")
    else:
        await dialog.refresh_preview()
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_activities(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("5"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_tasks(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("6"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_compose_email_with_preview(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=compose_with_preview)
