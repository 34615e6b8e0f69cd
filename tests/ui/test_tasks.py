"""The Tasks screen: due-date order, overdue marks, status and project filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.widgets import Static

from crm_tui.api import NetworkError
from crm_tui.api.models import Task
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.tasks import OVERDUE_MARK, TasksScreen, by_due_date, is_overdue
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import FIXED_NOW, make_app, notified, open_mode, settle, spy_filters
from .text_entry import fill

TODAY = FIXED_NOW.date()
SAVED_PROJECT = "0a1b2c3d-0000-4000-8000-00000000abcd"


async def open_tasks(app: CrmApp, pilot: Any) -> TasksScreen:
    return await open_mode(app, pilot, "6", TasksScreen)


def spy_lists(app: CrmApp, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record the filters of every list_tasks call."""
    return spy_filters(app, monkeypatch, "list_tasks")


def table_of(screen: TasksScreen) -> RecordList:
    return screen.query_one("#tasks", RecordList)


def row_ids(screen: TasksScreen) -> list[str]:
    return table_of(screen).row_keys


def due_cell(screen: TasksScreen, task_id: str) -> str:
    return table_of(screen).cell_text(task_id, "due")


def header(screen: TasksScreen) -> str:
    return str(screen.query_one("#tasks-header", Static).render())


async def test_sorted_by_due_date_with_undated_tasks_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="tasks")
    client = app.workspace.client
    real = client.list_tasks
    undated = Task(id="undated", title="Aardvark, no due date", status="todo")

    async def with_undated(**filters: Any) -> list[Task]:
        return [undated, *await real(**filters)]  # first from the server, last on screen

    monkeypatch.setattr(client, "list_tasks", with_undated)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        tasks = {t.id: t for t in await client.list_tasks()}
        shown = [tasks[i] for i in row_ids(screen)]
        assert len(shown) == len(tasks)
        dated = [t.due_date for t in shown if t.due_date is not None]
        assert dated == sorted(dated)
        first_undated = next(i for i, t in enumerate(shown) if t.due_date is None)
        assert all(t.due_date is None for t in shown[first_undated:])
        assert "undated" in [t.id for t in shown[first_undated:]]
        assert due_cell(screen, "undated") == "—"


async def test_overdue_tasks_are_marked_in_words_and_counted() -> None:
    app = make_app(screen="tasks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        tasks = await app.workspace.client.list_tasks()
        overdue = {
            t.id
            for t in tasks
            if t.status != "done" and t.due_date is not None and t.due_date < TODAY
        }
        assert overdue, "the demo always has overdue tasks"
        # A done task due in the past is not overdue.
        assert any(t.status == "done" and t.due_date and t.due_date < TODAY for t in tasks)
        for task in tasks:
            assert (OVERDUE_MARK in due_cell(screen, task.id)) == (task.id in overdue)
        assert f"{len(tasks)} tasks · {len(overdue)} overdue" in header(screen)
        assert "status: all" in header(screen) and "project: any" in header(screen)


async def test_s_cycles_the_status_sent_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(screen="tasks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        calls = spy_lists(app, monkeypatch)
        for status, word in (("todo", "Todo"), ("in_progress", "In progress"), ("done", "Done")):
            await pilot.press("s")
            await settle(app, pilot)
            assert calls[-1] == {"project_id": None, "status": status}
            assert screen.tasks and all(t.status == status for t in screen.tasks)
            assert f"status: {word}" in header(screen)
        await pilot.press("s")
        await settle(app, pilot)
        assert calls[-1] == {"project_id": None, "status": None}
        assert "status: all" in header(screen)


async def test_project_picker_offers_seen_saved_and_any_and_filters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="tasks")
    app.workspace.projects = {"Saved side project": SAVED_PROJECT}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        calls = spy_lists(app, monkeypatch)
        seen = {t.project_id: t.project_name for t in screen.tasks}
        await pilot.press("p")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, Picker)
        offered = {c.value: c.label for c in picker.choices}
        assert offered[""] == "Any project"
        assert offered[SAVED_PROJECT] == "Saved side project"
        assert {k: v for k, v in offered.items() if k in seen} == seen

        project_id, name = next(iter(seen.items()))
        await fill(app, pilot, name or "")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1] == {"project_id": project_id, "status": None}
        assert screen.tasks and all(t.project_id == project_id for t in screen.tasks)
        assert f"project: {name}" in header(screen)

        # Projects seen before stay on offer while the list shows only one of them.
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, Picker)
        assert set(seen) <= {c.value for c in app.screen.choices}
        await fill(app, pilot, "any")
        await pilot.press("enter")
        await settle(app, pilot)
        assert calls[-1] == {"project_id": None, "status": None}
        assert "project: any" in header(screen)


async def test_a_typed_project_uuid_is_validated_then_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="tasks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        calls = spy_lists(app, monkeypatch)
        await pilot.press("p")
        await settle(app, pilot)
        await fill(app, pilot, "1234-not-a-uuid")
        hint = str(app.screen.query_one("#picker-hint", Static).render())
        assert "Not a valid UUID" in hint
        await pilot.press("enter")  # nothing to pick: stays open, sends nothing
        await pilot.pause()
        assert isinstance(app.screen, Picker) and calls == []

        await pilot.press("ctrl+a")
        typed = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
        app.screen.query_one("#picker-query").value = typed  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert calls[-1] == {"project_id": typed, "status": None}
        assert screen.tasks == [] and "0 tasks" in header(screen)
        assert "project: id 9a8b7c6d…" in header(screen)


async def test_a_failed_load_is_reported_and_the_screen_stays_usable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(screen="tasks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tasks(app, pilot)
        before = row_ids(screen)
        real = app.workspace.client.list_tasks

        async def down(**_: Any) -> list[Task]:
            raise NetworkError("Connection refused.")

        monkeypatch.setattr(app.workspace.client, "list_tasks", down)
        await pilot.press("r")  # the same filters: what was shown stays
        await settle(app, pilot)
        assert app.screen is screen and not table_of(screen).loading
        assert row_ids(screen) == before
        assert any("unreachable" in n.title for n in notified(app))

        await pilot.press("s")  # another status: the rows of "any status" go
        await settle(app, pilot)
        assert screen.status is not None and row_ids(screen) == []
        monkeypatch.setattr(app.workspace.client, "list_tasks", real)
        await pilot.press("r")
        await settle(app, pilot)
        assert row_ids(screen) and all(task.status == screen.status for task in screen.tasks)


def test_overdue_needs_an_open_task_due_before_today() -> None:
    today = date(2026, 11, 25)
    late = Task(id="a", status="todo", due_date=date(2026, 11, 24))
    assert is_overdue(late, today)
    assert not is_overdue(Task(id="b", status="done", due_date=date(2026, 11, 1)), today)
    assert not is_overdue(Task(id="c", status="todo", due_date=today), today)
    assert not is_overdue(Task(id="d", status="todo"), today)
    undated = Task(id="e", title="a")
    ordered = by_due_date([undated, late, Task(id="f", due_date=date(2026, 12, 1))])
    assert [t.id for t in ordered] == ["a", "f", "e"]
