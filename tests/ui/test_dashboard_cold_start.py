"""A cold start (nothing cached): the Dashboard's answer is read by the transport alone,
its figures drawn, then the client built on that transport reads the same answer into
the models, sending nothing more.  In demo mode the demo's data answers that read,
before its backend is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.widgets import Static

from crm_tui.api import NO_RETRY, CrmClient
from crm_tui.api.dashboard_figures import CACHED_DASHBOARD, CachedDashboard
from crm_tui.api.models import Dashboard
from crm_tui.api.transport import HttpCore
from crm_tui.cache import ResponseCache
from crm_tui.demo.transport import ThreadedASGITransport
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.workspace import Workspace

from .conftest import make_app, said, settle

ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
FIGURES = {"openTasks": 7, "overdueTasks": 2, "winRate": 0.25}


class Server:
    """Answers the dashboard with ``body`` (or refuses the connection); lists are empty."""

    def __init__(self, body: Any = None, *, up: bool = True) -> None:
        self.body = body
        self.up = up
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path.endswith("/dashboard"):
            return httpx.Response(200, json=self.body)
        return httpx.Response(200, json=[])


def cold_app(server: Server, cache: ResponseCache | None = None) -> CrmApp:
    """A workspace as the settings' is: a transport of its own, the client built on it."""

    def connect_core() -> HttpCore:
        return HttpCore(
            base_url="http://crm.test",
            api_key="ak_test_key_123",
            entity_id=ENTITY,
            transport=httpx.MockTransport(server),
            retry=NO_RETRY,
        )

    def connect() -> CrmClient:
        assert isinstance(workspace.core, HttpCore)
        return CrmClient.on(workspace.core)

    workspace = Workspace(
        connect=connect,
        connect_core=connect_core,
        server_label="crm.test",
        entity_id=ENTITY,
        cache=cache,
    )
    return CrmApp(workspace)


def shows_of(app: CrmApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[type, bool, bool]]:
    """What the Dashboard draws from, in order, each time with whether the client was
    built by then and whether the cache held the dashboard's answer."""
    shown: list[tuple[type, bool, bool]] = []
    real_show = DashboardScreen.show

    def show(screen: DashboardScreen, figures: Any) -> None:
        kept = app.workspace.holds(CACHED_DASHBOARD)
        shown.append((type(figures), app.workspace._client is not None, kept))
        real_show(screen, figures)

    monkeypatch.setattr(DashboardScreen, "show", show)
    return shown


def kpi(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_figures_are_read_once_drawn_first_then_read_into_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server(FIGURES)
    cache = ResponseCache("http://crm.test", ENTITY, directory=tmp_path)
    app = cold_app(server, cache)
    shown = shows_of(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        # Drawn from the figures before the client existed, and kept for the next
        # start by then; the models' read of the same answer drew nothing again.
        assert shown == [(CachedDashboard, False, True)]
        assert isinstance(screen.dashboard, Dashboard)
        assert "7" in kpi(screen, "#open-tasks")
        assert server.paths.count("/api/crm/dashboard") == 1
        assert app.workspace.client._core is app.workspace.core  # one transport
        assert cache.get("/dashboard") is not None  # kept as a fresh answer is


async def test_an_answer_only_the_models_read_is_read_by_them_sending_nothing_more() -> None:
    server = Server({"data": FIGURES})  # an envelope: the figures' reader leaves it
    app = cold_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert isinstance(screen.dashboard, Dashboard)
        assert "7" in kpi(screen, "#open-tasks")
        assert server.paths.count("/api/crm/dashboard") == 1


async def test_a_server_down_at_a_cold_start_is_said_once_and_r_tries_again() -> None:
    server = Server(FIGURES, up=False)
    app = cold_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert said(app, "could not reach", severity="error")
        assert "Could not load the dashboard" in str(
            screen.query_one("#dash-note", Static).render()
        )
        assert server.paths == ["/api/crm/dashboard"]  # not asked again behind the user's back
        assert app.sub_title.startswith("✗ last call failed")  # not "connecting…"

        server.up = True
        await pilot.press("r")
        await settle(app, pilot)
        assert "7" in kpi(screen, "#open-tasks")
        assert app.sub_title.startswith("● online")
        assert isinstance(screen.dashboard, Dashboard)


async def test_demo_mode_draws_the_demos_figures_before_its_backend_and_sends_nothing_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo's own data answers the first read (before FastAPI and the models load);
    the backend built after answers everything else, and the dashboard again on ``r``."""
    asked: list[str] = []
    handle = ThreadedASGITransport.handle_async_request

    async def noting(transport: ThreadedASGITransport, request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return await handle(transport, request)

    monkeypatch.setattr(ThreadedASGITransport, "handle_async_request", noting)
    app = make_app()
    shown = shows_of(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert shown == [(CachedDashboard, False, False)]  # demo mode keeps no cache
        assert isinstance(screen.dashboard, Dashboard)
        served = await app.workspace.client.get_dashboard()
        assert screen.dashboard.open_tasks == served.open_tasks > 0
        assert str(served.open_tasks) in kpi(screen, "#open-tasks")
        assert asked.count("/api/crm/dashboard") == 1  # the test's own read, just now

        await pilot.press("r")
        await settle(app, pilot)
        assert asked.count("/api/crm/dashboard") == 2
