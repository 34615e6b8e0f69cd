"""The async API service layer.  Imports neither textual nor the demo backend."""

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
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    ServerError,
    Unauthorized,
    UnexpectedResponse,
)
from .transport import NO_RETRY, RetryPolicy

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
    "OutcomeUnknown",
    "RateLimited",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "Unauthorized",
    "UnexpectedResponse",
]
