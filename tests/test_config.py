"""Settings come from flags > environment > config file > defaults, and never leak the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crm_tui.api.credentials import Secret
from crm_tui.config import DEFAULT_BASE_URL, ConfigError, load_settings

ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
OTHER_ENTITY = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
LIST_ID = "9fc6ad7d-902a-4834-b161-a4911b883d44"


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_defaults_when_nothing_is_configured(tmp_path: Path) -> None:
    loaded = load_settings(env={}, config_path=tmp_path / "missing.toml")
    assert loaded.settings.api_key is None
    assert loaded.settings.base_url == DEFAULT_BASE_URL
    assert loaded.path is None


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.toml",
        f'api_key = "ak_file"\nentity_id = "{ENTITY}"\nbase_url = "https://file.example"\n',
    )
    env = {"AXIOMATIC_API_KEY": "ak_env", "AXIOMATIC_BASE_URL": "https://env.example/"}
    loaded = load_settings(
        flags={"base_url": "https://flag.example", "api_key": None},
        env=env,
        config_path=config,
    )
    settings = loaded.settings
    assert settings.base_url == "https://flag.example"
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "ak_env"
    assert settings.entity_id == ENTITY


def test_named_profile_overrides_top_level(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.toml",
        f"""
default_profile = "home"
api_key = "ak_top"
entity_id = "{ENTITY}"

[profiles.home]
base_url = "https://home.example"

