"""Settings: flags > environment (``AXIOMATIC_*``) > TOML config file > defaults.

The config file lives in the XDG config directory (``~/.config/crm-tui/config.toml``)
and may hold named profiles::

    default_profile = "work"

    [profiles.work]
    api_key = "ak_..."
    entity_id = "5f0c1a2e-..."
    base_url = "https://app.axiomatic.software"
    cache = true  # keep the screens' last answers (see crm_tui.cache)

    [profiles.work.marketing_lists]
    Newsletter = "9fc6ad7d-902a-4834-b161-a4911b883d44"

    [profiles.work.owners]
    "Dana Scully" = "1b2c3d4e-..."

Top-level keys apply to every profile; a profile's keys override them.  The API key
is a :class:`~crm_tui.api.credentials.Secret`: it is never printed, logged or shown in
an error.

Standard library (and platformdirs) only: every start reads its settings before the
app's first frame, and pydantic would cost a third of a bare Textual app's start.  So
the checks are written out here, each with its message (no value is ever echoed: it
might be the key).
"""

from __future__ import annotations

import math
import os
import stat
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from .api.credentials import Secret
from .api.safe_text import UNSAFE, safe_text

DEFAULT_BASE_URL = "https://app.axiomatic.software"
ENV_PREFIX = "AXIOMATIC_"
CONFIG_ENV = "CRM_TUI_CONFIG"
#: The longest a request may be given, in seconds.
MAX_TIMEOUT = 300.0


class ConfigError(Exception):
    """A setting is missing or malformed; the message says where and what to do."""


@dataclass
class Settings:
    """Everything the app needs to connect, once every source has been merged."""

    api_key: Secret | None = None
    entity_id: str | None = None
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 10.0
    marketing_lists: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    #: Keep the screens' last answers for the next start (and for reading offline).
    cache: bool = True
    #: A Textual theme by name; the UI checks that it exists.
    theme: str | None = None
    #: Binding id -> keys ("c", "ctrl+l", "j,down"); the UI checks the ids and clashes.
    keys: dict[str, str] = field(default_factory=dict)


class Invalid(ValueError):
    """One setting's value is wrong; ``where`` names it (``keys.new``), the message says why."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


def read_text(value: object) -> str:
    if not isinstance(value, str):
        raise Invalid("must be text (in quotes)")
    return value


def read_api_key(value: object) -> Secret:
    return Secret(read_text(value))


def read_entity_id(value: object) -> str:
    text = read_text(value)
    if not is_uuid(text):
        raise Invalid("must be a UUID (such as 5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60)")
    return text


def read_base_url(value: object) -> str:
    url = read_text(value)
    if not url.startswith(("http://", "https://")):
        raise Invalid("must start with http:// or https://")
    if UNSAFE.search(url):
        # The server's address is drawn in the header: it may not steer the terminal.
        raise Invalid("must not hold control characters")
    return url.rstrip("/")


def read_timeout(value: object) -> float:
    # A bool is an int to Python, not a number of seconds to anyone.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid("must be a number of seconds")
    try:
        seconds = float(value)
    except ValueError:
        raise Invalid("must be a number of seconds") from None
    if math.isnan(seconds) or not 0 < seconds <= MAX_TIMEOUT:
        raise Invalid(f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds")
    return seconds


def read_flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def read_table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid("must be a table ([section] or {...})")
    return value


def read_named_uuids(value: object) -> dict[str, str]:
    """Saved names and their UUIDs (lists, owners, projects)."""
    named = {}
    for name, ident in read_table(value).items():
        if not isinstance(ident, str) or not is_uuid(ident):
            # The name only: a key pasted in the wrong place is never echoed.
            raise Invalid(f"{name!r} is not a UUID")
        # The names are drawn (pickers, the owner column): no control character acts.
        named[safe_text(name)] = ident
    return named


def read_keys(value: object) -> dict[str, str]:
    """``goto_companies = ["c", "2"]`` reads as Textual's "c,2"; ``goto_tasks = 7`` as "7"."""
    return {action: key_text(action, keys) for action, keys in read_table(value).items()}


def key_text(action: str, keys: object) -> str:
    if isinstance(keys, list):
        return ",".join(str(key) for key in keys)
    if isinstance(keys, str):
        return keys
    if isinstance(keys, int) and not isinstance(keys, bool):
        return str(keys)
    raise Invalid("must be a key or a list of keys", where=f"keys.{action}")


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


