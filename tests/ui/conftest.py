"""Shared fixtures and pilot helpers for screen tests.

The app runs on a fresh demo backend with a fixed clock.  The helpers settle the app
after a key, open a top-level screen by its number key, record the filters of a
client's list calls, and drive the snapshot tests' keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from crm_tui.ui import loading
from crm_tui.ui.app import CrmApp
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.workspace import Workspace

#: Every screen test sees the same data and the same "now".
FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_app(*, size: int | None = None) -> CrmApp:
    return CrmApp(Workspace.for_demo(size=size, clock=fixed_clock))


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Searches fire at once and loading indicators show at once in tests: the
    debounce and the indicator's grace are UX niceties (test_loading covers the grace)."""
    monkeypatch.setattr(Picker, "debounce", 0.0)
    monkeypatch.setattr(loading, "LOADING_GRACE", 0.0)
    yield


@pytest.fixture
def app_factory() -> Callable[..., CrmApp]:
    return make_app


# ------------------------------------------------------------------ pilot helpers

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def settle(app: CrmApp, pilot: Pilot[Any]) -> None:
    """Let the app draw, finish its workers, and draw what they changed."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_mode(app: CrmApp, pilot: Pilot[Any], key: str, screen: type[ScreenT]) -> ScreenT:
    """Once the first screen has loaded, press a screen's number ``key``; return that screen."""
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    shown = app.screen
    assert isinstance(shown, screen)
    return shown


def spy_filters(app: CrmApp, monkeypatch: pytest.MonkeyPatch, method: str) -> list[dict[str, Any]]:
    """Record the keyword filters of every call to the client's list ``method``."""
    client = app.workspace.client
    real = getattr(client, method)
    calls: list[dict[str, Any]] = []

    async def spying(**filters: Any) -> Any:
        calls.append(filters)
        return await real(**filters)

    monkeypatch.setattr(client, method, spying)
    return calls


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
