"""Errors the demo backend answers with.  Each becomes ``{"error": message}``."""

from __future__ import annotations


class DemoError(Exception):
    """A refusal with an HTTP status and a message meant for the user."""

    status = 400

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers


class BadRequest(DemoError):
    status = 400


class Unauthorized(DemoError):
    status = 401

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(DemoError):
    status = 403


class NotFound(DemoError):
    status = 404

    def __init__(self, resource: str, record_id: str) -> None:
        super().__init__(f"No {resource} with id '{record_id}'")
        self.resource = resource
        self.record_id = record_id


class MethodNotAllowed(DemoError):
    status = 405


class Conflict(DemoError):
    status = 409
