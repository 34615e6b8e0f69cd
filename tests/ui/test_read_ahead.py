"""Reads sent as a screen is made, taken by its first load (``crm_tui.ui.read_ahead``)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from crm_tui.api import NetworkError
from crm_tui.ui.read_ahead import ReadsAhead
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.tasks import TasksScreen

from .conftest import make_app, open_mode, settle, spy
from .records_helpers import build_world, open_record_screen


class Server:
    """A client method whose answers come when the test says: each call is counted."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.writes = 0
        self.answers: list[asyncio.Future[str]] = []

    async def read(self, *args: Any) -> str:
        self.calls.append(args)
        answer: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.answers.append(answer)
        return await answer

    def answer(self, text: str) -> None:
        self.answers[-1].set_result(text)


async def test_the_first_take_of_the_same_read_gets_the_answer_read_ahead() -> None:
    server = Server()
    ahead = ReadsAhead(lambda: server.writes)
    ahead.start("tasks", server.read, "open")
    await asyncio.sleep(0)  # the read leaves at once, before anyone takes it
    assert server.calls == [("open",)]

    taking = asyncio.ensure_future(ahead.take("tasks", server.read, "open"))
    server.answer("ten tasks")
    assert await taking == "ten tasks"
    assert server.calls == [("open",)]
    assert len(ahead) == 0

    again = asyncio.ensure_future(ahead.take("tasks", server.read, "open"))
    await asyncio.sleep(0)
    server.answer("eleven tasks")
    assert await again == "eleven tasks"  # taken once: a refresh reads anew
    assert len(server.calls) == 2


@pytest.mark.parametrize("change", ["arguments", "write"])
async def test_a_read_asking_otherwise_or_after_a_write_is_sent_anew(change: str) -> None:
    server = Server()
    ahead = ReadsAhead(lambda: server.writes)
    ahead.start("tasks", server.read, "open")
    await asyncio.sleep(0)
    stale = server.answers[-1]
    arguments = "done" if change == "arguments" else "open"
    if change == "write":
        server.writes += 1

    taking = asyncio.ensure_future(ahead.take("tasks", server.read, arguments))
    await asyncio.sleep(0)
    server.answer("fresh")
    assert await taking == "fresh"
    assert server.calls == [("open",), (arguments,)]
    assert stale.cancelled()  # the answer read ahead is let go


async def test_a_cancelled_load_cancels_the_read_it_took() -> None:
    server = Server()
    ahead = ReadsAhead(lambda: server.writes)
    ahead.start("tasks", server.read)
    await asyncio.sleep(0)
    taking = asyncio.ensure_future(ahead.take("tasks", server.read))
    await asyncio.sleep(0)
    taking.cancel()
    with pytest.raises(asyncio.CancelledError):
        await taking
    assert server.answers[0].cancelled()


async def test_a_failed_read_ahead_fails_the_load_that_takes_it() -> None:
    async def unreachable() -> str:
        raise NetworkError("the server cannot be reached")

    ahead = ReadsAhead(lambda: 0)
    ahead.start("tasks", unreachable)
    with pytest.raises(NetworkError, match="cannot be reached"):
        await ahead.take("tasks", unreachable)


async def test_the_reads_are_answered_once_every_one_has_its_answer_and_none_failed() -> None:
    server = Server()
    ahead = ReadsAhead(lambda: server.writes)
    assert not ahead.answered()  # nothing read ahead: nothing to show at once
    ahead.start("company", server.read, "company")
    ahead.start("leads", server.read, "leads")
    await asyncio.sleep(0)
    assert not ahead.answered()
    server.answers[0].set_result("a company")
    await asyncio.sleep(0)
    assert not ahead.answered()  # the leads are still out
    server.answers[1].set_result("its leads")
    await asyncio.sleep(0)
    assert ahead.answered()

    async def unreachable() -> str:
        raise NetworkError("the server cannot be reached")

    ahead.start("activities", unreachable)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert not ahead.answered()  # a failure is the load's to report, after the first frame


async def test_what_no_load_took_is_let_go_with_the_screen() -> None:
    server = Server()
    ahead = ReadsAhead(lambda: server.writes)
    ahead.start("tasks", server.read)
    ahead.start("projects", server.read)
    await asyncio.sleep(0)
    ahead.drop()
    assert len(ahead) == 0
    assert all(answer.cancelled() for answer in server.answers)


async def test_the_tasks_screen_sends_its_read_before_it_is_mounted_and_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    events: list[str] = []
    client = app.workspace.client
    real_list = client.list_tasks

    async def list_tasks(**filters: Any) -> Any:
        events.append("read sent")
        return await real_list(**filters)

    monkeypatch.setattr(client, "list_tasks", list_tasks)
    real_mount = TasksScreen.on_mount

    async def mounted(screen: TasksScreen) -> None:
        events.append("mounted")
        await real_mount(screen)

    monkeypatch.setattr(TasksScreen, "on_mount", mounted)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(app, pilot, "6", TasksScreen)
        await settle(app, pilot)
        assert events == ["read sent", "mounted"]
        assert screen.table.row_keys  # the answer read ahead is on screen


async def test_a_company_screen_reads_each_of_its_four_answers_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sent as the screen is made and taken by its loads: none is asked for twice."""
    app = make_app()
    client = app.workspace.client
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        world = await build_world(app)
        methods = ("get_company", "list_company_contacts", "list_leads", "list_activities")
        spies = {name: spy(monkeypatch, client, name) for name in methods}
        screen = await open_record_screen(app, pilot, "company", world.fjord.id, CompanyScreen)
        assert {name: len(s.calls) for name, s in spies.items()} == dict.fromkeys(methods, 1)
        assert screen.company is not None and screen.company.id == world.fjord.id
        assert screen.table("contacts").row_keys
