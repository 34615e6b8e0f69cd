"""Loading indicators wait out a short grace: a quick answer never flashes one."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

from crm_tui.ui import loading
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.dashboard import DashboardScreen

from .conftest import hold_answers, make_app, settle, wait_until


async def refresh_with_a_held_answer(
    app: CrmApp, pilot: Pilot[None], monkeypatch: pytest.MonkeyPatch
) -> asyncio.Event:
    """Press ``r`` on the Dashboard with the server's answer held until the event is set."""
    await settle(app, pilot)
    gate = hold_answers(app, monkeypatch, "get_dashboard")
    await pilot.press("r")
    await pilot.pause()
    return gate


async def test_no_indicator_while_a_load_is_within_its_grace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loading, "LOADING_GRACE", 60.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        gate = await refresh_with_a_held_answer(app, pilot, monkeypatch)
        body = app.screen.query_one("#dash-body")
        held = [w for w in app.workers if w.group == "dashboard-load" and w.is_running]
        assert held and not body.loading
        gate.set()
        await settle(app, pilot)
        assert not body.loading
        assert isinstance(app.screen, DashboardScreen) and app.screen.dashboard is not None


async def test_a_slow_load_shows_the_indicator_once_the_grace_is_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loading, "LOADING_GRACE", 0.05)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        gate = await refresh_with_a_held_answer(app, pilot, monkeypatch)
        body = app.screen.query_one("#dash-body")
        # The grace timer runs on the app's loop: the indicator comes once it has fired.
        assert await wait_until(pilot, lambda: body.loading)
        gate.set()
        await settle(app, pilot)
        assert not body.loading
