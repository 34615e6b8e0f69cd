"""SVG snapshots of the Pipeline board, the stage picker, the Lead screen and the activity form.

At 80x24 and 120x40, on the demo data with the fixed clock.  After a change meant to
alter them: ``pytest tests/ui/test_snapshots_pipeline.py --snapshot-update``, then look
at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import make_app

SIZES = [(80, 24), (120, 40)]
#: From start-up to the "lost" column of the board (its leads have the longest timelines).
TO_LOST_COLUMN = ("4", *["l"] * 6)


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
def test_board(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("4", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_stage_picker(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("4", "m"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_lead_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = (*TO_LOST_COLUMN, "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=after(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_activity_form(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = (*TO_LOST_COLUMN, "enter", "a")
    assert snap_compare(make_app(), terminal_size=size, run_before=after(*keys))
