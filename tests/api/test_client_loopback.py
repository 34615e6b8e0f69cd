"""Over a real loopback socket: the demo served by uvicorn, and sockets that misbehave.

No ASGI transport here: the client uses httpx's ordinary network transport, as it
does against the real API.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import traceback
from collections.abc import AsyncIterator
from typing import Any

import pytest

from crm_tui.api import (
    NO_RETRY,
    CrmClient,
    NetworkError,
    NotFound,
    OutcomeUnknown,
    RequestTimeout,
    Unauthorized,
)
from crm_tui.api.models import LeadCreate, OutboundEmail

from .conftest import ENTITY_ID, SECRET_KEY, TEST_RETRY, FakeSleep

STARTUP_POLLS = 400  # x 25 ms: ten seconds at most
POLL = 0.025


def bound_socket() -> socket.socket:
    """A listening-ready socket on a free loopback port (no race for the port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
async def loopback_base_url(demo_app: Any) -> AsyncIterator[str]:
    """The demo app served by uvicorn on 127.0.0.1 in a background thread."""
    uvicorn = pytest.importorskip("uvicorn")
    sock = bound_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(demo_app, log_level="warning", lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(STARTUP_POLLS):
            if server.started or not thread.is_alive():
                break
            await asyncio.sleep(POLL)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        for _ in range(STARTUP_POLLS):
            if not thread.is_alive():
                break
            await asyncio.sleep(POLL)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


async def test_smoke_over_a_real_socket(
    loopback_base_url: str, demo_identity: Any, fake_sleep: FakeSleep
) -> None:
    async with CrmClient(
        base_url=loopback_base_url,
        api_key=demo_identity.DEMO_API_KEY,
        entity_id=demo_identity.DEMO_ENTITY_ID,
        retry=TEST_RETRY,
        sleep=fake_sleep,
    ) as client:
        dashboard = await client.get_dashboard()
        assert dashboard.pipeline

        page = await client.list_companies(page=1, page_size=5)
        assert len(page.items) == 5
        assert page.total is not None and page.total > 5
        company = await client.get_company(page.items[0].id)
        assert company.name == page.items[0].name

        lead = await client.create_lead(LeadCreate(title="Loopback deal", company_id=company.id))
        assert (await client.get_lead(lead.id)).title == "Loopback deal"
        moved = await client.move_lead_stage(lead.id, "won")
        assert moved.stage == "won" and moved.probability == 100

        with pytest.raises(NotFound):
            await client.get_lead("00000000-0000-4000-8000-000000000000")
        assert client.request_count == 7
    assert fake_sleep.delays == []


async def test_wrong_key_over_a_real_socket_leaks_nothing(
    loopback_base_url: str, demo_identity: Any, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "ak_loopback_WRONG_secret_55aa"
    with caplog.at_level(logging.DEBUG):
        async with CrmClient(
            base_url=loopback_base_url,
            api_key=wrong,
            entity_id=demo_identity.DEMO_ENTITY_ID,
            retry=NO_RETRY,
        ) as client:
            with pytest.raises(Unauthorized) as caught:
                await client.list_leads()
    # httpcore logs each step of the connection at DEBUG: that was captured, keyless.
    assert any(record.name.startswith("httpcore") for record in caplog.records)
    text = caplog.text + "".join(traceback.format_exception(caught.value)) + repr(caught.value)
    assert wrong not in text


# ------------------------------------------------------------ sockets that misbehave


async def test_a_refused_connection_is_a_network_error(fake_sleep: FakeSleep) -> None:
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    async with CrmClient(
        base_url=f"http://127.0.0.1:{port}",
        api_key=SECRET_KEY,
        entity_id=ENTITY_ID,
        retry=TEST_RETRY,
        sleep=fake_sleep,
    ) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_dashboard()
        assert not isinstance(caught.value, RequestTimeout)
        assert client.request_count == TEST_RETRY.attempts


class SilentServer:
    """Accepts connections, reads what it is sent, never answers."""

    def __init__(self) -> None:
        self.connections = 0
        self.received = b""
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aexit__(self, *exc: object) -> None:
        for writer in self._writers:
            writer.close()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        while chunk := await reader.read(65536):
            self.received += chunk


def impatient_client(base_url: str, fake_sleep: FakeSleep) -> CrmClient:
    """A client that gives a server 0.2 s to answer, retrying GETs without real sleeps."""
    return CrmClient(
        base_url=base_url,
        api_key=SECRET_KEY,
        entity_id=ENTITY_ID,
        timeout=0.2,
        retry=TEST_RETRY,
        sleep=fake_sleep,
    )


async def test_a_silent_server_times_out_and_a_get_is_retried(fake_sleep: FakeSleep) -> None:
    silent = SilentServer()
    async with (
        silent as base_url,
        impatient_client(base_url, fake_sleep) as client,
    ):
        with pytest.raises(RequestTimeout):
            await client.list_tasks()
        assert client.request_count == TEST_RETRY.attempts
    assert silent.received.count(b"GET /api/crm/tasks?") == TEST_RETRY.attempts


async def test_an_outbound_email_that_times_out_went_out_exactly_once(
    fake_sleep: FakeSleep,
) -> None:
    silent = SilentServer()
    async with (
        silent as base_url,
        impatient_client(base_url, fake_sleep) as client,
    ):
        with pytest.raises(OutcomeUnknown):
            await client.send_outbound_email(
                OutboundEmail(
                    lead_id="l-1",
                    connection_id="c-1",
                    channel="gmail",
                    subject="Once",
                    html_body="<p>only once</p>",
                )
            )
        assert client.request_count == 1
    assert silent.connections == 1
    assert silent.received.count(b"POST /api/crm/outbound-email?") == 1
    assert fake_sleep.delays == []
