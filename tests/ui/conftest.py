"""Shared fixtures and pilot helpers for screen tests.

The app runs on a fresh demo backend with a fixed clock.  The helpers settle the app
after a key, open a top-level screen by its number key, spy on a client's calls, read
the notifications shown, and drive the snapshot tests' keys until the screen is still.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerState

from crm_tui.api import CrmClient
from crm_tui.ui import loading
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screen_names import FIRST_SCREEN
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.ui.widgets.screen_footer import ScreenFooter
from crm_tui.workspace import Workspace

#: Every screen test sees the same data and the same "now".
FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_app(*, size: int | None = None, screen: str = FIRST_SCREEN) -> CrmApp:
    """The app on a new demo, opening on ``screen``: a test of another screen starts there
    rather than loading the Dashboard first (its number key is tested on its own)."""
    app = CrmApp(Workspace.for_demo(size=size, clock=fixed_clock), screen=screen)
    # Animations end where they would anyway, at once: a tab's underline caught sliding
    # made a picture depend on the machine's speed.
    app.animation_level = "none"
    return app


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Searches fire at once and loading indicators show at once in tests: the
    debounce and the indicator's grace are UX niceties (test_loading covers the grace)."""
    monkeypatch.setattr(Picker, "debounce", 0.0)
    monkeypatch.setattr(loading, "LOADING_GRACE", 0.0)
    yield


@pytest.fixture(autouse=True, scope="session")
def stylesheet_parses_shared_between_apps() -> Iterator[None]:
    """Parse each stylesheet source once per test process, not once per app.

    Every App builds its stylesheet afresh, and parses all its sources again each time a
    screen brings new CSS: about a third of a short screen test went there.  A parse
    depends only on the source and the CSS variables (the theme), so apps with the same
    variables can share it.  Textual offers no public hook for this: the tests wrap the
    stylesheet's parse step, and keep Textual's own behaviour for everything else.
    """
    original = Stylesheet._parse_rules
    shared: dict[tuple[Any, ...], Any] = {}

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = tuple(sorted(self._variables.items()))
        key = (variables, css, read_from, is_default_rules, tie_breaker, scope)
        if key not in shared:
            shared[key] = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        return shared[key]

    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
    yield
    Stylesheet._parse_rules = original  # type: ignore[method-assign]


@pytest.fixture
def app_factory() -> Callable[..., CrmApp]:
    return make_app


# ------------------------------------------------------------------ pilot helpers

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def busy_workers(app: CrmApp) -> bool:
    """Whether any worker is yet to finish."""
    return any(worker.state in UNFINISHED for worker in app.workers)


#: The states of a worker that has not finished yet.
UNFINISHED = frozenset({WorkerState.PENDING, WorkerState.RUNNING})


def footers_settled(app: App[Any]) -> bool:
    """Whether every footer of the screens shown has its keys built for the bindings as
    they are now: a footer looks at its keys after a refresh, which may come after the
    workers that changed them have finished."""
    return all(
        footer.settled for screen in app.screen_stack for footer in screen.query(ScreenFooter)
    )


async def settle(app: CrmApp, pilot: Pilot[Any], *, most_rounds: int = 20) -> None:
    """Let the app draw, finish its workers, and draw what they changed, until no worker
    is left and the footers have their keys: drawing an answer may start another load
    (a tall list asking for more rows).

    The first screen starts loading once the first frame is drawn: that comes first.
    """
    await app.first_frame_drawn.wait()
    for _ in range(most_rounds):
        await pilot.pause()
        # A newer exclusive worker may replace one waited for: the next round waits for it.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not busy_workers(app) and footers_settled(app):
            return
    waiting = "workers were still starting" if busy_workers(app) else "a footer's keys were stale"
    raise AssertionError(f"{waiting} after {most_rounds} rounds")


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], *, most_rounds: int = 50
) -> bool:
    """Let the app run until ``condition`` holds (True), or say it never did (False).

    For state that settles after a refresh rather than in a worker: a list sized to the
    room a layout pass leaves it."""
    for _ in range(most_rounds):
        if condition():
            return True
        await pilot.pause()
    return condition()


async def open_mode(app: CrmApp, pilot: Pilot[Any], key: str, screen: type[ScreenT]) -> ScreenT:
    """Once the first screen has loaded, press a screen's number ``key``; return that screen."""
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    shown = app.screen
    assert isinstance(shown, screen)
    return shown


