"""The demo's first answer, given from its database before the backend is built."""

from __future__ import annotations

import sqlite3

import pytest
from demo_support import api_client, fixed_clock

from crm_tui.api.errors import NetworkError
from crm_tui.demo import create_app
from crm_tui.demo.db import open_demo_database
from crm_tui.demo.early import DemoData


def demo_data(opened: list[sqlite3.Connection]) -> DemoData:
    def open_database() -> sqlite3.Connection:
        opened.append(open_demo_database(None, size=None, clock=fixed_clock))
        return opened[-1]

    return DemoData(open_database, fixed_clock)


async def test_the_first_answer_is_the_backends_and_the_backend_serves_the_same_database() -> None:
    opened: list[sqlite3.Connection] = []
    data = demo_data(opened)
    early = await data.request_read("GET", "/dashboard", lambda body: body)
    app = create_app(now=fixed_clock, database=data.database())
    async with api_client(app) as http:
        assert (await http.get("/dashboard")).json() == early
        await http.post("/activities", json={"type": "call", "subject": "Later"})
    assert len(opened) == 1  # seeded once, for both
    later = await data.request_read("GET", "/dashboard", lambda body: body)
    assert later["recentActivity"][0]["subject"] == "Later"


async def test_the_first_answers_text_is_made_safe_to_draw() -> None:
    opened: list[sqlite3.Connection] = []
    data = demo_data(opened)
    app = create_app(now=fixed_clock, database=data.database())
    async with api_client(app) as http:
        await http.post("/activities", json={"type": "call", "subject": "Hi\x1b[2Jthere"})
    body = await data.request_read("GET", "/dashboard", lambda body: body)
    subject = body["recentActivity"][0]["subject"]
    assert subject.startswith("Hi") and subject.endswith("there") and "\x1b" not in subject


async def test_only_the_dashboard_is_answered_before_the_backend() -> None:
    data = demo_data([])
    with pytest.raises(ValueError, match="GET /dashboard"):
        await data.request_read("GET", "/companies", lambda body: body)


async def test_a_database_that_cannot_open_fails_the_read_as_the_backend_down_would() -> None:
    tries: list[int] = []

    def open_database() -> sqlite3.Connection:
        tries.append(1)
        if len(tries) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return open_demo_database(None, size=None, clock=fixed_clock)

    data = DemoData(open_database, fixed_clock)
    with pytest.raises(NetworkError, match=r"could not start \(OperationalError\)"):
        await data.request_read("GET", "/dashboard", lambda body: body)
    body = await data.request_read("GET", "/dashboard", lambda body: body)
    assert body["openTasks"] > 0 and len(tries) == 2
