"""A profile's [keys] table and --theme, checked before the app starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crm_tui.cli import main
from crm_tui.config import load_settings
from crm_tui.preferences import Preferences
from crm_tui.ui.keybindings import action_ids
from crm_tui.ui.keymap_check import keymap_problems


def test_every_action_id_is_listed_with_its_default_keys() -> None:
    ids = action_ids()
    assert ids["goto_companies"] == ["2"]
    assert ids["move_stage_right"] == ["shift+right", "greater_than_sign"]
    assert ids["export_view"] == ["E"]
    # Every key a screen shows has an id, the copy, palette and stage keys included.
    assert ids["copy_value"] == ["y"] and ids["copy_menu"] == ["Y"]
    assert ids["focus_search"] == ["slash"]
    assert ids["move_stage_to"] == ["m"]


def test_the_default_keys_given_again_clash_nowhere() -> None:
    """A [keys] table naming every id with its own keys changes nothing, so it passes."""
    defaults = {action: ",".join(keys) for action, keys in action_ids().items()}
    assert keymap_problems(defaults) == []


def test_a_copy_key_given_to_a_screens_filter_key_clashes() -> None:
    problems = keymap_problems({"copy_value": "c"})
    assert any("copy_value and filter_company on Contacts (3)" in p for p in problems), problems


def test_a_keymap_without_clashes_passes() -> None:
    assert keymap_problems({"move_stage_right": "ctrl+l", "goto_companies": "ctrl+o"}) == []
    assert keymap_problems({"filter_company": "f", "open_company": "f"}) == []  # other screens


def test_an_unknown_action_is_named_with_what_was_meant() -> None:
    (problem,) = keymap_problems({"goto_contact": "x"})
    assert "no action 'goto_contact'" in problem
    assert "goto_contacts" in problem


def test_a_key_given_to_two_actions_on_a_screen_names_both_and_the_screen() -> None:
    problems = keymap_problems({"goto_companies": "c"})
    assert (
        "[keys]: 'c' is given to both filter_company and goto_companies on Contacts (3): "
        "give one of them another key"
    ) in problems
    assert any("open_company" in problem and "Lead" in problem for problem in problems)


def test_two_user_keys_on_one_screen_clash() -> None:
    problems = keymap_problems({"new": "ctrl+n", "cycle_status": "ctrl+n"})
    assert any("cycle_status and new on Companies (2)" in problem for problem in problems)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("AXIOMATIC_") or name == "CRM_TUI_CONFIG":
            monkeypatch.delenv(name)
    return tmp_path / "config.toml"


def test_the_cli_refuses_a_bad_keymap_before_starting(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text('[keys]\ngoto_companies = "c"\nmove_stage_rigth = "ctrl+l"\n')
    assert main(["--demo", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "no action 'move_stage_rigth' (did you mean move_stage_right or" in err
    assert "Traceback" not in err


def test_an_unknown_theme_lists_the_themes(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--demo", "--config", str(config), "--theme", "solarised"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("crm-tui: Unknown theme 'solarised'. Themes: ")
    assert "textual-ansi" in err and "solarized-dark" in err and "textual-light" in err
    config.write_text('theme = "solarised"\n')
    assert main(["--demo", "--config", str(config)]) == 2
    assert "Unknown theme 'solarised'" in capsys.readouterr().err


def test_keys_may_be_lists_or_numbers(config: Path) -> None:
    config.write_text('[keys]\nnew = ["n", "a"]\ngoto_tasks = 7\n')
    settings = load_settings(config_path=config, env={}).settings
    assert settings.keys == {"new": "n,a", "goto_tasks": "7"}


def test_the_theme_flag_is_for_one_run_and_the_config_theme_otherwise(config: Path) -> None:
    config.write_text('default_profile = "work"\n[profiles.work]\ntheme = "nord"\n')
    loaded = load_settings(config_path=config, env={})
    assert Preferences.from_config(loaded).theme == "nord"
    one_run = Preferences.from_config(loaded, theme="dracula")
    assert one_run.theme == "dracula"
    assert (one_run.config_path, one_run.profile) == (config, "work")  # a pick is saved there
