"""SVG snapshots of Activities, Tasks and the compose-email dialog, at 80x24 and 120x40.

The demo data and the clock are fixed, so the pictures are stable.  After a change
that is meant to alter them: ``pytest tests/ui/test_snapshots_activities.py
--snapshot-update``, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from crm_tui.ui.screens.compose_email import ComposeEmail

from .conftest import after, at_each_size, make_app, settle, then_still

BODY = (
    "# Next steps\n\n"
    "Thanks for your time on **Tuesday**. As agreed:\n\n"
    "- a pilot for *two sites*\n"
    "- pricing by Friday\n\n"
    "Best, Sam"
)


async def compose_with_preview(pilot: Pilot[Any]) -> None:
    """The dialog over the Tasks screen, with a draft; narrow screens switch to the preview."""
    app = pilot.app
    await settle(app, pilot)
    await pilot.press("6")
    await settle(app, pilot)
    leads = await app.workspace.client.list_leads()  # type: ignore[attr-defined]
    lead = next(lead for lead in leads if lead.contact_email)
    dialog = ComposeEmail(lead)
    app.push_screen(dialog)
    await settle(app, pilot)
    dialog.query_one("#subject", Input).value = "Next steps for the pilot"
    dialog.query_one("#body", TextArea).text = BODY
    if app.size.width < 110:
        await pilot.press("ctrl+t")
    else:
        await dialog.refresh_preview()
    await settle(app, pilot)
    await pilot.wait_for_scheduled_animations()


@at_each_size
def test_activities(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("5"))


@at_each_size
def test_tasks(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("6"))


@at_each_size
def test_compose_email_with_preview(
    snap_compare: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without its typing delay the preview is drawn from the body before the picture is
    # taken; with it, a re-render could land while the picture is being taken.
    monkeypatch.setattr(ComposeEmail, "preview_delay", 0.0)
    assert snap_compare(make_app(), terminal_size=size, run_before=then_still(compose_with_preview))
