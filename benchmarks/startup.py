"""Start-up: what the user sees, and when, against a bare Textual app.

Each run is a fresh ``python -c`` process started headless; it writes a line to its
stdout at each moment that counts (``first-frame``, ``data``), and the time is taken
here, from spawning the process to reading that line, so interpreter start-up and
imports count.  All apps run in the same rounds, interleaved, and the figures are
medians.  Ours runs through ``crm_tui.cli.main`` as the ``crm-tui`` command does
(only its app is told to run headless and to say when things are on screen).

The four goals:

1. **First frame** (header, the Dashboard's frame with its loading indicator, footer):
   at most 1.25 times the bare app (Header, a DataTable with a few rows, Footer); the
   median over the cold and the warm runs, whose first frames are the same.
2. **Cold start, real mode** (no cache, against ``crm-tui demo-server`` on loopback,
   started here): the Dashboard's figures at most 1.3 times the *floor app*, the bare
   app that also imports httpx, fetches ``/api/crm/dashboard`` from the same server,
   parses it and shows it as rows.
3. **Warm start** (the cache an earlier run left): the cached figures, marked with
   their age, at most 1.5 times the bare app.
4. **Demo mode**: the figures at most 2.0 times the bare app.

Beside a goal, a floor says what the stack costs before any code of ours: the bare
(or floor) app doing only what that start cannot do without.  Every start reads and
checks its settings before the app starts (so that a bad setting is an error on the
terminal): the config file's TOML, by the standard library, no pydantic; showing
cached figures needs them read (by the standard library too: the models wait for the
client); demo mode seeds the demo's database and sums its dashboard (the backend
itself, FastAPI and its routes, is built after the figures are up).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RUNS = 11
WARMUP = 1

#: Writes go straight to fd 1: while a Textual app runs, ``print`` is captured.
_SAY = """
import os
import time


def say(moment):
    os.write(1, f"{moment} {time.process_time()}\\n".encode())
"""

#: Our app, started by the CLI.  ``ARGS`` is filled in per run.
CRM_APP = (
    _SAY
    + """
import sys
from pathlib import Path

from crm_tui import cli
from crm_tui.collector import paused_for_startup

with paused_for_startup():  # the CLI pauses it from here; these are its imports
    from crm_tui.ui import app as app_module
    from crm_tui.ui.screens import dashboard as dashboard_module

show_figures = dashboard_module.DashboardScreen.show


def show_and_tell(screen, figures):
    # The first figures the Dashboard shows (cached or fresh) are on screen at the
    # frame after this: said then, with no polling to slow the app down.
    show_figures(screen, figures)
    app = screen.app
    if not app.seen:
        app.seen = True
        screen.call_after_refresh(app.drawn)


dashboard_module.DashboardScreen.show = show_and_tell


class Timed(app_module.CrmApp):
    # Textual finds CSS next to the class's source file, and -c code has none.
    CSS_PATH = [str(Path(app_module.__file__).parent / path) for path in app_module.CrmApp.CSS_PATH]
    seen = False

    def run(self, **kwargs):
        return super().run(headless=True, size=(80, 24))

    def on_ready(self):
        self.call_after_refresh(say, "first-frame")

    def drawn(self):
        say("data")
        self.set_interval(0.01, self._exit_when_fresh)

    def _exit_when_fresh(self):
        if not self.screen.freshness.from_cache:
            self.exit()  # the server's own figures are in: the cache is kept on exit


app_module.CrmApp = Timed
sys.exit(cli.main(ARGS))
"""
)

_BARE_IMPORTS = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header
"""

_BARE_RUN = """

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
        self.call_after_refresh(self._done)

    def _done(self) -> None:
        say("first-frame")
        say("data")
        self.exit()


Bare().run(headless=True, size=(80, 24))
"""

BARE_APP = _SAY + _BARE_IMPORTS + _BARE_RUN


