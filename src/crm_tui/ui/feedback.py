"""One place that turns failures into words for the user.

Workers report their errors here (see :class:`~crm_tui.ui.screens.base.ApiErrorsMixin`);
nothing else decides how an API failure reads on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..api import errors as api_errors

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Problem:
    title: str
    message: str
    severity: Severity = "error"
    #: the connection itself is in doubt (header shows it, `r` retries)
    offline: bool = False


def describe(error: BaseException, *, retry_key: str | None = "r") -> Problem:
    """A title and a sentence for any failure; the message never holds the API key.

    ``retry_key`` is the key that tries again where the message is shown: ``r`` on a
    screen, ``ctrl+s`` in a form (where ``r`` types an r); None where no key retries.
    """
    if isinstance(error, api_errors.OutcomeUnknown):
        # Never "press r to retry": doing it again may do it twice.
        return Problem(
            "Outcome unknown",
            f"{error.message} Check before doing it again: it may already have been done.",
            "warning",
            offline=True,
        )
    retry = f" Press {retry_key} to retry." if retry_key else ""
    if isinstance(error, api_errors.ConfigurationError):
        return Problem("Settings", error.message)
    if isinstance(error, api_errors.Unauthorized):
        return Problem(
            "Not signed in (401)",
            f"{error.message}. Check AXIOMATIC_API_KEY or api_key in the config file.",
            offline=True,
        )
    if isinstance(error, api_errors.Forbidden):
        return Problem(
            "Not allowed (403)",
            f"{error.message}. Check that the entity id belongs to this API key "
            "and that the key has the read:crm / write:crm scopes.",
            offline=True,
        )
    if isinstance(error, api_errors.NotFound):
        return Problem("Not found", f"{error.message}. It may have been deleted.", "warning")
    if isinstance(error, api_errors.NotSupported):
        return Problem("Not supported", error.message, "warning")
    if isinstance(error, api_errors.InvalidRequest):
        return Problem("Refused by the server", error.message)
    if isinstance(error, api_errors.Conflict):
        return Problem("Conflict", error.message, "warning")
    if isinstance(error, api_errors.RateLimited):
        wait = f" Try again in {error.retry_after:.0f}s." if error.retry_after else ""
        return Problem("Too many requests", f"{error.message}.{wait}", "warning")
    if isinstance(error, api_errors.ServerError):
        return Problem(f"Server error ({error.status})", error.message, offline=True)
    if isinstance(error, api_errors.Offline):
        # Said before the request went out: nothing is queued, nothing changed.
        return Problem("Offline: not saved", error.message, offline=True)
    if isinstance(error, api_errors.RequestTimeout):
        return Problem("No answer", f"{error.message}{retry}", offline=True)
    if isinstance(error, api_errors.NetworkError):
        return Problem("Server unreachable", f"{error.message}{retry}", offline=True)
    if isinstance(error, api_errors.UnexpectedResponse):
        return Problem("Unexpected answer", error.message)
    if isinstance(error, api_errors.CrmError):
        return Problem("Request failed", error.message)
    return Problem("Something went wrong", f"{type(error).__name__}: {error}")


def unreadable_records(count: int, what: str) -> str:
    """'1 record could not be read (companies)': records a list answer left out."""
    records, them = ("record", "it") if count == 1 else ("records", "them")
    return f"{count} {records} could not be read ({what}): the server sent no id for {them}."
