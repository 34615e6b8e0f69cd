"""Writing one setting back into the config file without touching the rest."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from crm_tui.config import ConfigError
from crm_tui.config_edit import save_setting

CONFIG = """\
# My crm-tui settings: keep this comment.
default_profile = "work"  # the usual one

[profiles.work]
api_key = "ak_secret"   # do not share
theme = "nord"

[profiles.work.owners]
"Dana Scully" = "1b2c3d4e-0000-4000-8000-000000000001"

[profiles.home]
entity_id = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
"""


def test_a_profiles_theme_line_is_replaced_and_nothing_else_changes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    path.chmod(0o600)
    save_setting(path, "work", "theme", "textual-ansi")
    assert path.read_text() == CONFIG.replace('theme = "nord"', 'theme = "textual-ansi"')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_profile_without_a_theme_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    save_setting(path, "home", "theme", "textual-light")
    text = path.read_text()
    assert text.replace('theme = "textual-light"\n', "", 1) == CONFIG
    assert tomllib.loads(text)["profiles"]["home"]["theme"] == "textual-light"
    assert tomllib.loads(text)["profiles"]["work"]["theme"] == "nord"


def test_without_a_profile_the_theme_goes_at_the_top_level(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    save_setting(path, None, "theme", "dracula")
    data = tomllib.loads(path.read_text())
    assert data["theme"] == "dracula"
    assert data["profiles"]["work"]["theme"] == "nord"
    assert "# My crm-tui settings: keep this comment." in path.read_text()


def test_a_missing_file_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "crm-tui" / "config.toml"
    save_setting(path, None, "theme", "nord")
    assert tomllib.loads(path.read_text()) == {"theme": "nord"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_profile_table_is_added(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    save_setting(path, "side project", "theme", "nord")
    assert tomllib.loads(path.read_text())["profiles"]["side project"] == {"theme": "nord"}
    assert path.read_text().startswith(CONFIG)


@pytest.mark.parametrize(
    "text",
    [
        'profiles = { work = { api_key = "ak_x" } }\n',  # a layout one line cannot extend
        'api_key = "ak_x"\n[profiles.work\n',  # not TOML
    ],
)
def test_what_cannot_be_edited_safely_is_left_alone(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        save_setting(path, "work", "theme", "nord")
    assert path.read_text() == text
    assert "ak_x" not in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