def bare_importing(statement: str) -> str:
    """The bare app, paying for ``statement`` (imports, a backend) and nothing more."""
    paused = f"\nimport gc\n\ngc.disable()  # as ours runs its start-up\n{statement}\ngc.enable()\n"
    return _SAY + _BARE_IMPORTS + paused + _BARE_RUN


#: What every start of ours does before its first frame: read and check the settings.
LOAD_SETTINGS = "from crm_tui.config import load_settings\nload_settings()"
SETTINGS_FLOOR_APP = bare_importing(LOAD_SETTINGS)
#: ... and what showing cached figures needs on top: a dashboard read (without pydantic).
CACHED_FLOOR_APP = bare_importing(
    LOAD_SETTINGS
    + "\nfrom crm_tui.api.dashboard_figures import read_cached_dashboard"
    + "\nread_cached_dashboard({'pipeline': [{'stage': 'new', 'count': 1}], 'openTasks': 2,"
    + " 'recentActivity': [{'id': 'a1', 'type': 'call', 'subject': 'Hi'}]})"
)
#: ... or the demo's data: its database seeded, the dashboard's sums read from it.
DEMO_FLOOR_APP = bare_importing(
    LOAD_SETTINGS
    + "\nfrom crm_tui.demo.db import open_demo_database"
    + "\nfrom crm_tui.demo.context import Ctx"
    + "\nfrom crm_tui.demo.repo.dashboard import dashboard"
    + "\nfrom crm_tui.demo.times import system_clock"
    + "\ndatabase = open_demo_database(None, size=None, clock=system_clock)"
    + "\ndashboard(Ctx(database, system_clock(), ''))"
)

#: The bare app fetching the dashboard itself: the floor of a cold start against a server.
FETCH_FLOOR_APP = (
    _SAY
    + _BARE_IMPORTS
    + "\nSETTINGS = False\n"
    + """
if SETTINGS:  # the floor app, paying for our settings as well
    from crm_tui.config import load_settings

    load_settings()

import json
import os

import httpx
from textual import work


class Floor(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Stage", "Count", "Value")
        self.fetch()

    def on_ready(self) -> None:
        self.call_after_refresh(say, "first-frame")

    @work
    async def fetch(self) -> None:
        headers = {"Authorization": "Bearer " + os.environ["AXIOMATIC_API_KEY"]}
        async with httpx.AsyncClient(base_url=os.environ["AXIOMATIC_BASE_URL"]) as client:
            answer = await client.get(
                "/api/crm/dashboard",
                params={"entityId": os.environ["AXIOMATIC_ENTITY_ID"]},
                headers=headers,
            )
        table = self.query_one(DataTable)
        for stage in json.loads(answer.content)["pipeline"]:
            table.add_row(stage["stage"], str(stage["count"]), f"{stage['value']:,.0f}")
        self.call_after_refresh(self._done)

    def _done(self) -> None:
        say("data")
        self.exit()


Floor().run(headless=True, size=(80, 24))
"""
)


FETCH_SETTINGS_FLOOR_APP = FETCH_FLOOR_APP.replace("SETTINGS = False", "SETTINGS = True")


def crm_app(*args: str) -> str:
    return f"ARGS = {list(args)!r}\n" + CRM_APP


@dataclass
class Timing:
    name: str
    #: Seconds from spawn to each moment's line, by moment.
    moments: dict[str, list[float]] = field(default_factory=dict)
    #: CPU seconds the process had used at each moment: far less moved by a busy machine.
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def median(self, moment: str = "data") -> float:
        return statistics.median(self.moments[moment])

    def cpu_median(self, moment: str = "data") -> float:
        return statistics.median(self.cpu[moment])

    def spread(self, moment: str = "data") -> tuple[float, float]:
        return min(self.moments[moment]), max(self.moments[moment])


