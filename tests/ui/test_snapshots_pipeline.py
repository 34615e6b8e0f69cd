"""SVG snapshots of the Pipeline board, the stage picker, the Lead screen and the activity form.

At 80x24 and 120x40, on the demo data with the fixed clock.  After a change meant to
alter them: ``pytest tests/ui/test_snapshots_pipeline.py --snapshot-update``, then look
at the new SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

from .conftest import after, at_each_size, make_app

#: From start-up to the "lost" column of the board (its leads have the longest timelines).
TO_LOST_COLUMN = ("4", *["l"] * 6)


@at_each_size
def test_board(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("4", "j"))


@at_each_size
def test_stage_picker(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("4", "m"))


@at_each_size
def test_lead_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = (*TO_LOST_COLUMN, "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=after(*keys))


@at_each_size
def test_activity_form(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = (*TO_LOST_COLUMN, "enter", "a")
    assert snap_compare(make_app(), terminal_size=size, run_before=after(*keys))
