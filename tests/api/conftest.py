"""Fixtures for the API layer's tests.

Two kinds of server stand behind :class:`CrmClient` here:

* the demo backend, in-process through ``httpx.ASGITransport`` (``demo_app``, ``client``);
* an ``httpx.MockTransport`` whose handler a test writes, for the faults the demo
  cannot produce (``mock_client``).

No test really sleeps: every client that may retry gets ``fake_sleep``, which records
the delays it was asked to wait.  The demo backend is imported inside the fixtures, so
the tests that do not need it run even where it is absent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from crm_tui.api import CrmClient, RetryPolicy

#: The demo's clock in every test: fixtures and stamps never depend on today.
FIXED_NOW = datetime(2025, 6, 5, 14, 0, tzinfo=UTC)

#: For the injected-transport tests: a key that must never show up anywhere.
SECRET_KEY = "ak_test_9Qx7SECRETkeyDoNotLeak_42"
ENTITY_ID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
MOCK_BASE_URL = "https://crm.invalid"

#: Retries on, but quick to exhaust; the sleep is injected so nothing waits.
TEST_RETRY = RetryPolicy(attempts=3, base_delay=0.25, max_delay=4.0, max_retry_after=30.0)


class FakeSleep:
    """An injected ``sleep``: records each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class Recorder:
    """Wraps a MockTransport handler and keeps every request it saw."""

    handler: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def count(self) -> int:
        return len(self.requests)


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """The fixed clock handed to the demo app."""
    return lambda: FIXED_NOW


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


MockClientFactory = Callable[..., tuple[CrmClient, Recorder]]


@pytest.fixture
async def mock_client(fake_sleep: FakeSleep) -> AsyncIterator[MockClientFactory]:
    """``mock_client(handler, retry=..., timeout=...)`` -> (client, recorder)."""
    made: list[CrmClient] = []

    def make(
        handler: Callable[[httpx.Request], httpx.Response],
        *,
        retry: RetryPolicy = TEST_RETRY,
        timeout: float = 10.0,
    ) -> tuple[CrmClient, Recorder]:
        recorder = Recorder(handler)
        client = CrmClient(
            base_url=MOCK_BASE_URL,
            api_key=SECRET_KEY,
            entity_id=ENTITY_ID,
            timeout=timeout,
            transport=httpx.MockTransport(recorder),
            retry=retry,
            sleep=fake_sleep,
        )
        made.append(client)
        return client, recorder

    yield make
    for client in made:
        await client.aclose()


# ------------------------------------------------------------------ the demo


@pytest.fixture
def demo_identity() -> Any:
    identity = pytest.importorskip("crm_tui.demo.identity")
    return identity


@pytest.fixture
def demo_app(clock: Callable[[], datetime]) -> Any:
    """A fresh in-memory demo backend with the default fixtures and the fixed clock."""
    demo = pytest.importorskip("crm_tui.demo.app")
    return demo.create_app(now=clock)


@pytest.fixture
def demo_transport(demo_app: Any) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=demo_app)


DemoClientFactory = Callable[..., CrmClient]


@pytest.fixture
async def make_demo_client(
    demo_transport: httpx.ASGITransport, demo_identity: Any, fake_sleep: FakeSleep
) -> AsyncIterator[DemoClientFactory]:
    """``make_demo_client(api_key=..., entity_id=..., retry=...)`` against the same demo app."""
    made: list[CrmClient] = []

    def make(
        *,
        api_key: str | None = None,
        entity_id: str | None = None,
        retry: RetryPolicy = TEST_RETRY,
    ) -> CrmClient:
        client = CrmClient(
            base_url=demo_identity.DEMO_BASE_URL,
            api_key=api_key or demo_identity.DEMO_API_KEY,
            entity_id=entity_id or demo_identity.DEMO_ENTITY_ID,
            transport=demo_transport,
            retry=retry,
            sleep=fake_sleep,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
def client(make_demo_client: DemoClientFactory) -> CrmClient:
    """A CrmClient against the demo app in-process, with the demo key and entity."""
    return make_demo_client()


# ------------------------------------------------------------ the odd server


@pytest.fixture
def odd_clock(clock: Callable[[], datetime]) -> Callable[[], datetime]:
    return clock


@pytest.fixture
async def odd_client(odd_server: Any) -> AsyncIterator[CrmClient]:
    """A client on the odd server (no retries: each request the test sees went once)."""
    client = odd_server.client()
    yield client
    await client.aclose()
