"""Checks on the key and the entity, before any request (standard library only).

Kept apart from the transport so that the command line can refuse bad credentials
before the app starts, without loading httpx.
"""

from __future__ import annotations

import re
import uuid

KEY_PREFIX = "ak_"


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
