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
is a ``SecretStr``: it is never printed, logged or shown in an error.
"""

from __future__ import annotations

import os
import stat
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from .api.safe_text import UNSAFE, safe_text

DEFAULT_BASE_URL = "https://app.axiomatic.software"
ENV_PREFIX = "AXIOMATIC_"
CONFIG_ENV = "CRM_TUI_CONFIG"


class ConfigError(Exception):
    """A setting is missing or malformed; the message says where and what to do."""


class Settings(BaseModel):
    """Everything the app needs to connect, once every source has been merged."""

    model_config = ConfigDict(extra="forbid")

    api_key: SecretStr | None = None
    entity_id: str | None = None
    base_url: str = DEFAULT_BASE_URL
    timeout: float = Field(default=10.0, gt=0, le=300)
    marketing_lists: dict[str, str] = Field(default_factory=dict)
    owners: dict[str, str] = Field(default_factory=dict)
    projects: dict[str, str] = Field(default_factory=dict)
    #: Keep the screens' last answers for the next start (and for reading offline).
    cache: bool = True
    #: A Textual theme by name; the UI checks that it exists.
    theme: str | None = None
    #: Binding id -> keys ("c", "ctrl+l", "j,down"); the UI checks the ids and clashes.
    keys: dict[str, str] = Field(default_factory=dict)

    @field_validator("keys", mode="before")
    @classmethod
    def _key_lists(cls, value: Any) -> Any:
        """``goto_companies = ["c", "2"]`` reads as Textual's "c,2"; ``goto_tasks = 7`` as "7"."""
        if isinstance(value, dict):
            return {
                action: ",".join(map(str, keys)) if isinstance(keys, list) else _key_text(keys)
                for action, keys in value.items()
            }
        return value

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        if UNSAFE.search(value):
            # The server's address is drawn in the header: it may not steer the terminal.
            raise ValueError("must not hold control characters")
        return value.rstrip("/")

    @field_validator("entity_id")
    @classmethod
    def _uuid(cls, value: str | None) -> str | None:
        if value is not None:
            uuid.UUID(value)  # raises ValueError with a clear enough message
        return value

    @field_validator("marketing_lists", "owners", "projects")
    @classmethod
    def _named_uuids(cls, value: dict[str, str]) -> dict[str, str]:
        for name, ident in value.items():
            try:
                uuid.UUID(str(ident))
            except ValueError:
                raise ValueError(f"{name!r} is not a UUID: {ident!r}") from None
        # The names are drawn (pickers, the owner column): no control character acts.
        return {safe_text(name): ident for name, ident in value.items()}


def _key_text(keys: Any) -> Any:
    return str(keys) if isinstance(keys, int) and not isinstance(keys, bool) else keys


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
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, config_path)) from None
    return LoadedConfig(
        settings=settings,
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


def _explain(exc: ValidationError, path: Path) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting"
        # Never echo the input: it might be the key.
        lines.append(f"{where}: {message}")
    return f"Invalid settings (from flags, {ENV_PREFIX}* variables or {path}): " + "; ".join(lines)


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
