"""Typed errors of the API layer.

Every error carries a human message (the server's ``error`` text where there was
one) and never the API key: messages are built from the server's answer and the
request's method and path, and the path never holds the key.  A message is drawn
on screen, so no character of it may act on the terminal (:func:`safe_text`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from .safe_text import safe_text


class CrmError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        message = safe_text(message)
        super().__init__(message)
        self.message = message
        self.status = status

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class ConfigurationError(CrmError):
    """The client was set up with a key or entity it must not send."""


class NetworkError(CrmError):
    """The server could not be reached (refused, DNS, reset...)."""


class RequestTimeout(NetworkError):
    """No answer in time.  For a write, whether it took effect is unknown."""


class OutcomeUnknown(CrmError):
    """A write may have reached the server, and no answer came back.

    The request was sent, then the answer timed out, the connection was reset or
    closed, or a proxy answered 502/504: the server may well have done the write.
    Never report this as "not sent"; find out (read the record again) before
    offering to send it again.  ``cause`` is the error the transport met.
    """

    def __init__(self, message: str, *, cause: CrmError, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.cause = cause


class Offline(NetworkError):
    """A write refused before it was sent: the server cannot be reached.

    Writes are never queued: the user is told at once, and nothing was changed.
    """


class UnexpectedResponse(CrmError):
    """The server answered something that does not fit the contract."""


class ApiStatusError(CrmError):
    """The server answered with a 4xx or 5xx status."""


class InvalidRequest(ApiStatusError):
    """400 or 422: the server refused the request's content."""


class Unauthorized(ApiStatusError):
    """401: the key is missing, unknown or revoked."""


class Forbidden(ApiStatusError):
    """403: the key is valid but not for this entity (or lacks the scope)."""


class NotFound(ApiStatusError):
    """404: no such record."""


class NotSupported(ApiStatusError):
    """405: the API does not offer this operation (e.g. deleting contacts)."""


class Conflict(ApiStatusError):
    """409: the request clashes with the record's current state."""


class RateLimited(ApiStatusError):
    """429: too many requests; ``retry_after`` is in seconds when the server said."""

    def __init__(self, message: str, *, status: int = 429, retry_after: float | None = None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class ServerError(ApiStatusError):
    """5xx: the server failed."""


_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    400: InvalidRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: NotSupported,
    409: Conflict,
    422: InvalidRequest,
    429: RateLimited,
}


def error_class_for_status(status: int) -> type[ApiStatusError]:
    if status in _STATUS_ERRORS:
        return _STATUS_ERRORS[status]
    if status >= 500:
        return ServerError
    return ApiStatusError


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: not worth its import at start-up

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