def bytecode_writing_env() -> dict[str, str]:
    """This environment, letting Python write ``.pyc`` files.

    An installed crm-tui has its bytecode compiled at install time.  With
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) every run would compile
    our modules from source again, a cost no user pays and the bare app, whose
    libraries came compiled, does not pay either.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CRM_TUI_CONFIG", None)
    return env


def time_once(code: str, timing: Timing, env: dict[str, str]) -> None:
    """Time spawning ``python -c code`` up to each of its lines, up to ``data``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None
    seen: dict[str, tuple[float, float]] = {}
    while "data" not in seen:
        line = process.stdout.readline()
        if not line:
            break
        moment, cpu = line.decode().split()
        seen[moment] = (time.perf_counter() - started, float(cpu))
    _, errors = process.communicate(timeout=60)
    if "data" not in seen:
        raise RuntimeError(f"{timing.name}: no data on screen:\n{errors.decode(errors='replace')}")
    for moment, (seconds, cpu_seconds) in seen.items():
        timing.moments.setdefault(moment, []).append(seconds)
        timing.cpu.setdefault(moment, []).append(cpu_seconds)


@dataclass
class DemoServer:
    """``crm-tui demo-server`` on a free loopback port, for the real-mode runs."""

    process: subprocess.Popen[bytes]
    base_url: str

    @classmethod
    def start(cls) -> DemoServer:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "crm_tui", "demo-server", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return server
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        server.stop()
        raise RuntimeError("the demo server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Run:
    """One app to time each round: its code, its timing, and the environment it gets."""

    code: str
    timing: Timing
    env: Callable[[], dict[str, str]]


@dataclass
class Results:
    bare: Timing
    settings_floor: Timing
    fetch_floor: Timing
    fetch_settings_floor: Timing
    cached_floor: Timing
    demo_floor: Timing
    cold: Timing
    warm: Timing
    demo: Timing


def measure(runs: int = RUNS, warmup: int = WARMUP) -> Results:
    from crm_tui.demo.identity import DEMO_API_KEY, DEMO_ENTITY_ID

    scratch = Path(tempfile.mkdtemp(prefix="crm-tui-startup-"))
    server = DemoServer.start()
    try:
        base = bytecode_writing_env()
        base.update(
            AXIOMATIC_API_KEY=DEMO_API_KEY,
            AXIOMATIC_ENTITY_ID=DEMO_ENTITY_ID,
            AXIOMATIC_BASE_URL=server.base_url,
            XDG_CONFIG_HOME=str(scratch / "config"),  # no config file of the user's
            XDG_CACHE_HOME=str(scratch / "warm"),
        )

        def plain() -> dict[str, str]:
            return base

        def no_cache_yet() -> dict[str, str]:
            cold = scratch / "cold"
            shutil.rmtree(cold, ignore_errors=True)  # every cold run starts with none
            return {**base, "XDG_CACHE_HOME": str(cold)}

        results = Results(
            bare=Timing("bare Textual app"),
            settings_floor=Timing("floor: bare + settings"),
            fetch_floor=Timing("floor app: bare + httpx fetch"),
            fetch_settings_floor=Timing("floor app + settings"),
            cached_floor=Timing("floor: bare + settings + reading"),
            demo_floor=Timing("floor: bare + settings + demo"),
            cold=Timing("crm-tui, cold (no cache)"),
            warm=Timing("crm-tui, warm (cache)"),
            demo=Timing("crm-tui --demo"),
        )
        plan = [
            Run(BARE_APP, results.bare, plain),
            Run(SETTINGS_FLOOR_APP, results.settings_floor, plain),
            Run(FETCH_FLOOR_APP, results.fetch_floor, plain),
            Run(FETCH_SETTINGS_FLOOR_APP, results.fetch_settings_floor, plain),
            Run(CACHED_FLOOR_APP, results.cached_floor, plain),
            Run(DEMO_FLOOR_APP, results.demo_floor, plain),
            Run(crm_app(), results.cold, no_cache_yet),
            Run(crm_app(), results.warm, plain),  # the cache of the run before
            Run(crm_app("--demo"), results.demo, plain),
        ]
        # Fills the OS file cache, writes .pyc files, and leaves the warm runs a cache.
        for _ in range(warmup):
            for run in plan:
                time_once(run.code, Timing("warm-up"), run.env())
        for i in range(runs):
            # A different order each round, so that no app always follows the same one.
            shift = i % len(plan)
            for run in plan[shift:] + plan[:shift]:
                time_once(run.code, run.timing, run.env())
        return results
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def verdict(ratio: float, goal: float) -> str:
    return "OK" if ratio <= goal else "OVER"


def figures(
    results: Results, median: Callable[[Timing, str], float]
) -> list[tuple[str, float, float, float]]:
    """(goal, our ratio, the goal's ratio, the floor's ratio) by ``median``."""
    bare = median(results.bare, "data")

    def first_frame() -> float:
        # The cold and the warm runs draw the same first frame: all of them count.
        both = Timing("first frames")
        both.moments["first-frame"] = (
            results.cold.moments["first-frame"] + (results.warm.moments["first-frame"])
        )
        both.cpu["first-frame"] = results.cold.cpu["first-frame"] + results.warm.cpu["first-frame"]
        return median(both, "first-frame")

    return [
        (
            "1. first frame vs bare app",
            first_frame() / bare,
            1.25,
            median(results.settings_floor, "data") / bare,
        ),
        (
            "2. cold start, real mode, vs floor app",
            median(results.cold, "data") / median(results.fetch_floor, "data"),
            1.3,
            median(results.fetch_settings_floor, "data") / median(results.fetch_floor, "data"),
        ),
        (
            "3. warm start (cached figures) vs bare",
            median(results.warm, "data") / bare,
            1.5,
            median(results.cached_floor, "data") / bare,
        ),
        (
            "4. demo mode vs bare app",
            median(results.demo, "data") / bare,
            2.0,
            median(results.demo_floor, "data") / bare,
        ),
    ]


def report(results: Results) -> None:
    bare = results.bare.median()
    print(f"{len(results.bare.moments['data'])} runs each, interleaved; seconds from spawn, median")
    for timing in (
        results.bare,
        results.settings_floor,
        results.fetch_floor,
        results.fetch_settings_floor,
        results.cached_floor,
        results.demo_floor,
        results.cold,
        results.warm,
        results.demo,
    ):
        moments = "   ".join(
            f"{moment} {timing.median(moment):.3f} (CPU {timing.cpu_median(moment):.3f})"
            for moment in timing.moments
        )
        low, high = timing.spread()
        print(f"  {timing.name:<32} {moments}   (data min {low:.3f}, max {high:.3f})")
    print("  goals (what the user sees: wall-clock time; CPU time beside it, for a busy machine):")
    by_cpu = figures(results, Timing.cpu_median)
    for (name, ratio, goal, floor), (_, cpu_ratio, _, cpu_floor) in zip(
        figures(results, Timing.median), by_cpu, strict=True
    ):
        under = "; the goal is under this floor" if floor > goal else ""
        print(
            f"    {name:<40} {ratio:5.2f}x   goal <= {goal:.2f}x   {verdict(ratio, goal):<4}"
            f"   (floor {floor:.2f}x{under})   CPU {cpu_ratio:.2f}x (floor {cpu_floor:.2f}x)"
        )
    print(
        f"  for reference: the floor app (bare + httpx fetch) is "
        f"{results.fetch_floor.median() / bare:.2f}x the bare app.  The floors beside the goals,"
        " what the stack costs before any code of ours:"
        "\n    1: the bare app reading our settings (no pydantic), as the CLI does first;"
        "\n    2: the floor app reading our settings too (vs the floor app);"
        "\n    3: the bare app reading our settings and a dashboard (no pydantic, as ours does);"
        "\n    4: the bare app reading our settings, seeding the demo's data, summing it."
    )


def run() -> None:
    report(measure())


if __name__ == "__main__":
    run()