[profiles.work]
entity_id = "{OTHER_ENTITY}"
[profiles.work.marketing_lists]
Newsletter = "{LIST_ID}"
""",
    )
    home = load_settings(env={}, config_path=config)
    assert home.profile == "home" and home.settings.base_url == "https://home.example"
    work = load_settings(env={}, config_path=config, profile="work")
    assert work.settings.entity_id == OTHER_ENTITY
    assert work.settings.marketing_lists == {"Newsletter": LIST_ID}
    assert work.settings.base_url == DEFAULT_BASE_URL


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", "[profiles.work]\n[profiles.home]\n")
    with pytest.raises(ConfigError, match=r"no profile 'play' \(profiles: home, work\)"):
        load_settings(env={}, config_path=config, profile="play")


def test_malformed_toml_names_the_file_and_line(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", 'base_url = "https://x"\napi_key = \n')
    with pytest.raises(ConfigError) as raised:
        load_settings(env={}, config_path=config)
    message = str(raised.value)
    assert str(config) in message and "line 2" in message


def test_bad_values_are_explained_without_echoing_them(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.toml",
        'api_key = "ak_secret_value"\nentity_id = "not-a-uuid"\ntimeout = -1\ncolour = "x"\n',
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(env={}, config_path=config)
    message = str(raised.value)
    assert "entity_id" in message and "timeout" in message
    assert "colour: unknown setting" in message
    assert "ak_secret_value" not in message


def test_saved_marketing_list_must_be_a_uuid(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", '[marketing_lists]\nNewsletter = "nope"\n')
    with pytest.raises(ConfigError, match="'Newsletter' is not a UUID"):
        load_settings(env={}, config_path=config)


def test_key_readable_by_others_gets_a_warning(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", 'api_key = "ak_x"\n', mode=0o644)
    loaded = load_settings(env={}, config_path=config)
    assert any("chmod 600" in warning for warning in loaded.warnings)
    os.chmod(config, 0o600)
    assert load_settings(env={}, config_path=config).warnings == []


def test_key_is_never_in_the_settings_repr(tmp_path: Path) -> None:
    loaded = load_settings(env={"AXIOMATIC_API_KEY": "ak_topsecret"}, config_path=tmp_path / "x")
    assert "ak_topsecret" not in repr(loaded) and "ak_topsecret" not in str(loaded.settings)


def test_config_path_from_environment(tmp_path: Path) -> None:
    config = write(tmp_path / "other.toml", 'base_url = "https://other.example"\n')
    loaded = load_settings(env={"CRM_TUI_CONFIG": str(config)})
    assert loaded.settings.base_url == "https://other.example"
    assert loaded.path == config


def test_saved_names_never_carry_a_control_character_to_the_screen(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.toml",
        "[owners]\n"
        f'"Dana\\u001b]0;pwned\\u0007 Scully" = "{ENTITY}"\n'
        "[projects]\n"
        f'"Web\\u202erelaunch" = "{OTHER_ENTITY}"\n'
        "[marketing_lists]\n"
        f'"News\\u009b2Jletter" = "{LIST_ID}"\n',
    )
    settings = load_settings(env={}, config_path=config).settings
    assert settings.owners == {"Dana␛]0;pwned␇ Scully": ENTITY}
    assert settings.projects == {"Web�relaunch": OTHER_ENTITY}
    assert settings.marketing_lists == {"News�2Jletter": LIST_ID}


def test_a_base_url_with_a_control_character_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="base_url: must not hold control characters"):
        load_settings(
            flags={"base_url": "https://crm.example\x1b]0;pwned\x07"},
            env={},
            config_path=tmp_path / "missing.toml",
        )


def test_the_secret_hides_the_key_wherever_it_is_printed() -> None:
    secret = Secret("ak_topsecret")
    assert secret.get_secret_value() == "ak_topsecret"
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", repr([secret])):
        assert "ak_topsecret" not in shown and "*" in shown
    assert secret == Secret("ak_topsecret") and secret != Secret("ak_other")


def test_the_timeout_from_the_environment_is_read_as_seconds(tmp_path: Path) -> None:
    loaded = load_settings(env={"AXIOMATIC_TIMEOUT": "2.5"}, config_path=tmp_path / "missing")
    assert loaded.settings.timeout == 2.5


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('timeout = "soon"', "timeout: must be a number of seconds"),
        ("timeout = 301", "timeout: must be more than 0 and at most 300 seconds"),
        ("timeout = nan", "timeout: must be more than 0 and at most 300 seconds"),
        ("timeout = true", "timeout: must be a number of seconds"),
        ("api_key = 12", "api_key: must be text"),
        ('cache = "no"', "cache: must be true or false"),
        ('base_url = "ftp://x"', "base_url: must start with http:// or https://"),
        ('marketing_lists = "x"', "marketing_lists: must be a table"),
        ("[owners]\nDana = 7", "owners: 'Dana' is not a UUID"),
        ("[keys]\nnew = true", "keys.new: must be a key or a list of keys"),
    ],
)
def test_each_wrong_value_is_named_with_what_it_must_be(
    tmp_path: Path, line: str, expected: str
) -> None:
    config = write(tmp_path / "c.toml", line + "\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(env={}, config_path=config)
    assert str(raised.value).startswith("Invalid settings (from flags, AXIOMATIC_* variables or")
    assert expected in str(raised.value)


def test_every_wrong_value_is_said_at_once(tmp_path: Path) -> None:
    config = write(
        tmp_path / "c.toml",
        'entity_id = "nope"\n[profiles.work]\ncolor = "x"\ntimeout = 0\n',
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(env={}, config_path=config, profile="work")
    message = str(raised.value)
    assert "entity_id: must be a UUID" in message
    assert "timeout: must be more than 0" in message
    assert "color: unknown setting" in message


def test_a_profile_that_is_not_a_section_is_refused(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", '[profiles]\nwork = "x"\n')
    with pytest.raises(ConfigError, match=r"profiles\.work must be a \[profiles\.work\] section"):
        load_settings(env={}, config_path=config, profile="work")


def test_the_base_url_loses_its_trailing_slash_and_a_flag_turns_the_cache_off(
    tmp_path: Path,
) -> None:
    loaded = load_settings(
        flags={"base_url": "http://127.0.0.1:8000/", "cache": False},
        env={},
        config_path=tmp_path / "missing",
    )
    assert loaded.settings.base_url == "http://127.0.0.1:8000"
    assert loaded.settings.cache is False


def test_a_key_pasted_as_a_saved_id_is_not_echoed(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", '[projects]\nWeb = "ak_pasted_by_mistake"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(env={}, config_path=config)
    assert "projects: 'Web' is not a UUID" in str(raised.value)
    assert "ak_pasted_by_mistake" not in str(raised.value)
