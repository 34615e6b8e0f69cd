"""A server of our own that answers the odd ways other Axiomatic-compatible servers do.

:class:`OddServer` is the demo backend behind two wrappers: an ASGI middleware that
rewrites the demo's answers, and an httpx transport that can lose the connection
after the demo has done a write.  Everything the demo stores is real (a write that
"failed" on the wire is in the demo's database), so a test can check what the
server holds afterwards.  Reach it in-process with :meth:`OddServer.client`.

Tell it how to answer by setting its options (each test gets a fresh server from
the ``odd_server`` fixture of ``tests/conftest.py``).  ``path`` arguments are regular
expressions searched in the request's path (``"/companies$"``, ``"/outbound-email"``);
the empty pattern matches every path.

* ``envelope``: how lists are wrapped (:data:`ENVELOPES`): ``"demo"`` as the demo
  does (``GET /companies`` a page ``{"items", "total", "page", "pageSize"}``, the
  other lists bare arrays), ``"data+pagination"``, ``"items+total"``, ``"meta"``,
  ``"hasMore"``, ``"next"``, or ``"none"`` (a bare array: the server pages but
  says nothing about it).
* ``spoil(field, value=MISSING, path=..., index=0)``: record ``index`` of each list
  answer (every record when ``index`` is None, single-record answers too) gets
  ``field`` set to ``value`` or, with :data:`MISSING`, removed.  Null and missing
  fields, unknown enum values (``spoil("status", "archived")``), extra fields,
  a missing id.
* ``answer_writes(form, path=...)``: a write is done by the demo, then answered
  as :data:`WRITE_ANSWERS` says: ``"empty"`` (204, no body), ``"id-only"``
  (``{"id"}``, the demo's status), ``"no-id"`` (the record without its id, 200),
  ``"html"`` (200, an HTML page).
* ``answer_html(path=..., method="GET")``: answer 200 with an HTML page instead of JSON
  (the demo is not asked).
* ``lose_answer(path, method="POST", how="reset")``: the demo does the write, then
  the client sees the connection closed (``"reset"``), a read timeout
  (``"timeout"``) or a proxy's ``"502"``/``"504"``.
* ``fail(status, message, path=..., method=None)``: answer ``{"error": message}`` with
  that status without asking the demo.
* ``hostile``: a string appended to every text field of every record and to every
  error message (escape sequences, markup, bidi overrides...).
* ``echo_key``: error messages quote the key the client sent, in one of the forms
  of :data:`KEY_FORMS`: ``"exact"``, ``"no-prefix"``, ``"upper"``, ``"truncated"``
  (without its last character), ``"base64"``, ``"url"``.

``requests`` lists ``"METHOD /path"`` of every request that reached the demo.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, quote

import httpx

from crm_tui.api import NO_RETRY, CrmClient, RetryPolicy
from crm_tui.demo import create_app
from crm_tui.demo.identity import API_PREFIX, DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID

#: ``spoil(field)`` without a value: the field is removed from the record.
MISSING: Any = object()
ENVELOPES = ("demo", "data+pagination", "items+total", "meta", "hasMore", "next", "none")
WRITE_ANSWERS = ("record", "empty", "id-only", "no-id", "html")
LOST_ANSWERS = ("reset", "timeout", "502", "504")
KEY_FORMS = ("exact", "no-prefix", "upper", "truncated", "base64", "url")
HTML_PAGE = b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"
#: Fields whose values are not free text: ``hostile`` leaves them alone.
NOT_TEXT = re.compile(r"(^id$|Id$|At$|Date$|^startedOn$|^currency$|^kind$)")

Scope = dict[str, Any]
Message = dict[str, Any]


@dataclass
class _Spoil:
    field: str
    value: Any
    path: str
    index: int | None


@dataclass
class _Rule:
    """What to do instead of (or after) the demo's answer, for some requests."""

    path: str
    methods: frozenset[str] | None
    what: str

    def matches(self, method: str, path: str) -> bool:
        return (self.methods is None or method in self.methods) and bool(re.search(self.path, path))