@dataclass
class Spy:
    """The calls made to one client method: positional and keyword arguments."""

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    #: The keyword arguments of each call (a list method's filters), kept as they come.
    filters: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.calls)

    @property
    def last(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return self.calls[-1]


def spy(
    monkeypatch: pytest.MonkeyPatch,
    client: CrmClient,
    name: str,
    *,
    fail: BaseException | None = None,
) -> Spy:
    """Record each call to ``client.name``; with ``fail``, raise it instead of calling."""
    record = Spy()
    original: Callable[..., Any] = getattr(client, name)

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        record.calls.append((args, kwargs))
        record.filters.append(kwargs)
        if fail is not None:
            raise fail
        return await original(*args, **kwargs)

    monkeypatch.setattr(client, name, wrapper)
    return record


async def press_settling(app: CrmApp, pilot: Pilot[Any], keys: Iterable[str]) -> None:
    """Once the first screen has loaded, press ``keys``, settling after each."""
    await settle(app, pilot)
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


def spy_filters(app: CrmApp, monkeypatch: pytest.MonkeyPatch, method: str) -> list[dict[str, Any]]:
    """The keyword filters of every call to the client's list ``method``, as they come."""
    return spy(monkeypatch, app.workspace.client, method).filters


class Notice(NamedTuple):
    """A notification the app showed."""

    title: str
    message: str
    severity: str


#: Every notification each app was given, kept past its toast's timeout.
NOTIFIED: weakref.WeakKeyDictionary[App[Any], list[Notification]] = weakref.WeakKeyDictionary()


@pytest.fixture(autouse=True)
def notification_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every notification an app receives, for :func:`notified`.

    The app's own list forgets a notification once its toast times out (a stage move's
    after 3 s), and a busy machine can take longer than that between the toast and the
    test's look at it.  ``clear_notifications`` empties the log too.
    """
    receive = App._on_notify
    clear = App.clear_notifications

    def on_notify(app: App[Any], event: Notify) -> None:
        NOTIFIED.setdefault(app, []).append(event.notification)
        receive(app, event)

    def clear_notifications(app: App[Any]) -> None:
        NOTIFIED.pop(app, None)
        clear(app)

    monkeypatch.setattr(App, "_on_notify", on_notify)
    monkeypatch.setattr(App, "clear_notifications", clear_notifications)


def notified(app: App[Any]) -> list[Notification]:
    """Every notification the app received so far, oldest first, expired ones too."""
    return list(NOTIFIED.get(app, []))


def notifications(app: CrmApp) -> list[Notice]:
    """Every notification shown so far, oldest first."""
    return [Notice(str(n.title), str(n.message), n.severity) for n in notified(app)]


def said(app: CrmApp, fragment: str, *, severity: str | None = None) -> bool:
    """Whether a notification's title or message holds ``fragment`` (of ``severity``)."""
    return any(
        fragment in f"{notice.title}: {notice.message}"
        for notice in notifications(app)
        if severity is None or notice.severity == severity
    )


def hold_answers(app: CrmApp, monkeypatch: pytest.MonkeyPatch, method: str) -> asyncio.Event:
    """Hold every answer of the client's ``method`` until the returned event is set."""
    client = app.workspace.client
    real = getattr(client, method)
    gate = asyncio.Event()

    async def held(*args: Any, **kwargs: Any) -> Any:
        await gate.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(client, method, held)
    return gate


# --------------------------------------------------------------- snapshot helpers

#: The sizes screens are pictured at: the smallest we support, and a roomier one.
SNAPSHOT_SIZES = [(80, 24), (120, 40)]
#: A snapshot test taking ``size``, run once at each of :data:`SNAPSHOT_SIZES` ("80x24"...).
at_each_size = pytest.mark.parametrize(
    "size", SNAPSHOT_SIZES, ids=lambda size: f"{size[0]}x{size[1]}"
)


async def still(pilot: Pilot[Any], *, most_rounds: int = 20) -> None:
    """Settle until the screen stops changing, so that a picture taken now is the same
    picture on a busy machine as on an idle one.

    Each round lets the app draw, finishes its workers and animations, and renders the
    screen; the screen is still once two renders in a row agree with no worker left
    to change it and no footer yet to build its keys.  Text cursors stop
    blinking (they stay drawn): a blink would change the picture with the clock.
    """
    app = pilot.app
    previous: str | None = None
    for _ in range(most_rounds):
        for text_field in app.screen.query("Input, TextArea"):
            text_field.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        frame = app.export_screenshot()
        if frame == previous and not busy_workers(app) and footers_settled(app):
            return
        previous = frame
    raise AssertionError(f"the screen was still changing after {most_rounds} rounds")


def after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the first screen's data, press ``keys`` (each settling), then wait until
    the screen is still."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        await still(pilot)

    return run_before


def then_still(
    run_before: Callable[[Pilot[Any]], Awaitable[None]],
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """``run_before``, then wait until the screen is still (see :func:`still`)."""

    async def run(pilot: Pilot[Any]) -> None:
        await run_before(pilot)
        await still(pilot)

    return run


# ------------------------------------------------------------ the odd server


@pytest.fixture
def odd_clock() -> Callable[[], datetime]:
    """The odd server's demo runs on the screens' clock (see ``tests/conftest.py``)."""
    return fixed_clock


@pytest.fixture
def odd_app(odd_server: Any) -> Callable[[], CrmApp]:
    """``odd_app()``: the app on the odd server (``tests/odd_server.py``), as the CLI builds it
    for a real server; the app closes the client when it ends."""

    def make() -> CrmApp:
        from crm_tui.demo.identity import DEMO_ENTITY_ID

        workspace = Workspace(
            connect=odd_server.client,
            server_label="odd.example",
            entity_id=DEMO_ENTITY_ID,
            clock=fixed_clock,
        )
        return CrmApp(workspace)

    return make
