"""Limits every request meets before any route runs: one value per query parameter, and
a body of at most ``MAX_BODY_BYTES``.

The body is read here, up to the limit and no further: a larger one is refused with
413 whether it declares its length or comes in chunks, and never sits in memory.
"""

from __future__ import annotations

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm_tui.demo.handlers import error_response

#: The largest request body the demo reads (1 MiB).
MAX_BODY_BYTES = 1024 * 1024


def repeated_parameter(query_string: bytes) -> str | None:
    """The first query parameter given more than once, if any."""
    seen: set[str] = set()
    for name, _ in QueryParams(query_string).multi_items():
        if name in seen:
            return name
        seen.add(name)
    return None


def declared_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isdigit() else None


class RequestLimits:
    """Pure ASGI middleware: answers 400 or 413 itself, or passes the request on."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        repeated = repeated_parameter(scope["query_string"])
        if repeated is not None:
            message = f"Query parameter '{repeated[:60]}' is given more than once"
            await error_response(400, message)(scope, receive, send)
            return
        length = declared_length(scope)
        body = (
            None
            if length is not None and length > self.max_body_bytes
            else await self._read(receive)
        )
        if body is None:
            message = f"The request body is larger than {self.max_body_bytes} bytes"
            await error_response(413, message)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it passes the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` for the app: the body read already, then whatever comes next."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
