"""The in-process demo on an event loop of its own, and its seeding with progress."""

from __future__ import annotations

import asyncio
import gc
import threading
from typing import Any

import httpx
import pytest
from demo_support import api_client, fixed_clock
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from crm_tui.demo.db import SeedProgress, open_database
from crm_tui.demo.fixtures import stream_fixtures
from crm_tui.demo.responses import JsonArrayResponse
from crm_tui.demo.seeding import DemoSeeding
from crm_tui.demo.transport import ThreadedASGITransport
from crm_tui.workspace import Workspace


def thread_recording_app(seen: list[threading.Thread]) -> Any:
    """A bare ASGI app answering 200 "{}" and noting the thread it ran on."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(threading.current_thread())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    return app


async def test_the_app_runs_on_the_transports_thread_not_the_callers() -> None:
    seen: list[threading.Thread] = []
    transport = ThreadedASGITransport(thread_recording_app(seen))
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
        response = await http.get("/anything")
    assert response.status_code == 200
    assert seen == [transport.thread]
    assert transport.thread is not threading.current_thread()
    assert not transport.thread.is_alive()  # closing the client stopped it


async def test_answers_are_the_same_as_through_asgi_transport(app: FastAPI) -> None:
    workspace = Workspace.for_demo(clock=fixed_clock)
    try:
        threaded = await workspace.client.list_activities()
    finally:
        await workspace.client.aclose()
    async with api_client(app) as http:
        answer = await http.get("/activities")
    assert [a.id for a in threaded] == [row["id"] for row in answer.json()]


async def test_requests_wait_for_an_app_that_comes_later() -> None:
    seen: list[threading.Thread] = []
    transport = ThreadedASGITransport()
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
        pending = asyncio.ensure_future(http.get("/anything"))
        await asyncio.sleep(0)
        assert not pending.done()
        transport.serve(thread_recording_app(seen))
        response = await pending
    assert response.status_code == 200 and seen == [transport.thread]


async def test_shutting_down_ends_the_requests_still_waiting_for_the_app(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = ThreadedASGITransport()
    request = httpx.Request("GET", "http://demo/anything")
    pending = asyncio.ensure_future(transport.handle_async_request(request))
    # Whatever the demo's loop was given before this has started: the request waits.
    await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(asyncio.sleep(0), transport.loop))
    assert not pending.done()
    await transport.aclose()
    with pytest.raises(asyncio.CancelledError):
        async with asyncio.timeout(60):  # a bound on a hang, not a wait for a state
            await pending
    del pending
    gc.collect()
    assert "destroyed but it is pending" not in caplog.text


async def test_a_backend_started_in_a_thread_tells_its_failure_through_the_requests() -> None:
    def broken(progress: SeedProgress) -> Any:
        raise OSError("disk full")

    transport = ThreadedASGITransport()
    DemoSeeding(broken, transport).start()
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
        with pytest.raises(httpx.ConnectError, match="could not start"):
            await http.get("/anything")


async def test_when_seeding_fails_requests_fail_rather_than_wait() -> None:
    def broken(progress: SeedProgress) -> Any:
        raise OSError("disk full")

    transport = ThreadedASGITransport()
    seeding = DemoSeeding(broken, transport)
    with pytest.raises(OSError, match="disk full"):
        seeding.run()
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
        with pytest.raises(httpx.ConnectError, match="could not start"):
            await http.get("/anything")


def test_seeding_counts_its_records_as_it_writes_them() -> None:
    fixtures = stream_fixtures(now=fixed_clock(), size=30)
    seen: list[tuple[str, int]] = []

    class Watching(SeedProgress):
        def step(self, phase: str) -> None:
            seen.append((phase, self.done))
            super().step(phase)

    progress = Watching()
    conn = open_database(None, lambda: fixtures, progress)
    try:
        records = sum(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("companies", "contacts", "leads", "activities", "tasks")
        )
    finally:
        conn.close()
    assert progress.total == fixtures.record_total == records
    assert progress.done == records
    assert [phase for phase, _ in seen] == [
        "Writing demo records",
        "Numbering the timeline",
        "Indexing",
        "Ready",
    ]
    assert seen[0][1] == 0 and seen[1][1] == records


def test_a_workspace_seeding_later_has_nothing_to_answer_with_until_it_runs() -> None:
    workspace = Workspace.for_demo(clock=fixed_clock, size=20, seed_later=True)
    preparation = workspace.preparation
    assert preparation is not None
    assert preparation.progress[1:] == (0, 0)
    preparation.run()
    phase, done, total = preparation.progress
    assert phase == "Ready" and done == total > 0

    async def companies() -> int:
        try:
            page = await workspace.client.list_companies()
        finally:
            await workspace.client.aclose()
        return page.total or 0

    assert asyncio.run(companies()) == 20


@pytest.mark.parametrize("content", [[], [{"a": "é", "b": [1, None]}, 2, "x"]])
def test_a_list_is_written_in_the_bytes_json_response_writes(content: list[Any]) -> None:
    assert JsonArrayResponse(content).body == JSONResponse(content).body
