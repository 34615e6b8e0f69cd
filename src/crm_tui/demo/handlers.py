"""Every error as ``{"error": "<message>"}``: our refusals, FastAPI's and Starlette's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from crm_tui.demo.errors import DemoError

_WHERE = {
    "query": "query parameter",
    "path": "path parameter",
    "header": "header",
    "cookie": "cookie",
    "body": "body field",
}


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DemoError, _demo_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)


async def _demo_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DemoError)
    return error_response(exc.status, exc.message, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(400, describe_validation_errors(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"No such endpoint: {request.method} {request.url.path}"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"Method {request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, message, exc.headers)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500, f"Internal server error ({type(exc).__name__})")


def describe_validation_errors(errors: Sequence[Any]) -> str:
    """One readable line naming each bad field, e.g. ``Invalid query parameter 'page': ...``."""
    messages = [describe_validation_error(error) for error in errors]
    return "; ".join(dict.fromkeys(messages)) or "Invalid request"


def describe_validation_error(error: Any) -> str:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    source, path = (loc[0], loc[1:]) if loc else ("body", ())
    if kind == "json_invalid":
        detail = (error.get("ctx") or {}).get("error", "")
        return f"Request body is not valid JSON{f' ({detail})' if detail else ''}"
    if source == "body" and not path:
        if kind == "missing":
            return "Missing request body: send a JSON object"
        return "Request body must be a JSON object (Content-Type: application/json)"
    name = _field_name(path)
    where = _WHERE.get(str(source), str(source))
    if kind == "missing":
        return f"Missing required {where} '{name}'"
    if kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1:
        return f"{where.capitalize()} '{name}' cannot be blank"
    return f"Invalid {where} '{name}': {error.get('msg', 'invalid value')}"


def _field_name(path: Sequence[Any]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
