"""Start-up: from process start to the Dashboard showing demo data, against a bare Textual app.

Each run is a fresh ``python -c`` process that starts its app headless
(``App.run(headless=True)``) and writes ``READY`` to its stdout once the first
screen's data has been painted; the time is taken here, from spawning the process
to reading that line, so interpreter start-up and imports count.  The bare app
(Header, a DataTable with a few rows, Footer) is started the same way, in the same
run, interleaved with ours.  Goal: our median at most 1.5 times the bare app's.

A third app is timed with them: the bare app that also imports our API service layer
(``crm_tui.api``: httpx, pydantic and the models) before it starts, and does nothing
else with it.  Its ratio is the floor under ours on this stack: what start-up costs
before any demo backend, screen or request of ours.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

GOAL_RATIO = 1.5
RUNS = 7
WARMUP = 1

#: Writes go straight to fd 1: while a Textual app runs, ``print`` is captured.
_READY = """
import os
import time

STARTED = time.perf_counter()
marks = {}


def mark(phase):
    marks[phase] = time.perf_counter()


def ready():
    phases, last = [], STARTED
    for phase, at in marks.items():
        phases.append(f"{phase}={at - last:.4f}")
        last = at
    os.write(1, ("PHASES " + " ".join(phases) + "\\nREADY\\n").encode())
"""

CRM_APP = (
    _READY
    + """
from crm_tui.collector import paused_for_startup

with paused_for_startup():  # as the CLI runs the TUI
    from pathlib import Path

    from crm_tui.ui import app as app_module
    from crm_tui.ui.app import CrmApp
    from crm_tui.workspace import Workspace

    mark("imports")

    class Timed(CrmApp):
        # Textual finds CSS next to the class's source file, and -c code has none.
        CSS_PATH = str(Path(app_module.__file__).parent / CrmApp.CSS_PATH)

        def on_ready(self) -> None:
            mark("first-screen")
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            # The Dashboard keeps the last answer it showed: data is on screen from then on.
            if getattr(self.screen, "dashboard", None) is not None:
                self.call_after_refresh(self._done)

        def _done(self) -> None:
            mark("dashboard-data")
            ready()
            self.exit()

    workspace = Workspace.for_demo()
    mark("demo-backend")
    Timed(workspace).run(headless=True, size=(80, 24))
"""
)

_BARE_IMPORTS = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header
"""

_BARE_RUN = """
mark("imports")


class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "Type", "Subject")
        for n in range(10):
            table.add_row("1d ago", "call", f"Row {n}")

    def on_ready(self) -> None:
        mark("first-screen")
        self.call_after_refresh(self._done)

    def _done(self) -> None:
        mark("table-data")
        ready()
        self.exit()


Bare().run(headless=True, size=(80, 24))
"""

BARE_APP = _READY + _BARE_IMPORTS + _BARE_RUN

#: The bare app, paying for the API service layer's imports and nothing more.
FLOOR_APP = (
    _READY
    + _BARE_IMPORTS
    + """
import gc

gc.disable()  # as ours runs its imports
import crm_tui.api  # noqa: F401

gc.enable()
"""
    + _BARE_RUN
)


@dataclass
class Timing:
    name: str
    samples: list[float]
    #: Seconds spent in each phase (inside the process, after the interpreter started).
    phases: dict[str, list[float]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def bytecode_writing_env() -> dict[str, str]:
    """This environment, letting Python write ``.pyc`` files.

    An installed crm-tui has its bytecode compiled at install time.  With
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) every run would compile
    our modules from source again, a cost no user pays and the bare app, whose
    libraries came compiled, does not pay either.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_once(code: str, timing: Timing) -> None:
    """Time spawning ``python -c code`` up to its READY line; keep its phases."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=bytecode_writing_env(),
    )
    assert process.stdout is not None
    phases = process.stdout.readline().split()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    _, errors = process.communicate(timeout=60)
    if line.strip() != b"READY":
        raise RuntimeError(f"the app never said READY:\n{errors.decode(errors='replace')}")
    timing.samples.append(elapsed)
    for phase in phases[1:]:
        name, seconds = phase.decode().split("=")
        timing.phases.setdefault(name, []).append(float(seconds))


def measure(runs: int = RUNS, warmup: int = WARMUP) -> tuple[Timing, Timing, Timing]:
    ours = Timing("crm-tui --demo (dashboard)", [])
    bare = Timing("bare Textual app", [])
    floor = Timing("bare app + our API layer", [])
    apps = [(CRM_APP, ours), (BARE_APP, bare), (FLOOR_APP, floor)]
    for _ in range(warmup):  # fills the OS file cache and writes .pyc files
        for code, _timing in apps:
            time_once(code, Timing("warm-up", []))
    for i in range(runs):
        # A different order each round, so that no app always follows the same one.
        for code, timing in apps[i % 3 :] + apps[: i % 3]:
            time_once(code, timing)
    return ours, bare, floor


def report(ours: Timing, bare: Timing, floor: Timing) -> None:
    print(f"{len(ours.samples)} runs each, interleaved; seconds from spawn to data on screen")
    for timing in (ours, bare, floor):
        low, high = min(timing.samples), max(timing.samples)
        print(f"  {timing.name:<30} median {timing.median:6.3f}   (min {low:.3f}, max {high:.3f})")
    ratio = ours.median / bare.median
    verdict = "OK" if ratio <= GOAL_RATIO else "OVER"
    print(f"  ratio {ratio:.2f}x the bare app   goal <= {GOAL_RATIO:.1f}x   {verdict}")
    print(
        f"  floor: {floor.median / bare.median:.2f}x the bare app for importing the API layer"
        " alone (httpx, pydantic, our models)"
    )
    for timing in (ours, bare, floor):
        phases = "  ".join(
            f"{name} {statistics.median(seconds):.3f}" for name, seconds in timing.phases.items()
        )
        print(f"  where the time goes, median s ({timing.name}): {phases}")
    print("  (the rest is the interpreter starting, before the first line of the -c code)")


def run() -> None:
    report(*measure())


if __name__ == "__main__":
    run()