@dataclass
class OddServer:
    """The demo backend, answering as it is told (see the module's documentation)."""

    demo: Any
    envelope: str = "demo"
    hostile: str | None = None
    echo_key: str | None = None
    requests: list[str] = field(default_factory=list)
    _spoils: list[_Spoil] = field(default_factory=list)
    _write_answers: list[_Rule] = field(default_factory=list)
    _html: list[_Rule] = field(default_factory=list)
    _lost: list[_Rule] = field(default_factory=list)
    _failures: list[tuple[_Rule, int, str]] = field(default_factory=list)

    @classmethod
    def on_demo(cls, *, now: Callable[[], datetime], size: int | None = None) -> OddServer:
        return cls(create_app(now=now, size=size))

    # ------------------------------------------------------------ the options

    def spoil(
        self, field: str, value: Any = MISSING, *, path: str = "", index: int | None = 0
    ) -> None:
        self._spoils.append(_Spoil(field, value, path, index))

    def answer_writes(self, form: str, *, path: str = "") -> None:
        assert form in WRITE_ANSWERS, form
        self._write_answers.append(_Rule(path, None, form))

    def answer_html(self, *, path: str = "", method: str | None = "GET") -> None:
        self._html.append(_Rule(path, _methods(method), "html"))

    def lose_answer(self, path: str, *, method: str | None = "POST", how: str = "reset") -> None:
        assert how in LOST_ANSWERS, how
        self._lost.append(_Rule(path, _methods(method), how))

    def fail(self, status: int, message: str, *, path: str = "", method: str | None = None) -> None:
        self._failures.append((_Rule(path, _methods(method), "fail"), status, message))

    # ------------------------------------------------------------ reaching it

    @property
    def transport(self) -> httpx.AsyncBaseTransport:
        return _LosingTransport(self, httpx.ASGITransport(app=self.asgi))

    def client(
        self, *, api_key: str = DEMO_API_KEY, retry: RetryPolicy = NO_RETRY, timeout: float = 10.0
    ) -> CrmClient:
        """A client on this server with the demo's key and entity (the caller closes it)."""
        return CrmClient(
            base_url=DEMO_BASE_URL,
            api_key=api_key,
            entity_id=DEMO_ENTITY_ID,
            transport=self.transport,
            retry=retry,
            timeout=timeout,
        )

    # ------------------------------------------------------------ ASGI wrapper

    async def asgi(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.demo(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        key = _bearer(scope)
        for rule, status, message in self._failures:
            if rule.matches(method, path):
                await _send(send, status, {"error": self._error_text(message, key)})
                return
        if any(rule.matches(method, path) for rule in self._html):
            await _send_raw(send, 200, HTML_PAGE, b"text/html")
            return
        self.requests.append(f"{method} {path}")
        status, headers, body = await _call(self.demo, scope, receive)
        query = parse_qs(scope.get("query_string", b"").decode())
        await self._answer(send, method, path, query, key, status, headers, body)

    async def _answer(
        self,
        send: Any,
        method: str,
        path: str,
        query: dict[str, list[str]],
        key: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> None:
        is_json = any(v.startswith(b"application/json") for k, v in headers if k == b"content-type")
        if not is_json or not body:
            await _send_raw(send, status, body, _content_type(headers), headers)
            return
        data = json.loads(body)
        if status >= 400:
            if isinstance(data, dict) and isinstance(data.get("error"), str):
                data["error"] = self._error_text(data["error"], key)
            await _send(send, status, data, headers)
            return
        if method != "GET":
            form = next((r.what for r in self._write_answers if r.matches(method, path)), None)
            if form is not None and form != "record":
                await self._send_write_answer(send, form, status, data)
                return
        data = self._rewrite(data, path, query)
        await _send(send, status, data, headers)

    async def _send_write_answer(self, send: Any, form: str, status: int, data: Any) -> None:
        if form == "empty":
            await _send_raw(send, 204, b"", b"application/json")
        elif form == "id-only":
            await _send(send, status, {"id": data.get("id")} if isinstance(data, dict) else {})
        elif form == "no-id":
            record = {k: v for k, v in data.items() if k != "id"} if isinstance(data, dict) else {}
            await _send(send, 200, record)
        else:
            await _send_raw(send, 200, HTML_PAGE, b"text/html")

    # ------------------------------------------------------------ rewriting

    def _rewrite(self, data: Any, path: str, query: dict[str, list[str]]) -> Any:
        records, paging = _records_and_paging(data)
        if records is None:
            # One record (or the dashboard): spoiled by what asks for every record.
            return self._spoiled(data, path, None)
        records = [self._spoiled(record, path, index) for index, record in enumerate(records)]
        return self._wrapped(records, paging, query)

    def _spoiled(self, record: Any, path: str, index: int | None) -> Any:
        if not isinstance(record, dict):
            return record
        record = dict(record)
        for spoil in self._spoils:
            if not re.search(spoil.path, path):
                continue
            if spoil.index is not None and spoil.index != index:
                continue
            if spoil.value is MISSING:
                record.pop(spoil.field, None)
            else:
                record[spoil.field] = spoil.value
        if self.hostile is not None:
            for name, value in record.items():
                if isinstance(value, str) and not NOT_TEXT.search(name):
                    record[name] = f"{value}{self.hostile}"
        return record

    def _wrapped(
        self, records: list[Any], paging: dict[str, Any] | None, query: dict[str, list[str]]
    ) -> Any:
        if paging is None:
            # A list the demo does not page: one page holding everything.
            if self.envelope in ("demo", "none"):
                return records
            paging = {"total": len(records), "page": 1, "pageSize": max(1, len(records))}
        page, size, total = paging["page"], paging["pageSize"], paging["total"]
        pages = max(1, -(-total // size))
        more = page < pages
        if self.envelope == "demo":
            return {**paging, "items": records}
        if self.envelope == "none":
            return records
        if self.envelope == "data+pagination":
            pagination = {"page": page, "pageSize": size, "total": total, "totalPages": pages}
            return {"data": records, "pagination": pagination}
        if self.envelope == "items+total":
            return {"items": records, "total": total}
        if self.envelope == "meta":
            meta = {"current_page": page, "per_page": size, "total_count": total}
            return {"data": records, "meta": meta}
        if self.envelope == "hasMore":
            return {"results": records, "hasMore": more}
        assert self.envelope == "next", self.envelope
        base = dict(query)
        base["page"] = [str(page + 1)]
        link = f"{API_PREFIX}/companies?" + "&".join(f"{k}={v[0]}" for k, v in base.items())
        return {"data": records, "next": link if more else None}

    def _error_text(self, message: str, key: str) -> str:
        if self.echo_key is not None:
            message = f"{message} (key received: {key_form(key, self.echo_key)})"
        if self.hostile is not None:
            message = f"{message}{self.hostile}"
        return message


def key_form(key: str, form: str) -> str:
    """The key as a careless server might quote it."""
    forms = {
        "exact": key,
        "no-prefix": key.removeprefix("ak_"),
        "upper": key.upper(),
        "truncated": key[:-1],
        "base64": base64.b64encode(key.encode()).decode(),
        "url": quote(key, safe=""),
    }
    return forms[form]


def _records_and_paging(data: Any) -> tuple[list[Any] | None, dict[str, Any] | None]:
    if isinstance(data, list):
        return data, None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        paging = {k: data.get(k) for k in ("page", "pageSize", "total")}
        return data["items"], paging
    return None, None


def _methods(method: str | None) -> frozenset[str] | None:
    return None if method is None else frozenset({method.upper()})


def _bearer(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return str(value.decode().partition(" ")[2].strip())
    return ""


def _content_type(headers: list[tuple[bytes, bytes]]) -> bytes:
    return next((v for k, v in headers if k == b"content-type"), b"application/json")


async def _call(app: Any, scope: Scope, receive: Any) -> tuple[int, list[Any], bytes]:
    """Run the demo app and collect its answer."""
    answer: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

    async def collect(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await app(scope, receive, collect)
    return answer["status"], answer["headers"], answer["body"]


async def _send(send: Any, status: int, data: Any, headers: Any = ()) -> None:
    await _send_raw(send, status, json.dumps(data).encode(), b"application/json", headers)


async def _send_raw(
    send: Any, status: int, body: bytes, content_type: bytes, headers: Any = ()
) -> None:
    kept = [(k, v) for k, v in headers if k not in (b"content-length", b"content-type")]
    kept += [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": body})


class _LosingTransport(httpx.AsyncBaseTransport):
    """Lets the demo do the request, then loses its answer when told to."""

    def __init__(self, server: OddServer, inner: httpx.AsyncBaseTransport) -> None:
        self.server = server
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        rule = next(
            (r for r in self.server._lost if r.matches(request.method, request.url.path)), None
        )
        if rule is None:
            return response
        await response.aread()  # the demo has done the write by now
        if rule.what == "timeout":
            raise httpx.ReadTimeout("timed out waiting for the answer", request=request)
        if rule.what == "reset":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(
            int(rule.what), text="<html><body>Bad gateway</body></html>", request=request
        )

    async def aclose(self) -> None:
        await self.inner.aclose()
