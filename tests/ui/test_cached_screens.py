"""Screens with a local cache: the last answers at once, aged in the header, then the
server's; offline, the cached data stays, marked so, and ``r`` tries again."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_tui.api import NO_RETRY, CrmClient, queries
from crm_tui.api.dashboard_figures import CachedActivity, CachedDashboard
from crm_tui.api.models import Activity, Dashboard
from crm_tui.cache import ResponseCache
from crm_tui.demo.identity import DEMO_API_KEY
from crm_tui.ui.app import CrmApp
from crm_tui.ui.freshness import clock_time
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company_form import CompanyForm
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.tasks import TasksScreen
from crm_tui.ui.widgets.bars import BarChart
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.workspace import Workspace

from .conftest import fixed_clock, hold_answers, open_mode, said, settle, wait_until

#: When the cached answers were sent: an hour ago.
KEPT_AT = time.time() - 3600
ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
CACHED_DASHBOARD = {"openTasks": 99, "overdueTasks": 0, "winRate": 0.5}
SIZE = (100, 30)


def cache_holding(directory: Path, answers: dict[str, Any]) -> ResponseCache:
    cache = ResponseCache("http://crm.test", ENTITY, directory=directory, clock=lambda: KEPT_AT)
    for key, body in answers.items():
        cache.remember(key, body)
    return cache


def demo_app(cache: ResponseCache | None) -> CrmApp:
    """The demo backend behind a workspace that keeps a cache, as the real API's does."""
    workspace = Workspace.for_demo(clock=fixed_clock)
    workspace.cache = cache
    return CrmApp(workspace)


class Server:
    """A transport that can be cut off (connection refused) and brought back."""

    def __init__(self, dashboard: dict[str, Any]) -> None:
        self.up = False
        self.dashboard = dashboard
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        if not request.url.path.endswith("/dashboard"):
            return httpx.Response(200, json=[])  # the leads, the older activities: none
        return httpx.Response(200, json=self.dashboard)


def app_on(server: Server, cache: ResponseCache | None) -> CrmApp:
    def connect() -> CrmClient:
        return CrmClient(
            base_url="http://127.0.0.1:9",
            api_key="ak_test_key_123",
            entity_id=ENTITY,
            transport=httpx.MockTransport(server),
            retry=NO_RETRY,
        )

    return CrmApp(
        Workspace(connect=connect, server_label="127.0.0.1:9", entity_id=ENTITY, cache=cache)
    )


