"""The async API service layer.  Imports neither textual nor the demo backend.

The names below are loaded on first use: importing ``crm_tui.api.errors`` (or this
package) costs nothing until a client, a model or httpx is needed.  The app draws
its first frame before that.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import CrmClient
    from .errors import (
        ApiStatusError,
        ConfigurationError,
        Conflict,
        CrmError,
        Forbidden,
        InvalidRequest,
        NetworkError,
        NotFound,
        NotSupported,
        Offline,
        OutcomeUnknown,
        RateLimited,
        RequestTimeout,
        ServerError,
        Unauthorized,
        UnexpectedResponse,
    )
    from .transport import NO_RETRY, RetryPolicy

#: Where each public name lives.
_HOMES = {
    "CrmClient": "client",
    "NO_RETRY": "transport",
    "RetryPolicy": "transport",
    **{
        name: "errors"
        for name in (
            "ApiStatusError",
            "ConfigurationError",
            "Conflict",
            "CrmError",
            "Forbidden",
            "InvalidRequest",
            "NetworkError",
            "NotFound",
            "NotSupported",
            "Offline",
            "OutcomeUnknown",
            "RateLimited",
            "RequestTimeout",
            "ServerError",
            "Unauthorized",
            "UnexpectedResponse",
        )
    },
}

#: Written out (not derived from the table above) so that linters and type checkers read it.
__all__ = [
    "NO_RETRY",
    "ApiStatusError",
    "ConfigurationError",
    "Conflict",
    "CrmClient",
    "CrmError",
    "Forbidden",
    "InvalidRequest",
    "NetworkError",
    "NotFound",
    "NotSupported",
    "Offline",
    "OutcomeUnknown",
    "RateLimited",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "Unauthorized",
    "UnexpectedResponse",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
