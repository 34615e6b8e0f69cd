"""Every error as ``{"error": "<message>"}``: our refusals, FastAPI's and Starlette's."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from crm_tui.demo.errors import DemoError

log = logging.getLogger("crm_tui.demo")

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
    elif exc.status_code == 405:
        if message == "Method Not Allowed":
            message = f"Method {request.method} is not allowed on {request.url.path}"
        # Starlette names the methods of the first route on the path only.
        return error_response(405, message, {"Allow": ", ".join(allowed_methods(request))})
    return error_response(exc.status_code, message, exc.headers)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback (the request's key is in no part of it)."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, f"Internal server error ({type(exc).__name__})")


def allowed_methods(request: Request) -> list[str]:
    """Every method the API documents on the request's path (for ``Allow`` on a 405)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= route.methods or set()
    return sorted(methods)


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
    if source == "body" and not path and kind == "value_error":  # a rule of the whole body
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if source == "body" and not path:
        if kind == "missing":
            return "Missing request body: send a JSON object"
        return "Request body must be a JSON object (Content-Type: application/json)"
    name = _field_name(path)
    where = _WHERE.get(str(source), str(source))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"Missing required {where} '{name}'"
    if kind == "blank" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return f"{where.capitalize()} '{name}' cannot be blank"
    if kind == "refused":
        return f"{name} {error.get('msg')}"
    if kind == "extra_forbidden":
        return f"Unknown {where} '{name}'"
    if error.get("input", ...) is None and kind.endswith("_type"):
        return f"{name} cannot be null"
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return f"{name} cannot be negative; got {error.get('input')}"
    return f"Invalid {where} '{name}': {error.get('msg', 'invalid value')}"


def _field_name(path: Sequence[Any]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
