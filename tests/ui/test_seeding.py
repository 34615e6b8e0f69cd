"""A large demo seeds with the UI up: progress with counts, then the Dashboard."""

from __future__ import annotations

import threading

from textual.widgets import ProgressBar, Static

from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.seeding import SeedingScreen
from crm_tui.workspace import Workspace

from .conftest import fixed_clock, settle

SIZE = (80, 24)


class HeldPreparation:
    """Reports 30 of 120 records until released; then done."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.phase, self.done, self.total = "Writing demo records", 30, 120

    @property
    def progress(self) -> tuple[str, int, int]:
        return self.phase, self.done, self.total

    def run(self) -> None:
        self.release.wait(timeout=30)
        self.phase, self.done = "Ready", self.total


async def test_seeding_shows_its_progress_with_counts_then_the_dashboard() -> None:
    workspace = Workspace.for_demo(clock=fixed_clock)
    held = HeldPreparation()
    workspace.preparation = held
    app = CrmApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SeedingScreen)
        await pilot.pause()
        line = str(screen.query_one("#seeding-line", Static).render())
        assert line == "Writing demo records: 30 of 120 records"
        bar = screen.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (30, 120)

        # Screens cannot be reached yet: the backend cannot answer.
        await pilot.press("2")
        await pilot.pause()
        assert app.screen is screen

        held.release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


class FailingPreparation(HeldPreparation):
    def run(self) -> None:
        raise OSError("disk full")


async def test_when_seeding_fails_it_says_so_and_q_quits() -> None:
    workspace = Workspace.for_demo(clock=fixed_clock)
    workspace.preparation = FailingPreparation()
    app = CrmApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SeedingScreen)
        line = str(screen.query_one("#seeding-line", Static).render())
        assert line == "The demo backend could not start: disk full. Press q to quit."
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_a_large_demo_seeds_in_the_background_and_opens_on_its_data() -> None:
    workspace = Workspace.for_demo(clock=fixed_clock, size=25, seed_later=True)
    app = CrmApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(app, pilot)
        await settle(app, pilot)  # the Dashboard's own load, started once seeding ended
        assert isinstance(app.screen, DashboardScreen)
        page = await workspace.client.list_companies()
        assert page.total == 25


async def test_a_large_demo_opens_on_the_screen_asked_for_once_seeded() -> None:
    workspace = Workspace.for_demo(clock=fixed_clock, size=25, seed_later=True)
    app = CrmApp(workspace, screen="pipeline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(app, pilot)
        await settle(app, pilot)  # the board's own load, started once seeding ended
        assert isinstance(app.screen, PipelineScreen)
        assert app.screen.board.shown_count == len(await workspace.client.list_leads())