def kpi(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# ------------------------------------------------------------ warm start


async def test_the_cached_dashboard_shows_at_once_aged_then_the_servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(cache_holding(tmp_path, {queries.dashboard().key: CACHED_DASHBOARD}))
    gate = hold_answers(app, monkeypatch, "get_dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert "99" in kpi(screen, "#open-tasks")
        assert screen.sub_title is not None
        assert f"as of {clock_time(KEPT_AT)}, refreshing…" in screen.sub_title
        gate.set()
        await settle(app, pilot)
        assert "99" not in kpi(screen, "#open-tasks")  # the server's figures replaced them
        assert screen.sub_title is None  # fresh: the header is the app's again
        assert "online" in app.sub_title


async def test_the_same_figures_again_do_not_flicker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server(CACHED_DASHBOARD)
    server.up = True
    app = app_on(server, cache_holding(tmp_path, {queries.dashboard().key: CACHED_DASHBOARD}))
    gate = hold_answers(app, monkeypatch, "get_dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await app.first_frame_drawn.wait()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        # While the server is asked, the kept figures stay: no loading indicator over them.
        assert "99" in kpi(screen, "#open-tasks")
        assert not screen.query_one("#dash-body").loading
        gate.set()
        await settle(app, pilot)
        assert len(server.requests) >= 1
        assert "99" in kpi(screen, "#open-tasks")
        assert not screen.query_one("#dash-body").loading
        assert screen.sub_title is None


#: A dashboard with every section: figures, charts and the recent activity.
FULL_DASHBOARD = {
    "openTasks": 4,
    "overdueTasks": 1,
    "winRate": 0.25,
    "pipeline": [{"stage": "new", "count": 2, "value": 3000.0, "weightedValue": 300.0}],
    "companiesByStatus": {"active": 3},
    "activitiesThisWeek": {"call": 2},
    "recentActivity": [
        {"id": "a-1", "type": "call", "subject": "Kick-off", "userName": "Dana"},
        {"id": "a-2", "type": "note", "subject": "Follow-up", "userName": "Dana"},
    ],
}


class Draws:
    """Counts what the Dashboard draws into its widgets once the cached figures are up."""

    def __init__(self, screen: DashboardScreen, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        for selector, method in (
            ("#open-tasks", "update"),
            ("#win-rate", "update"),
            ("#recent", "set_records"),
            ("#dash-note", "update"),
        ):
            widget = screen.query_one(selector)
            monkeypatch.setattr(widget, method, self._counting(selector, getattr(widget, method)))
        self.charts = {
            selector: screen.query_one(selector, BarChart).bars
            for selector in ("#pipeline", "#companies-by-status", "#activities-this-week")
        }
        self._screen = screen

    def _counting(self, selector: str, real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(selector)
            return real(*args, **kwargs)

        return counted

    def charts_redrawn(self) -> list[str]:
        """The charts given other bars (set_bars keeps the very tuple of equal ones)."""
        return [
            selector
            for selector, bars in self.charts.items()
            if self._screen.query_one(selector, BarChart).bars is not bars
        ]


def on_cached_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, answer: dict[str, Any]
) -> tuple[CrmApp, asyncio.Event]:
    """An app whose cache holds FULL_DASHBOARD and whose server answers ``answer``,
    held until the returned event is set."""
    server = Server(answer)
    server.up = True
    app = app_on(server, cache_holding(tmp_path, {queries.dashboard().key: FULL_DASHBOARD}))
    return app, hold_answers(app, monkeypatch, "get_dashboard")


async def cached_figures_up(app: CrmApp, pilot: Pilot[Any]) -> DashboardScreen:
    """The Dashboard once its first frame, with the cached figures, is drawn."""
    await app.first_frame_drawn.wait()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


@pytest.mark.parametrize("reload", [False, True], ids=["answer-after-cache", "reload-with-r"])
async def test_an_answer_equal_to_the_figures_shown_draws_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reload: bool
) -> None:
    app, gate = on_cached_dashboard(tmp_path, monkeypatch, answer=FULL_DASHBOARD)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cached_figures_up(app, pilot)
        assert "4" in kpi(screen, "#open-tasks")  # the cached figures are up
        if reload:
            gate.set()  # the first answer (and the leads' currencies) come in first
            await settle(app, pilot)
        draws = Draws(screen, monkeypatch)
        if reload:
            await pilot.press("r")
        gate.set()
        await settle(app, pilot)
        assert screen.freshness.from_cache is False  # the server did answer
        assert draws.calls == []
        assert draws.charts_redrawn() == []
        assert "4" in kpi(screen, "#open-tasks")


async def test_an_answer_unlike_the_figures_shown_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = {
        **FULL_DASHBOARD,
        "openTasks": 5,
        "pipeline": [{"stage": "new", "count": 3, "value": 4000.0, "weightedValue": 400.0}],
    }
    app, gate = on_cached_dashboard(tmp_path, monkeypatch, answer=fresh)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cached_figures_up(app, pilot)
        draws = Draws(screen, monkeypatch)
        gate.set()
        await settle(app, pilot)
        assert "#open-tasks" in draws.calls and "#recent" in draws.calls
        assert "#pipeline" in draws.charts_redrawn()
        assert "5" in kpi(screen, "#open-tasks")


async def test_cached_figures_drawn_without_the_models_copy_the_servers_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain cached dashboard is drawn from figures read without the models; once the
    same answer comes, nothing is drawn again, and ``y`` copies the server's record."""
    app, gate = on_cached_dashboard(tmp_path, monkeypatch, answer=FULL_DASHBOARD)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cached_figures_up(app, pilot)
        assert isinstance(screen.dashboard, CachedDashboard)
        recent = screen.query_one("#recent", RecordList)
        assert isinstance(recent.current_record, CachedActivity)
        gate.set()
        await settle(app, pilot)
        assert isinstance(screen.dashboard, Dashboard)  # kept, though nothing was drawn
        assert isinstance(recent.current_record, CachedActivity)
        copied = screen.copy_record()  # what y and Y read: every field of the server's
        assert isinstance(copied, Activity) and copied.id == "a-1"
        await pilot.press("y")
        assert app.clipboard == "a-1"


async def test_offline_a_cached_recent_activity_is_copied_with_every_field(
    tmp_path: Path,
) -> None:
    """No server answer ever comes: copying reads the cached record with the models."""
    app = app_on(
        Server(FULL_DASHBOARD), cache_holding(tmp_path, {queries.dashboard().key: FULL_DASHBOARD})
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cached_figures_up(app, pilot)
        await settle(app, pilot)
        assert isinstance(screen.dashboard, CachedDashboard)  # the server is down
        copied = screen.copy_record()
        assert isinstance(copied, Activity)
        assert (copied.id, copied.user_name) == ("a-1", "Dana")
        await pilot.press("y")
        assert app.clipboard == "a-1"


async def test_a_cached_dashboard_in_another_shape_is_read_by_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A number in a string is not read without the models: they read it, as a fresh one."""
    kept = {**CACHED_DASHBOARD, "openTasks": "98"}
    app = app_on(Server(kept), cache_holding(tmp_path, {queries.dashboard().key: kept}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await cached_figures_up(app, pilot)
        assert "98" in kpi(screen, "#open-tasks")
        assert isinstance(screen.dashboard, Dashboard)
        assert screen.sub_title is not None and "as of" in screen.sub_title


async def test_a_cached_list_is_replaced_by_the_servers_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_page = queries.companies(page=1, page_size=CompaniesScreen.page_size)
    cached = {"items": [{"id": "c-1", "name": "Kept Company Ltd"}], "total": 1, "page": 1}
    app = demo_app(cache_holding(tmp_path, {first_page.key: cached}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        gate = hold_answers(app, monkeypatch, "list_companies")
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompaniesScreen)
        assert screen.table.current_key == "c-1"
        assert "refreshing" in (screen.sub_title or "")
        gate.set()
        await settle(app, pilot)
        assert "c-1" not in screen.table.row_keys
        assert screen.page is not None and screen.page.total == 40
        assert screen.sub_title is None


# ------------------------------------------------------------ long lists


def long_board(count: int) -> list[dict[str, Any]]:
    """A board of ``count`` leads, as the server sends it: longer than a batch of reading."""
    stages = ("new", "qualified", "proposal", "won")
    return [
        {"id": f"kept-{n}", "title": f"Kept lead {n}", "stage": stages[n % 4], "value": 1000.0}
        for n in range(count)
    ]


def reading_threads(query: queries.Query[Any]) -> tuple[queries.Query[Any], list[str]]:
    """``query``, reading its answers as before and noting the thread each is read in."""
    threads: list[str] = []

    def read(data: Any) -> Any:
        threads.append(threading.current_thread().name)
        return query.read(data)

    return dataclasses.replace(query, read=read), threads


async def test_a_long_cached_list_is_read_in_a_thread_and_a_short_one_at_once(
    tmp_path: Path,
) -> None:
    """Read back from the file, as at the next start: 2,000 leads are the thread's work,
    the Dashboard's few figures the event loop's."""
    saved = cache_holding(
        tmp_path,
        {queries.leads().key: long_board(2_000), queries.dashboard().key: CACHED_DASHBOARD},
    )
    saved.save()
    workspace = Workspace(
        connect=lambda: None,  # type: ignore[arg-type, return-value]
        server_label="crm.test",
        entity_id=ENTITY,
        cache=cache_holding(tmp_path, {}),
    )
    leads, lead_threads = reading_threads(queries.leads())
    found = await workspace.cached(leads)
    assert found is not None
    board, at = found
    assert len(board) == 2_000 and board[1_999].id == "kept-1999" and at == KEPT_AT
    assert lead_threads and threading.main_thread().name not in lead_threads

    dashboard, dashboard_threads = reading_threads(queries.dashboard())
    assert await workspace.cached(dashboard) is not None
    assert dashboard_threads == [threading.main_thread().name]


async def test_a_long_cached_list_kept_in_this_run_is_read_in_a_thread_too(
    tmp_path: Path,
) -> None:
    workspace = Workspace(
        connect=lambda: None,  # type: ignore[arg-type, return-value]
        server_label="crm.test",
        entity_id=ENTITY,
        cache=cache_holding(
            tmp_path, {queries.tasks().key: [{"id": f"t-{n}"} for n in range(600)]}
        ),
    )
    tasks, threads = reading_threads(queries.tasks())
    found = await workspace.cached(tasks)
    assert found is not None and len(found[0]) == 600
    assert threads and threading.main_thread().name not in threads


async def test_the_board_shows_its_long_cached_list_then_the_servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = cache_holding(tmp_path, {queries.leads().key: long_board(1_200)})
    saved.save()
    app = demo_app(cache_holding(tmp_path, {}))
    # Held from the start: the Dashboard's currency sums ask for the leads too, and their
    # answer would replace the kept board before it is shown.
    gate = hold_answers(app, monkeypatch, "list_leads")
    async with app.run_test(size=SIZE) as pilot:
        await app.first_frame_drawn.wait()
        await pilot.press("4")
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        assert await wait_until(pilot, lambda: len(screen.board.all_leads) == 1_200)
        assert "refreshing" in (screen.sub_title or "")
        gate.set()
        await settle(app, pilot)
        assert not any(lead.id.startswith("kept-") for lead in screen.board.all_leads)
        assert screen.sub_title is None


# ------------------------------------------------------------------ offline


async def test_offline_start_with_a_cache_shows_it_marked_offline_and_r_tries_again(
    tmp_path: Path,
) -> None:
    server = Server({"openTasks": 7})
    app = app_on(server, cache_holding(tmp_path, {queries.dashboard().key: CACHED_DASHBOARD}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert "99" in kpi(screen, "#open-tasks")
        assert screen.sub_title is not None
        assert screen.sub_title.startswith(f"offline · as of {clock_time(KEPT_AT)} ·")
        assert not screen.query_one("#dash-note").display  # no "could not load": data is there
        assert said(app, "could not reach")

        server.up = True
        await pilot.press("r")
        await settle(app, pilot)
        assert "7" in kpi(screen, "#open-tasks")
        assert screen.sub_title is None


async def test_offline_start_without_a_cache_says_so_and_r_tries_again(tmp_path: Path) -> None:
    server = Server({"openTasks": 7})
    app = app_on(server, cache_holding(tmp_path, {}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert "Press r to try again" in str(screen.query_one("#dash-note", Static).render())
        assert "last call failed" in app.sub_title
        server.up = True
        await pilot.press("r")
        await settle(app, pilot)
        assert "7" in kpi(screen, "#open-tasks")


async def test_the_server_lost_later_marks_the_screen_offline_with_its_age(
    tmp_path: Path,
) -> None:
    server = Server({"openTasks": 7})
    server.up = True
    app = app_on(server, None)
    async with app.run_test(size=SIZE) as pilot:
        before = time.time()
        await settle(app, pilot)
        loaded = {clock_time(before), clock_time(time.time())}  # the load's minute
        screen = app.screen
        server.up = False
        await pilot.press("r")
        await settle(app, pilot)
        assert "7" in kpi(screen, "#open-tasks")  # what it showed stays
        assert screen.sub_title is not None
        assert any(screen.sub_title.startswith(f"offline · as of {when} ·") for when in loaded)


# ------------------------------------------------------------------ the file


async def test_what_the_screens_showed_is_saved_and_never_the_key(tmp_path: Path) -> None:
    cache = cache_holding(tmp_path, {})
    app = demo_app(cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_mode(app, pilot, "2", CompaniesScreen)
        await open_mode(app, pilot, "6", TasksScreen)
    # Saved on exit.
    content = cache.path.read_bytes()
    assert DEMO_API_KEY.encode() not in content
    assert b"Bearer" not in content
    again = ResponseCache("http://crm.test", ENTITY, directory=tmp_path)
    assert again.get(queries.dashboard().key) is not None
    assert again.get(queries.companies(page=1, page_size=CompaniesScreen.page_size).key)
    assert again.get(queries.tasks().key) is not None


async def test_a_save_while_offline_is_refused_and_the_form_keeps_its_input(
    tmp_path: Path,
) -> None:
    server = Server({"openTasks": 7})
    app = app_on(server, cache_holding(tmp_path, {queries.dashboard().key: CACHED_DASHBOARD}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the dashboard's load found the server down
        form = CompanyForm()
        app.push_screen(form)
        await pilot.pause()
        form.query_one("#name", Input).value = "Typed Offline Ltd"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Typed Offline Ltd"
        said = str(form.query_one("#form-error", Static).render())
        assert "Offline: not saved" in said and "Nothing was changed" in said
        assert all(request.method == "GET" for request in server.requests)  # no write went out


async def test_a_cache_that_cannot_be_written_does_not_stop_the_app(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be")
    cache = cache_holding(blocked / "crm-tui", {})
    app = demo_app(cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert cache.dirty  # the dashboard's answer waits to be saved
        await app.save_cache()  # as the timer does
        assert app.is_running
        assert cache.dirty  # not saved: tried again on exit, which fails quietly too
    assert app.return_code in (None, 0)
