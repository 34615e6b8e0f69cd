"""Write an SVG screenshot of each screen, in demo mode, into a folder.

Run with ``make screenshots``.  Each entry says how to reach the screen from start-up;
the data is the demo backend's with a fixed clock, so the pictures are stable.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crm_tui.ui.app import CrmApp
from crm_tui.workspace import Workspace

FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SIZE = (120, 40)


@dataclass(frozen=True)
class Shot:
    name: str
    keys: tuple[str, ...]


#: One entry per screen; keys are pressed in order after start-up.
SHOTS: tuple[Shot, ...] = (
    Shot("dashboard", ()),
    Shot("companies", ("2",)),
    # Active companies, two of them selected, then M: the marketing-list dialog.
    Shot("companies-marketing-list", ("2", "s", "s", "space", "space", "M")),
    Shot("contacts", ("3",)),
    Shot("pipeline", ("4",)),
    # The board's stage picker, then a lost lead (the longest timelines) and its forms.
    Shot("pipeline-stage-picker", ("4", "m")),
    Shot("lead", ("4", *["l"] * 6, "enter")),
    Shot("lead-activity-form", ("4", *["l"] * 6, "enter", "a")),
    Shot("lead-form", ("4", *["l"] * 6, "enter", "e")),
    Shot("activities", ("5",)),
    Shot("tasks", ("6",)),
    Shot("tasks-overdue-todo", ("6", "s")),
    # The newest activity belongs to a lead: open it, then write an email from it.
    Shot("compose-email", ("5", "enter", "w")),
    Shot("help", ("question_mark",)),
    # The first company and the first contact of their lists, opened with enter.
    Shot("company", ("2", "enter")),
    Shot("company-form", ("2", "enter", "e")),
    Shot("contact", ("3", "enter")),
    Shot("membership-dialog", ("3", "enter", "a")),
)


async def take(shot: Shot, folder: Path) -> Path:
    app = CrmApp(Workspace.for_demo(clock=lambda: FIXED_NOW))
    async with app.run_test(size=SIZE) as pilot:
        await app.first_frame_drawn.wait()  # the first screen's load starts after it
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in shot.keys:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        return Path(app.save_screenshot(filename=f"{shot.name}.svg", path=str(folder)))


async def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for shot in SHOTS:
        print(await take(shot, folder))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
