"""Themes and keys of one's own: applied at start, shown in help and the palette, saved."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.command import CommandPalette

from crm_tui.preferences import Preferences
from crm_tui.ui.app import GOTO_HELP, CrmApp
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.help import HelpScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.widgets.screen_strip import ScreenStrip
from crm_tui.workspace import Workspace

from .conftest import fixed_clock, said, settle
from .text_entry import fill

SIZE = (100, 30)


def app_with(preferences: Preferences) -> CrmApp:
    return CrmApp(Workspace.for_demo(clock=fixed_clock), preferences)


async def test_the_configured_theme_is_used_and_the_palette_offers_every_theme() -> None:
    app = app_with(Preferences(theme="textual-ansi"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-ansi"
        assert app.current_theme.ansi
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in commands  # Textual's "Change the current theme"
        assert {"textual-ansi", "ansi-dark", "textual-light"} <= set(app.available_themes)


async def test_a_theme_picked_in_the_app_is_saved_for_the_next_start(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\n[profiles.work]\napi_key = "ak_x"\n')
    app = app_with(Preferences(theme="nord", config_path=config, profile="work"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "theme" not in config.read_text()  # the starting theme is not written
        app.theme = "textual-light"  # what the palette's theme list does
        await settle(app, pilot)
        data = tomllib.loads(config.read_text())
        assert data["profiles"]["work"] == {"api_key": "ak_x", "theme": "textual-light"}
        assert config.read_text().startswith("# mine\n")
        assert said(app, "textual-light, saved in")


async def test_without_a_config_file_nothing_is_saved(tmp_path: Path) -> None:
    app = app_with(Preferences())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "textual-light"
        await settle(app, pilot)
        assert not said(app, "saved in")


async def test_user_keys_work_and_help_and_palette_show_them() -> None:
    app = app_with(Preferences(keys={"goto_companies": "ctrl+o", "move_stage_right": "ctrl+l"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")  # no longer the key of Companies
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {description: key for key, description, _scope in help_screen.rows}
        # One row for the six screens, their keys in the order it names them.
        assert rows[GOTO_HELP].split() == ["1", "^o", "3", "4", "5", "6"]
        await pilot.press("escape")
        await pilot.pause()

        palette = CommandPalette()
        await app.push_screen(palette)
        await pilot.pause()
        await fill(app, pilot, "go to companies")
        options = palette.query_one("CommandList").options  # type: ignore[attr-defined]
        prompts = [str(option.prompt) for option in options]
        assert any("Go to Companies" in p and "ctrl+o" in p for p in prompts), prompts
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, CompaniesScreen)
        # The screens strip names the user's key, not the number it replaced.
        strip = app.screen.query_one(ScreenStrip).render().plain
        assert "[^o Companies]" in strip and " 2 " not in strip

        await pilot.press("4")
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, PipelineScreen)
        lead = board.board.selected_lead
        assert lead is not None and lead.stage == "new"
        footer_keys = {key for key, active in board.active_bindings.items() if active.binding.show}
        assert "ctrl+l" in footer_keys and "shift+right" not in footer_keys
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert board.board.lead(lead.id).stage == "contacted"  # type: ignore[union-attr]
