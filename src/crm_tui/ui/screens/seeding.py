"""Shown while the backend gets ready (a large demo seeding): what it does, how far.

The work runs in a thread worker; a timer reads its progress ten times a second.
Once it is done the screen dismisses itself and the app shows its first screen; if
it fails, the screen says so and ``q`` quits.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Static
from textual.worker import Worker, WorkerState

from ...workspace import Preparation
from ..formatting import count
from ..widgets.screen_footer import ScreenFooter

#: Seconds between two readings of the progress.
PROGRESS_INTERVAL = 0.1


def progress_line(phase: str, done: int, total: int) -> str:
    """'Writing demo records: 45,000 of 150,000 records'."""
    if total:
        return f"{phase}: {count(done)} of {count(total)} records"
    return f"{phase}…"


class SeedingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self, preparation: Preparation) -> None:
        super().__init__()
        self.preparation = preparation

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="seeding-box"):
            yield Static("Preparing the demo backend", id="seeding-title")
            yield ProgressBar(total=None, show_eta=False, id="seeding-bar")
            yield Static("", id="seeding-line", markup=False)
        yield ScreenFooter()

    def on_mount(self) -> None:
        self.show_progress()
        self._timer = self.set_interval(PROGRESS_INTERVAL, self.show_progress)
        self.prepare()

    @work(thread=True, exit_on_error=False, group="prepare")
    def prepare(self) -> None:
        self.preparation.run()

    def show_progress(self) -> None:
        phase, done, total = self.preparation.progress
        bar = self.query_one("#seeding-bar", ProgressBar)
        if total:
            bar.update(total=total, progress=done)
        self.query_one("#seeding-line", Static).update(progress_line(phase, done, total))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "prepare":
            return
        if event.state is WorkerState.SUCCESS:
            self._timer.stop()
            self.dismiss()
        elif event.state is WorkerState.ERROR:
            self._timer.stop()
            error = event.worker.error
            reason = str(error) or type(error).__name__
            self.query_one("#seeding-line", Static).update(
                f"The demo backend could not start: {reason}. Press q to quit."
            )
