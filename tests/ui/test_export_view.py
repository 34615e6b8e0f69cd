"""Export this view (E): every page of the companies search, fully loaded lists, cancel."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui import export
from crm_tui.api import ServerError
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.export_dialog import ExportDialog
from crm_tui.ui.screens.export_progress import ExportProgress
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.tasks import TasksScreen
from crm_tui.ui.widgets.dialogs import ConfirmDialog

from .conftest import FIXED_NOW, make_app, open_mode, said, settle, spy

SIZE = (100, 30)


async def open_export_dialog(app: CrmApp, pilot: Pilot[None]) -> ExportDialog:
    await pilot.press("E")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def export_to(app: CrmApp, pilot: Pilot[None], path: Path) -> None:
    """E, type the path, enter; wait until the file is written."""
    dialog = await open_export_dialog(app, pilot)
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(app, pilot)


async def server_companies(app: CrmApp, **filters: Any) -> list[str]:
    client = app.workspace.client
    return [company.id async for company in client.iter_companies(page_size=200, **filters)]


def on_second_page(
    app: CrmApp, monkeypatch: pytest.MonkeyPatch, interfere: Callable[[], Awaitable[None]]
) -> None:
    """Run ``interfere`` when the second page of companies is asked for, then answer."""
    client = app.workspace.client
    real = client.list_companies

    async def list_companies(**kwargs: Any) -> Any:
        if kwargs.get("page") == 2:
            await interfere()
        return await real(**kwargs)

    monkeypatch.setattr(client, "list_companies", list_companies)


async def test_companies_export_every_page_of_the_filtered_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 40)
    app = make_app(size=300)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        await pilot.press("s")  # status: prospect
        await settle(app, pilot)
        assert screen.criteria.status == "prospect"
        expected = await server_companies(app, status="prospect")
        assert len(expected) > 2 * 40
        requests = spy(monkeypatch, app.workspace.client, "list_companies").filters
        target = tmp_path / "prospects.csv"
        await export_to(app, pilot, target)
        with target.open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert [row["id"] for row in rows] == expected
        assert {row["status"] for row in rows} == {"prospect"}
        pages = [request["page"] for request in requests]
        assert pages == list(range(1, len(pages) + 1)) and len(pages) >= 3
        assert said(app, f"Wrote {len(expected):,} companies to {target}")
        assert isinstance(app.screen, CompaniesScreen)


async def test_tasks_export_what_the_view_shows_as_json(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(app, pilot, "6", TasksScreen)
        await pilot.press("s")  # status: to do
        await settle(app, pilot)
        # And a text filter on top: a word of the first task's title.
        screen.query_one("#search", Input).value = screen.tasks[0].title.split()[0]
        await pilot.pause()
        shown = [task.id for task in screen.visible_rows()]
        assert 0 < len(shown) < len(screen.tasks)
        target = tmp_path / "tasks.json"
        await export_to(app, pilot, target)
        records = json.loads(target.read_text(encoding="utf-8"))
        assert [record["id"] for record in records] == shown
        assert {record["status"] for record in records} == {"todo"}
        assert "dueDate" in records[0]  # camelCase, as the API sends it


async def test_the_board_exports_its_leads_and_a_company_its_tab(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        board = await open_mode(app, pilot, "4", PipelineScreen)
        leads = tmp_path / "board.jsonl"
        await export_to(app, pilot, leads)
        lines = leads.read_text(encoding="utf-8").splitlines()
        assert len(lines) == board.board.shown_count == len(await app.workspace.client.list_leads())

        company = (await app.workspace.client.list_companies(page_size=1)).items[0]
        app.open_record("company", company.id)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        await pilot.press("t")  # the leads tab
        await pilot.pause()
        dialog = await open_export_dialog(app, pilot)
        default = export.default_file_name(f"{company.name}-leads", "csv", FIXED_NOW.date())
        assert dialog.query_one("#export-path", Input).value == default
        dialog.query_one("#export-path", Input).value = str(tmp_path / "company-leads.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        with (tmp_path / "company-leads.csv").open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        own = await app.workspace.client.list_leads(company_id=company.id)
        assert sorted(row["id"] for row in rows) == sorted(lead.id for lead in own)


async def test_an_existing_file_is_replaced_only_after_a_yes(tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    target.write_text("precious\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_mode(app, pilot, "6", TasksScreen)
        await export_to(app, pilot, target)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)  # back to choose another name
        assert target.read_text() == "precious\n"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert target.read_text().startswith("id,title,status")


async def test_cancel_stops_the_export_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 50)
    app = make_app(size=150)
    async with app.run_test(size=SIZE) as pilot:
        await open_mode(app, pilot, "2", CompaniesScreen)
        second_page_asked = asyncio.Event()

        async def never_answer() -> None:
            second_page_asked.set()
            await asyncio.Event().wait()

        on_second_page(app, monkeypatch, never_answer)
        target = tmp_path / "companies.csv"
        dialog = await open_export_dialog(app, pilot)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await second_page_asked.wait()
        await pilot.pause()
        progress = app.screen
        assert isinstance(progress, ExportProgress)
        assert "50 of 150 companies" in str(progress.query_one("#export-count").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CompaniesScreen)
        assert list(tmp_path.iterdir()) == []  # no file, no temporary
        assert said(app, "Export cancelled: nothing was written.")


async def test_export_is_offered_on_lists_only() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.check_action("export_view", ()) is False
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        companies = await open_mode(app, pilot, "2", CompaniesScreen)
        assert companies.check_action("export_view", ()) is True


async def test_an_api_error_mid_export_is_reported_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE_SIZE", 20)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_mode(app, pilot, "2", CompaniesScreen)

        async def fail() -> None:
            raise ServerError("The server failed", status=500)

        on_second_page(app, monkeypatch, fail)
        await export_to(app, pilot, tmp_path / "companies.csv")
        assert isinstance(app.screen, CompaniesScreen)
        assert said(app, "Server error (500)", severity="error")
        assert not said(app, "Wrote")
        assert list(tmp_path.iterdir()) == []
