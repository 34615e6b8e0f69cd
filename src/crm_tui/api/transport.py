"""The HTTP core under :class:`~crm_tui.api.client.CrmClient`.

One shared ``httpx.AsyncClient``; credentials checked before any request; every
httpx failure and non-2xx answer turned into a typed :mod:`~crm_tui.api.errors`
error; GETs retried with capped exponential back-off.  Writes are never retried:
an outbound email must never go out twice.

A write that may have reached the server without an answer coming back (the answer
timed out, the connection was reset or closed after sending, a proxy said 502/504)
raises :class:`~crm_tui.api.errors.OutcomeUnknown`, never "not sent"; a write the
server answered 2xx is a success whatever its body.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ..collector import held_for_large_read
from .credentials import KEY_PREFIX, Secret, SecretValue, validate_credentials
from .decoding import (
    READ_CHUNK,
    ArrayReader,
    NotJsonChunk,
    array_batches,
    array_chunks,
    decode_in_pieces,
)
from .errors import (
    ApiStatusError,
    CrmError,
    NetworkError,
    Offline,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    UnexpectedResponse,
    error_class_for_status,
    parse_retry_after,
)
from .redaction import redact_key
from .safe_text import clean_json, clean_tree, may_need_cleaning

__all__ = ["KEY_PREFIX", "NO_RETRY", "HttpCore", "RetryPolicy", "validate_credentials"]

API_PREFIX = "/api/crm"
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
#: A proxy's answers that say nothing of whether the server behind it did the write.
UNKNOWN_OUTCOME_STATUSES = frozenset({502, 504})
#: Failures that happen before a request leaves: a write that met one was not sent.
NOT_SENT_FAILURES: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
)

#: Bodies larger than this (bytes) are decoded and read in a worker thread: a whole list
#: of 60,000 activities takes a second or more of JSON and validation, which on the event
#: loop would freeze the screen.  Smaller ones are read inline, where a thread hop would
#: cost more than it saves.
OFF_LOOP_BYTES = 64 * 1024
#: Bodies at least this large are read with full collections held off and their
#: records frozen after (see :mod:`crm_tui.collector`).  A freeze also keeps for good
#: every cycle alive at that moment that dies later: worth it for the records of a
#: long list, which full collections would walk ever after, not for a page of 200
#: companies (80 KiB), which costs them nothing.  Paging through 20,000 companies
#: kept 6.7 MiB that way, growing with every page.
HOLD_BYTES = 256 * 1024
#: Bytes of a large bare array validated in one call when nothing in it needs making
#: safe (see :func:`~.decoding.array_chunks`): a couple of milliseconds each, between
#: which the UI's thread gets its turn.
CHUNK_BYTES = 256 * 1024

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
#: Turns a decoded JSON body (None when the body was empty) into what the caller wants.
Reader = Callable[[Any], T]
#: Told the outcome of every request: None when it worked, else the error raised.
OutcomeListener = Callable[[CrmError | None], None]
#: Told that a write (any method but GET) was sent, whatever came of it.
WriteListener = Callable[[], None]
#: A GET sent before a write while the server is unreachable: is it back?
PROBE_PATH = "/outbound-email-connections"


@dataclass(frozen=True)
class RetryPolicy:
    """How GETs are retried.  ``attempts`` counts the first try."""

    attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 4.0
    #: A Retry-After longer than this is not waited for: the error goes to the user.
    max_retry_after: float = 30.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Delay before retry number ``attempt`` (1-based): exponential, capped, jittered."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling * (0.5 + rng.random() / 2)


NO_RETRY = RetryPolicy(attempts=1)


class HttpCore:
    """Sends requests and maps answers; knows nothing of the CRM's resources."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | SecretValue,
        entity_id: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        secret = Secret(api_key) if isinstance(api_key, str) else api_key
        validate_credentials(secret.get_secret_value(), entity_id)
        self.base_url = base_url.rstrip("/")
        self.entity_id = entity_id
        self._secret = secret
        self.retry = retry
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.request_count = 0
        self._listeners: list[OutcomeListener] = []
        self._write_listeners: list[WriteListener] = []
        #: When (epoch seconds) the server was last found unreachable; None while it answers.
        self.unreachable_since: float | None = None
        self._http = httpx.AsyncClient(
            base_url=self.base_url + API_PREFIX,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={
                "Authorization": f"Bearer {secret.get_secret_value()}",
                "Accept": "application/json",
                "User-Agent": "crm-tui",
            },
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def add_listener(self, listener: OutcomeListener) -> None:
        self._listeners.append(listener)

    def add_write_listener(self, listener: WriteListener) -> None:
        self._write_listeners.append(listener)

    def _tell(self, outcome: CrmError | None) -> None:
        if outcome is None:
            self.unreachable_since = None
        elif isinstance(outcome, NetworkError) and self.unreachable_since is None:
            self.unreachable_since = time.time()
        for listener in self._listeners:
            listener(outcome)

    async def _check_reachable_before_write(self, method: str, path: str) -> None:
        """While the server is unreachable a write is refused, never queued nor sent blind.

        One quick GET asks first whether the server is back (it often is: the user
        pressed save after the network returned), so a write is refused only when
        that fails too.
        """
        if self.unreachable_since is None:
            return
        try:
            await self._send_once("GET", PROBE_PATH, {"entityId": self.entity_id}, None, _as_is)
        except NetworkError:
            since = time.strftime("%H:%M", time.localtime(self.unreachable_since))
            error = Offline(
                f"{method} {API_PREFIX}{path} was not sent: the server has not been "
                f"reachable since {since}. Nothing was changed; try again once it answers."
            )
            self._tell(error)
            raise error from None
        except CrmError:
            pass  # it answered, if not happily: it is reachable, the write may go
        self._tell(None)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request (retrying a GET when that is safe) and return the JSON body."""
        return await self.request_read(method, path, _as_is, params=params, body=body)

    async def request_read(
        self,
        method: str,
        path: str,
        read: Reader[T],
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> T:
        """Send one request, as :meth:`request`, and return ``read(json_body)``.

        A large body is decoded and read off the event loop (see :data:`OFF_LOOP_BYTES`).
        """
        query = {"entityId": self.entity_id}
        query.update({k: v for k, v in (params or {}).items() if v is not None})
        if method != "GET":
            # Refused (Offline) before anything is sent: no write was, nothing to tell.
            await self._check_reachable_before_write(method, path)
        try:
            return await self._attempts(method, path, read, query, body)
        finally:
            if method != "GET":
                # Even a write that failed or timed out may have changed the data.
                for listener in self._write_listeners:
                    listener()

    async def _attempts(
        self, method: str, path: str, read: Reader[T], query: dict[str, Any], body: Any
    ) -> T:
        # attempts < 1 (say 0, meant as "no retries") still sends the request once.
        attempts = max(1, self.retry.attempts) if method == "GET" else 1
        for attempt in range(1, attempts + 1):
            try:
                result = await self._send_once(method, path, query, body, read)
            except CrmError as error:
                delay = self._retry_delay(error, attempt, attempts)
                if delay is None:
                    self._tell(error)
                    raise
            else:
                self._tell(None)
                return result
            await self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _retry_delay(self, error: CrmError, attempt: int, attempts: int) -> float | None:
        """Seconds to wait before trying again, or None when the error is final."""
        if attempt >= attempts:
            return None
        retryable = isinstance(error, NetworkError) or (
            isinstance(error, ApiStatusError) and error.status in RETRYABLE_STATUSES
        )
        if not retryable:
            return None
        delay = self.retry.backoff(attempt, self._rng)
        if isinstance(error, RateLimited) and error.retry_after is not None:
            if error.retry_after > self.retry.max_retry_after:
                return None
            delay = max(delay, error.retry_after)
        return delay

    async def _send_once(
        self, method: str, path: str, query: dict[str, Any], body: Any, read: Reader[T]
    ) -> T:
        self.request_count += 1
        where = f"{method} {API_PREFIX}{path}"
        write = method != "GET"
        try:
            response, content = await self._fetch(method, path, query, body)
        except httpx.TransportError as exc:
            error = self._transport_error(exc, where)
            if write and not isinstance(exc, NOT_SENT_FAILURES):
                raise _unknown_outcome(where, error) from None
            raise error from None
        if response.is_success:
            status = response.status_code
            del response
            if len(content) > OFF_LOOP_BYTES:
                holder = _Body(content)
                del content
                try:
                    return await asyncio.to_thread(
                        _read_large_body, holder, status, where, write, read
                    )
                finally:
                    # A read cancelled meanwhile (a newer load of the same screen)
                    # leaves its frames in the error's traceback, a cycle that may be
                    # frozen before it is found: they must not hold the body.
                    holder.release()
            return _read_body(content, status, where, write, read)
        refused = _status_error(response, self._secret)
        if write and response.status_code in UNKNOWN_OUTCOME_STATUSES:
            raise _unknown_outcome(where, refused)
        raise refused

    async def _fetch(
        self, method: str, path: str, query: dict[str, Any], body: Any
    ) -> tuple[httpx.Response, bytes | bytearray]:
        """The response and a success's body, in bytes of our own.

        An httpx response is a cycle (its stream holds it): a body it kept would live
        until a full collection found it, or for good once frozen with the records of a
        large read (see :mod:`crm_tui.collector`).  So a success's body is streamed into
        bytes the response does not hold; a refusal's stays on it, for its message.
        """
        request = self._http.build_request(method, path, params=query, json=body)
        response = await self._http.send(request, stream=True)
        try:
            if not response.is_success:
                await response.aread()
                return response, b""
            # Grown in place: the parts, then their join, would be the body twice over.
            content = bytearray()
            async for part in response.aiter_bytes():
                content += part
            return response, content
        finally:
            await response.aclose()

    def _transport_error(self, exc: httpx.TransportError, where: str) -> NetworkError:
        if isinstance(exc, httpx.TimeoutException):
            return RequestTimeout(f"{where}: the server did not answer in time ({self.base_url}).")
        return NetworkError(f"{where}: could not reach {self.base_url} ({type(exc).__name__}).")


def _unknown_outcome(where: str, cause: CrmError) -> OutcomeUnknown:
    if isinstance(cause, ApiStatusError):
        happened = f"a proxy answered {cause.status} ({cause.message})"
    elif isinstance(cause, RequestTimeout):
        happened = "no answer came in time"
    else:
        happened = "the connection broke before the answer came"
    return OutcomeUnknown(
        f"{where}: the request was sent but {happened}; the server may have done it.",
        cause=cause,
        status=cause.status,
    )


def _json_or_none(content: bytes | bytearray) -> Any:
    """A write's answer as JSON, or None when it has no body or one that is not JSON."""
    try:
        return json.loads(content) if content else None
    except ValueError:
        return None


def _as_is(data: Any) -> Any:
    return data


class _Body:
    """A large body handed to the thread that reads it, which takes it: nothing that
    outlives the read (a frame in a traceback) holds the bytes."""

    def __init__(self, content: bytes | bytearray) -> None:
        self._content: bytes | bytearray | None = content

    def take(self) -> bytes | bytearray:
        content, self._content = self._content, None
        if content is None:
            raise RuntimeError("the read was given up before it began")
        return content

    def __len__(self) -> int:
        return len(self._content or b"")

    def release(self) -> None:
        self._content = None


def _read_large_body(body: _Body, status: int, where: str, write: bool, read: Reader[T]) -> T:
    """:func:`_read_body`, in a worker thread; for a body of :data:`HOLD_BYTES` or more,
    with full collections held off meanwhile and the records frozen once built (see
    :mod:`crm_tui.collector`): a full pass over a big CRM's records holds the
    interpreter, UI thread included, for 100 ms and more."""
    if len(body) < HOLD_BYTES:
        return _read_body(body.take(), status, where, write, read)
    with held_for_large_read():
        return _read_body(body.take(), status, where, write, read)


def _read_body(
    content: bytes | bytearray, status: int, where: str, write: bool, read: Reader[T]
) -> T:
    if isinstance(read, ArrayReader) and not write and len(content) > OFF_LOOP_BYTES:
        if not may_need_cleaning(content):
            chunks = array_chunks(content, CHUNK_BYTES)
            if chunks is not None:
                try:
                    return read.batches(chunks)
                except NotJsonChunk:
                    pass  # read again, decoded as it goes: that says what is wrong
        batches = array_batches(content, READ_CHUNK)
        if batches is not None:
            return read.batches(_cleaned(_checked(batches, status, where), content))
    # A 2xx answer to a write is a success whatever its body: the caller reads the
    # record again when the body does not hold it.
    data = _json_or_none(content) if write else _json_body(content, status, where)
    # Every string the screens draw comes from here: none may act on the terminal.
    return read(clean_json(content, data))


def _checked(batches: Iterator[list[Any]], status: int, where: str) -> Iterator[list[Any]]:
    """``batches``, with a body found not to be JSON on the way said as :func:`_json_body`
    says it."""
    try:
        yield from batches
    except ValueError:
        raise _not_json(status, where) from None


def _cleaned(batches: Iterator[list[Any]], raw: bytes | bytearray) -> Iterator[list[Any]]:
    """Each batch made safe to draw, as :func:`clean_json` makes a whole body."""
    if not may_need_cleaning(raw):
        return batches
    return (clean_tree(batch) for batch in batches)


def _not_json(status: int, where: str) -> UnexpectedResponse:
    return UnexpectedResponse(
        f"{where}: the server answered {status} with a body that is not JSON."
    )


def _json_body(content: bytes | bytearray, status: int, where: str) -> Any:
    if not content:
        return None
    try:
        if len(content) > OFF_LOOP_BYTES:  # read in a thread: let the UI's have turns
            return decode_in_pieces(content)
        return json.loads(content)
    except ValueError:
        raise _not_json(status, where) from None


def _status_error(response: httpx.Response, secret: SecretValue) -> ApiStatusError:
    status = response.status_code
    message = _server_message(response) or f"{status} {response.reason_phrase}".strip()
    # A careless server may quote the credentials back: they never reach an error.
    message = redact_key(message, secret.get_secret_value(), prefix=KEY_PREFIX)
    cls = error_class_for_status(status)
    if cls is RateLimited:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return RateLimited(message, status=status, retry_after=retry_after)
    return cls(message, status=status)


def _server_message(response: httpx.Response) -> str | None:
    """The server's ``error`` text; plain text bodies are used when short enough to read."""
    try:
        data = json.loads(response.content)
    except ValueError:
        text = response.text.strip()
        if text and len(text) <= 200 and "<" not in text:
            return text
        return None
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
