"""The UI's look and keys from the settings, and where a choice made in the app is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app gets its preferences, not the settings: they stay the CLI's
    from .config import LoadedConfig


@dataclass
class Preferences:
    #: The theme to start with: ``--theme``, else the config file's ``theme``.
    theme: str | None = None
    #: The profile's ``[keys]``: binding id -> keys.
    keys: dict[str, str] = field(default_factory=dict)
    #: The config file a theme picked in the app is written to (None: not saved).
    config_path: Path | None = None
    #: The profile in use: the theme is saved in its table.
    profile: str | None = None

    @classmethod
    def from_config(cls, loaded: LoadedConfig, *, theme: str | None = None) -> Preferences:
        """``theme`` (the ``--theme`` flag) applies to this run only."""
        settings = loaded.settings
        return cls(
            theme=theme or settings.theme,
            keys=dict(settings.keys),
            config_path=loaded.source,
            profile=loaded.profile,
        )

    def save_theme(self, name: str) -> Path | None:
        """Write ``theme = "name"`` to the config file; its path, or None when not saving.

        Raises :class:`~crm_tui.config.ConfigError` when the file cannot take it safely.
        """
        if self.config_path is None:
            return None
        from .config_edit import save_setting

        save_setting(self.config_path, self.profile, "theme", name)
        return self.config_path
