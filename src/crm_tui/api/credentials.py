"""The key kept secret, and checks on it and the entity before any request.

Standard library only, and kept apart from the transport, so that the command line
can read the settings and refuse bad credentials before the app starts, without
loading httpx or pydantic.
"""

from __future__ import annotations

import re
import uuid
from typing import Protocol

KEY_PREFIX = "ak_"
#: What a secret shows wherever it is printed.
HIDDEN = "**********"


class SecretValue(Protocol):
    """A key that is shown only when asked for (ours, or pydantic's ``SecretStr``)."""

    def get_secret_value(self) -> str: ...


class Secret:
    """The API key: its repr and str are stars, so no print, log or traceback shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({HIDDEN!r})"

    def __str__(self) -> str:
        return HIDDEN

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def validate_credentials(api_key: str, entity_id: str) -> None:
    """Refuse, before any request, a key or entity that the API would refuse anyway."""
    from .errors import ConfigurationError

    if not api_key.startswith(KEY_PREFIX) or len(api_key) <= len(KEY_PREFIX):
        raise ConfigurationError(
            f"The API key must start with '{KEY_PREFIX}' (create one under Settings → API keys)."
        )
    if re.search(r"\s", api_key):
        raise ConfigurationError("The API key must not contain spaces or line breaks.")
    try:
        uuid.UUID(entity_id)
    except (ValueError, AttributeError, TypeError):
        # Never echo a key pasted into the entity field: the message is shown and logged.
        shown = "an API key" if KEY_PREFIX in str(entity_id) else repr(entity_id)
        raise ConfigurationError(f"The entity id must be a UUID, got {shown}.") from None
