"""The command line: clear messages and exit status 2 for every expected failure."""

from __future__ import annotations

import gc
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_tui.cli import KEY_FLAG_WARNING, main

ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith("AXIOMATIC_") or name == "CRM_TUI_CONFIG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_no_key_explains_how_to_configure_and_mentions_demo(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "No API key and no entity id configured" in err
    assert "AXIOMATIC_API_KEY" in err
    assert "crm-tui --demo" in err


def test_a_key_without_an_entity_id_names_the_entity_id_as_missing(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--api-key", "ak_secret_123"]) == 2
    err = capsys.readouterr().err
    assert KEY_FLAG_WARNING in err  # the key on the command line is said first
    err = err.replace(KEY_FLAG_WARNING, "")
    assert "No entity id configured" in err
    assert "AXIOMATIC_ENTITY_ID" in err and "--entity-id" in err
    assert "No API key" not in err and "AXIOMATIC_API_KEY" not in err
    assert "ak_secret_123" not in err


def test_an_entity_id_without_a_key_names_the_key_as_missing(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--entity-id", ENTITY]) == 2
    err = capsys.readouterr().err
    assert "No API key configured" in err
    assert "entity_id =" not in err


def test_demo_size_without_demo_says_it_needs_demo(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--demo-size", "5"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--demo-size needs --demo" in err
    assert "No API key" not in err


def test_key_without_prefix_is_refused_without_echoing_it(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOMATIC_API_KEY", "sk_live_abcdef")
    monkeypatch.setenv("AXIOMATIC_ENTITY_ID", ENTITY)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "must start with 'ak_'" in err
    assert "sk_live_abcdef" not in err


def test_entity_that_is_not_a_uuid(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOMATIC_API_KEY", "ak_abc")
    assert main(["--entity-id", "acme"]) == 2
    assert "entity_id" in capsys.readouterr().err


def test_malformed_config_file_names_file_and_line(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = clean_env / "broken.toml"
    config.write_text("[profiles.work\napi_key = 1\n")
    assert main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "line 1" in err
    assert "Traceback" not in err


def test_bad_flag_is_a_usage_error(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--demo-size", "lots"])
    assert exited.value.code == 2
    assert "'lots' is not a whole number" in capsys.readouterr().err


def test_screen_names_the_screen_to_open_on(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    from crm_tui.ui.app import CrmApp

    first_screens: list[str] = []
    monkeypatch.setattr(CrmApp, "run", lambda app: first_screens.append(app.first_screen))
    assert main(["--demo", "--screen", "pipeline"]) == 0
    assert main(["--demo"]) == 0
    assert first_screens == ["pipeline", "dashboard"]


def test_an_unknown_screen_is_a_usage_error_naming_the_screens(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--demo", "--screen", "leads"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'leads'" in err and "'pipeline'" in err


def test_python_dash_m_runs_the_same_entry_point(clean_env: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXIOMATIC_")}
    env["XDG_CONFIG_HOME"] = str(clean_env / "xdg")
    result = subprocess.run(
        [sys.executable, "-m", "crm_tui", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("crm-tui ")


def test_demo_without_the_demo_extra_says_how_to_install_it(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec

    def without_fastapi(name: str, *args: object, **kwargs: object) -> object:
        return None if name == "fastapi" else real_find_spec(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_fastapi)
    assert main(["--demo"]) == 2
    assert main(["demo-server"]) == 2
    err = capsys.readouterr().err
    assert err.count("pip install 'crm-tui[demo]'") == 2


def test_the_collector_is_on_again_when_the_tui_never_starts(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI turns it off for start-up; a refusal before the app runs turns it back on."""
    assert main([]) == 2  # no key configured
    assert "--demo" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_key_on_the_command_line_is_warned_about_without_being_echoed(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "ak_flag_SECRET_0123456789abcdef"
    # No entity: the CLI stops before the UI, after saying why the flag is unwise.
    assert main(["--api-key", key]) == 2
    err = capsys.readouterr().err
    warning, _, rest = err.partition("\n")
    assert "warning" in warning and "--api-key" in warning
    assert "visible to other users" in warning and "AXIOMATIC_API_KEY" in warning
    assert "No API key configured" not in warning and rest  # the warning comes first
    assert key not in err and key[3:] not in err


def test_a_key_from_the_environment_is_not_warned_about(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOMATIC_API_KEY", "ak_env_SECRET_0123456789abcdef")
    assert main([]) == 2  # still no entity
    assert "--api-key" not in capsys.readouterr().err


# ------------------------------------------------------------------- the cache


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> list[object]:
    """The workspaces the TUI would have been started with (it is not started)."""
    from crm_tui.ui.app import CrmApp

    workspaces: list[object] = []
    monkeypatch.setattr(CrmApp, "run", lambda app: workspaces.append(app.workspace))
    monkeypatch.setenv("XDG_CACHE_HOME", str(clean_env / "cache-home"))
    monkeypatch.setenv("AXIOMATIC_API_KEY", "ak_cli_secret_key")
    monkeypatch.setenv("AXIOMATIC_ENTITY_ID", ENTITY)
    return workspaces


def test_the_cache_is_on_by_default_in_the_xdg_cache_directory(
    started: list[object], clean_env: Path
) -> None:
    assert main([]) == 0
    cache = started[0].cache  # type: ignore[attr-defined]
    assert cache is not None
    assert cache.path.parent == clean_env / "cache-home" / "crm-tui"


def test_no_cache_flag_turns_it_off(started: list[object]) -> None:
    assert main(["--no-cache"]) == 0
    assert started[0].cache is None  # type: ignore[attr-defined]


def test_cache_false_in_a_profile_turns_it_off(started: list[object], clean_env: Path) -> None:
    config = clean_env / "config.toml"
    config.write_text("[profiles.work]\ncache = false\n")
    config.chmod(0o600)
    assert main(["--config", str(config), "--profile", "work"]) == 0
    assert started[0].cache is None  # type: ignore[attr-defined]


def test_demo_mode_keeps_no_cache(started: list[object]) -> None:
    assert main(["--demo"]) == 0
    assert started[0].cache is None  # type: ignore[attr-defined]


def test_cache_clear_removes_the_files_and_says_where(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from crm_tui.cache import ResponseCache

    monkeypatch.setenv("XDG_CACHE_HOME", str(clean_env / "cache-home"))
    kept = ResponseCache("https://crm.example.test", ENTITY)
    kept.remember("/dashboard", {"openTasks": 1})
    kept.save()
    assert kept.path.exists()
    assert main(["cache", "clear"]) == 0
    assert not kept.path.exists()
    out = capsys.readouterr().out
    assert "removed 1 cache file" in out and str(kept.path.parent) in out


def test_cache_without_an_action_is_a_usage_error(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["cache"])
    assert exited.value.code == 2
    assert "clear" in capsys.readouterr().err