#: How each setting is read from what a source gave, in the order errors are listed.
READERS: dict[str, Callable[[Any], Any]] = {
    "api_key": read_api_key,
    "entity_id": read_entity_id,
    "base_url": read_base_url,
    "timeout": read_timeout,
    "marketing_lists": read_named_uuids,
    "owners": read_named_uuids,
    "projects": read_named_uuids,
    "cache": read_flag,
    "theme": read_text,
    "keys": read_keys,
}


def settings_from(values: Mapping[str, Any], path: Path) -> Settings:
    """``Settings`` from the merged values; every wrong one said at once, or ConfigError."""
    read: dict[str, Any] = {}
    problems = []
    for name, reader in READERS.items():
        if name not in values:
            continue
        try:
            read[name] = reader(values[name])
        except Invalid as error:
            problems.append(f"{error.where or name}: {error}")
    problems += [f"{name}: unknown setting" for name in values if name not in READERS]
    if problems:
        raise ConfigError(
            f"Invalid settings (from flags, {ENV_PREFIX}* variables or {path}): "
            + "; ".join(problems)
        )
    return Settings(**read)


@dataclass
class LoadedConfig:
    settings: Settings
    #: The config file read, None when there was none.
    path: Path | None
    profile: str | None
    warnings: list[str] = field(default_factory=list)
    #: The config file in use, whether it exists or not: where the UI saves a choice.
    source: Path | None = None


def default_config_path() -> Path:
    return user_config_path("crm-tui") / "config.toml"


def load_settings(
    *,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    profile: str | None = None,
) -> LoadedConfig:
    """Merge the sources, highest first: flags, environment, config file, defaults."""
    env = os.environ if env is None else env
    if config_path is None:
        config_path = Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else default_config_path()
    file_values, chosen_profile, warnings = _read_config_file(config_path, profile)
    merged: dict[str, Any] = {}
    merged.update(file_values)
    merged.update(_from_env(env))
    merged.update({k: v for k, v in (flags or {}).items() if v is not None})
    return LoadedConfig(
        settings=settings_from(merged, config_path),
        path=config_path if config_path.exists() else None,
        profile=chosen_profile,
        warnings=warnings,
        source=config_path,
    )


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    names = {"API_KEY": "api_key", "ENTITY_ID": "entity_id", "BASE_URL": "base_url"}
    names["TIMEOUT"] = "timeout"
    return {
        setting: env[ENV_PREFIX + suffix]
        for suffix, setting in names.items()
        if env.get(ENV_PREFIX + suffix)
    }


def _read_config_file(
    path: Path, profile: str | None
) -> tuple[dict[str, Any], str | None, list[str]]:
    if not path.exists():
        if profile:
            raise ConfigError(f"Profile {profile!r} asked for, but there is no config file {path}")
        return {}, None, []
    import tomllib  # its patterns cost ~9 ms to compile: only when there is a file

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    profiles = data.pop("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"{path}: 'profiles' must be a table of [profiles.NAME] sections")
    chosen = profile or data.pop("default_profile", None)
    data.pop("default_profile", None)
    values = dict(data)
    if chosen is not None:
        if chosen not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigError(f"{path}: no profile {chosen!r} (profiles: {known})")
        if not isinstance(profiles[chosen], dict):
            raise ConfigError(f"{path}: profiles.{chosen} must be a [profiles.{chosen}] section")
        values.update(profiles[chosen])
    warnings = []
    if "api_key" in values and _readable_by_others(path):
        warnings.append(
            f"{path} holds an API key and can be read by other users: run chmod 600 {path}"
        )
    return values, chosen, warnings


def _readable_by_others(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def missing_key_message(path: Path, *, has_key: bool = False, has_entity: bool = False) -> str:
    """What is missing to reach the real API (a key, an entity id or both), and how to add it."""
    missing = [
        what for what, given in (("API key", has_key), ("entity id", has_entity)) if not given
    ]
    settings = [
        line
        for line, given in (
            ('    api_key = "ak_..."', has_key),
            ('    entity_id = "<your entity UUID>"', has_entity),
        )
        if not given
    ]
    variables = " and ".join(
        f"{ENV_PREFIX}{name}"
        for name, given in (("API_KEY", has_key), ("ENTITY_ID", has_entity))
        if not given
    )
    flags = " or ".join(
        flag for flag, given in (("--api-key", has_key), ("--entity-id", has_entity)) if not given
    )
    return (
        f"No {' and no '.join(missing)} configured.\n"
        f"Set {variables} (or pass {flags}), or write to {path}:\n\n"
        + "\n".join(settings)
        + "\n\nCreate a key under Settings → API keys in Axiomatic.\n"
        "To try crm-tui without an account: crm-tui --demo (no key needed)."
    )
