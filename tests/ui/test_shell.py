"""The shell: screens by number, header status, help, palette, quitting, error reporting."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import Input

from crm_tui.api import NO_RETRY, CrmClient, NetworkError, Unauthorized
from crm_tui.ui.app import CrmApp
from crm_tui.ui.keymap import SCREENS
from crm_tui.ui.screens.form import FormScreen, field
from crm_tui.ui.screens.help import HelpScreen
from crm_tui.ui.widgets.dialogs import ConfirmDialog
from crm_tui.workspace import Workspace

from .conftest import make_app, notified, press_settling, settle
from .text_entry import fill


class TinyForm(FormScreen[str]):
    form_title = "Tiny"

    def compose_fields(self):  # type: ignore[no-untyped-def]
        yield field("Name", Input(id="name"))

    def build(self) -> str:
        return self.values()["name"]

    async def send(self, body: str) -> str:
        return body


class UnreachableForm(TinyForm):
    async def send(self, body: str) -> str:
        raise NetworkError("The server could not be reached.")


async def test_starts_on_dashboard_with_entity_and_demo_in_header() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "dashboard"
        assert "DEMO" in app.sub_title
        assert app.workspace.entity_id[:8] in app.sub_title
        assert "online" in app.sub_title


async def test_starts_on_the_screen_asked_for_and_the_dashboard_is_a_key_away() -> None:
    app = make_app(screen="tasks")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.current_mode == "tasks"
        assert app.screen.screen_title == "Tasks"  # type: ignore[attr-defined]
        assert "online" in app.sub_title, "the first screen's load reached the server"
        assert app.focused is app.screen.query_one("#tasks"), "the list has the focus"
        await pilot.press("1")
        await settle(app, pilot)
        assert app.current_mode == "dashboard"


@pytest.mark.parametrize(("key", "mode", "label"), SCREENS)
async def test_number_keys_switch_screens(key: str, mode: str, label: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4" if key != "4" else "2")
        await pilot.press(key)
        await settle(app, pilot)
        assert app.current_mode == mode
        assert app.screen.screen_title == label  # type: ignore[attr-defined]


async def test_help_lists_the_keys_of_the_current_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        descriptions = {row[1] for row in rows}
        assert {"Refresh", "Help", "Quit"} <= descriptions
        assert "Copy selected text" not in descriptions
        scopes = [row[2] for row in rows]
        # The screen's keys and the global ones first: help's first screenful at 80x24.
        assert scopes == sorted(scopes, key=["this screen", "global", "in focus"].index)
        down = next(row for row in rows if row[1] == "Cursor down")
        assert down[0].split() == ["↓", "j"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits_from_a_top_level_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_quitting_with_unsaved_form_input_asks_first() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(TinyForm())
        await pilot.pause()
        await pilot.press("a", "b")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TinyForm)
        assert app.screen.values()["name"] == "ab"
        assert app.is_running


async def test_unreachable_server_is_reported_and_header_shows_it() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = CrmClient(
        base_url="http://127.0.0.1:9",
        api_key="ak_test_key_123",
        entity_id="5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60",
        transport=httpx.MockTransport(refuse),
        retry=NO_RETRY,
    )
    app = CrmApp(
        Workspace(connect=lambda: client, server_label="127.0.0.1:9", entity_id=client.entity_id)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "last call failed" in app.sub_title
        messages = [n.message for n in notified(app)]
        assert any("could not reach" in m and "Press r to retry" in m for m in messages)
        assert all("ak_test_key_123" not in m for m in messages)
        await pilot.press("2")
        await settle(app, pilot)
        assert app.current_mode == "companies" and app.is_running


async def test_wrong_key_shows_the_servers_message_and_what_to_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()

    async def unauthorized(*args: object, **kwargs: object) -> None:
        raise Unauthorized("Invalid API key", status=401)

    monkeypatch.setattr(app.workspace.client, "get_dashboard", unauthorized)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notes = notified(app)
        assert any(
            "Invalid API key" in n.message and "AXIOMATIC_API_KEY" in n.message for n in notes
        )
        assert app.is_running


async def test_palette_goes_to_a_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await fill(app, pilot, "go to tasks")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "tasks"


async def test_palette_jumps_to_a_company_by_name() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        page = await app.workspace.client.list_companies(page_size=1)
        company = page.items[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await fill(app, pilot, company.name[:6])
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CompanyScreen"
        assert app.screen.record_id == company.id  # type: ignore[attr-defined]


async def test_number_keys_do_not_switch_screens_under_a_dialog() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(ConfirmDialog("Really?"))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "dashboard"
        assert isinstance(app.screen, ConfirmDialog)


async def test_the_palettes_quit_asks_first_with_unsaved_form_input() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(TinyForm())
        await pilot.pause()
        await pilot.press("a")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await fill(app, pilot, "quit")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TinyForm) and app.screen.values()["name"] == "a"


async def test_a_form_that_could_not_reach_the_server_says_ctrl_s_retries() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(UnreachableForm())
        await pilot.pause()
        await pilot.press("a", "ctrl+s")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, UnreachableForm)
        said = str(form.query_one("#form-error").render())
        assert "Press ctrl+s to retry" in said and "Press r " not in said
        messages = [n.message for n in notified(app)]
        assert any("Press ctrl+s to retry" in m for m in messages)
        assert not any("Press r " in m for m in messages)


async def test_start_up_warnings_stay_on_screen_until_dismissed() -> None:
    warning = "/home/me/.config/crm-tui/config.toml holds an API key [and] others can read it"
    app = CrmApp(Workspace.for_demo(), warnings=[warning])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = [n for n in notified(app) if n.message == warning]
        assert len(shown) == 1
        assert shown[0].severity == "warning"
        assert shown[0].timeout >= 3600  # not gone before it is read


@pytest.mark.parametrize(
    ("key", "takes_the_keys"),
    [
        ("2", "#companies"),
        ("3", "#contacts"),
        ("4", "Board"),
        ("5", "ActivityTable"),
        ("6", "#tasks"),
    ],
)
async def test_each_screen_opens_with_its_list_taking_the_keys(
    key: str, takes_the_keys: str
) -> None:
    """Not its search box, which Textual would pick first."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_settling(app, pilot, [key])
        assert app.focused is app.screen.query_one(takes_the_keys)


async def test_a_lead_opens_with_its_timeline_taking_the_keys() -> None:
    app = make_app(screen="pipeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await press_settling(app, pilot, ["enter"])
        assert app.focused is app.screen.query_one("#timeline")
