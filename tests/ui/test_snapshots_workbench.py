"""SVG snapshots of the Dashboard and the Companies list, at 80x24 and 120x40.

The demo data and the clock are fixed, so the pictures are stable.  After a change
that is meant to alter them: ``pytest tests/ui/test_snapshots_workbench.py
--snapshot-update``, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from crm_tui.ui.screens.companies import CompaniesScreen

from .conftest import make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def no_search_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompaniesScreen, "search_debounce", 0.0)


def after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the first screen's data, press ``keys`` (each settling), then stop animations."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_dashboard(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_companies(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("2"))


def test_companies_filtered_with_a_selection(snap_compare: Any) -> None:
    keys = ("2", "s", "s", "space", "space")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after(*keys))


def test_marketing_list_dialog(snap_compare: Any) -> None:
    keys = ("2", "space", "space", "M")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after(*keys))
