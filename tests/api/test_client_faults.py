"""Faults the demo backend cannot produce, injected through ``httpx.MockTransport``.

Each test counts the requests that really went out: a GET is retried (up to the
policy's attempts) on 429/502/503/504 and on network failures; a write never is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from crm_tui.api import (
    NO_RETRY,
    CrmClient,
    NetworkError,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    UnexpectedResponse,
)
from crm_tui.api.models import (
    ActivityCreate,
    CompanyCreate,
    CompanyUpdate,
    ContactCreate,
    ContactUpdate,
    LeadActivityCreate,
    LeadCreate,
    LeadUpdate,
    MembershipCreate,
    MembershipUpdate,
    OutboundEmail,
)

from .conftest import TEST_RETRY, FakeSleep, MockClientFactory, json_response

COMPANY = {"id": "c-1", "name": "Acme", "status": "active"}
LEAD_ID = "3c6e2b8e-0e8f-48db-8791-27271df10113"
OUTBOUND = OutboundEmail(
    lead_id=LEAD_ID,
    connection_id="84b500d7-71c8-4b1f-adf4-f1eb0000973d",
    channel="gmail",
    subject="Hello",
    html_body="<p>Hi</p>",
)


def sequence(*responses: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering with each response (or raising each exception) in turn;
    the last one repeats."""
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler


# ------------------------------------------------------------------------- 429


async def test_429_retry_after_seconds_is_honoured(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(
        sequence(
            json_response(429, {"error": "Slow down"}, **{"Retry-After": "7"}),
            json_response(200, COMPANY),
        )
    )
    company = await client.get_company("c-1")
    assert company.name == "Acme"
    assert recorder.count == 2 == client.request_count
    assert fake_sleep.delays == [7.0]


async def test_429_retry_after_http_date_is_honoured(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    when = datetime.now(UTC) + timedelta(seconds=20)
    client, recorder = mock_client(
        sequence(
            json_response(
                429, {"error": "Slow down"}, **{"Retry-After": format_datetime(when, usegmt=True)}
            ),
            json_response(200, COMPANY),
        )
    )
    company = await client.get_company("c-1")
    assert company.id == "c-1"
    assert recorder.count == 2
    [delay] = fake_sleep.delays
    # The header has one-second resolution and a moment passes before it is read.
    assert 15.0 < delay <= 20.0


async def test_429_retry_after_beyond_the_cap_is_not_waited_for(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(
        sequence(
            json_response(429, {"error": "Quota exhausted"}, **{"Retry-After": "120"}),
            json_response(200, COMPANY),
        ),
        retry=RetryPolicy(attempts=3, max_retry_after=30.0),
    )
    with pytest.raises(RateLimited) as caught:
        await client.get_company("c-1")
    assert caught.value.status == 429
    assert caught.value.retry_after == 120.0
    assert caught.value.message == "Quota exhausted"
    assert recorder.count == 1
    assert fake_sleep.delays == []


async def test_429_without_retry_after_backs_off_then_gives_up(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(sequence(json_response(429, {"error": "Slow down"})))
    with pytest.raises(RateLimited) as caught:
        await client.list_companies()
    assert caught.value.retry_after is None
    assert recorder.count == TEST_RETRY.attempts
    assert len(fake_sleep.delays) == TEST_RETRY.attempts - 1
    # Exponential with jitter: retry n waits within [ceiling/2, ceiling].
    for attempt, delay in enumerate(fake_sleep.delays, start=1):
        ceiling = min(TEST_RETRY.max_delay, TEST_RETRY.base_delay * 2 ** (attempt - 1))
        assert ceiling / 2 <= delay <= ceiling


# ------------------------------------------------------------------------- 5xx


async def test_500_is_a_server_error_with_the_servers_message_and_not_retried(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(sequence(json_response(500, {"error": "database is down"})))
    with pytest.raises(ServerError) as caught:
        await client.get_dashboard()
    assert caught.value.status == 500
    assert caught.value.message == "database is down"
    assert recorder.count == 1
    assert fake_sleep.delays == []


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_retried_up_to_attempts_on_get(
    mock_client: MockClientFactory, fake_sleep: FakeSleep, status: int
) -> None:
    client, recorder = mock_client(sequence(json_response(status, {"error": "upstream"})))
    with pytest.raises(ServerError) as caught:
        await client.list_leads()
    assert caught.value.status == status
    assert caught.value.message == "upstream"
    assert recorder.count == TEST_RETRY.attempts == client.request_count
    assert len(fake_sleep.delays) == TEST_RETRY.attempts - 1


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_error_then_success_recovers(
    mock_client: MockClientFactory, status: int
) -> None:
    client, recorder = mock_client(
        sequence(json_response(status, {"error": "upstream"}), json_response(200, [COMPANY]))
    )
    page = await client.list_companies()
    assert [c.name for c in page.items] == ["Acme"]
    assert recorder.count == 2


async def test_no_retry_policy_sends_once(mock_client: MockClientFactory) -> None:
    client, recorder = mock_client(sequence(json_response(503, {})), retry=NO_RETRY)
    with pytest.raises(ServerError) as caught:
        await client.list_tasks()
    # No server message: the status line stands in for it.
    assert caught.value.message == "503 Service Unavailable"
    assert recorder.count == 1


# -------------------------------------------------------------- bodies not JSON


async def test_200_with_a_body_that_is_not_json(mock_client: MockClientFactory) -> None:
    client, recorder = mock_client(
        sequence(httpx.Response(200, text="<html><body>Welcome</body></html>"))
    )
    with pytest.raises(UnexpectedResponse) as caught:
        await client.get_company("c-1")
    assert "not JSON" in caught.value.message
    assert "GET /api/crm/companies/c-1" in caught.value.message
    assert recorder.count == 1


async def test_500_with_an_html_body(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(
        sequence(httpx.Response(500, text="<html><h1>Internal Server Error</h1></html>"))
    )
    with pytest.raises(ServerError) as caught:
        await client.get_company("c-1")
    assert caught.value.status == 500
    assert caught.value.message == "500 Internal Server Error"


async def test_500_with_a_short_plain_text_body(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(sequence(httpx.Response(500, text="upstream timed out\n")))
    with pytest.raises(ServerError) as caught:
        await client.get_company("c-1")
    assert caught.value.message == "upstream timed out"


async def test_500_with_an_empty_body(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(sequence(httpx.Response(500)))
    with pytest.raises(ServerError) as caught:
        await client.get_company("c-1")
    assert caught.value.message == "500 Internal Server Error"


# ------------------------------------------------------------ shapes that misfit


@pytest.mark.parametrize(
    ("body", "call"),
    [
        ([1, 2, 3], "get_company"),
        ("just a string", "get_company"),
        ({"companies": "not a list"}, "list_companies"),
        ({"total": 3}, "list_companies"),
        ("<html>oops</html>", "list_leads"),
        (42, "get_lead"),
    ],
)
async def test_a_body_that_is_not_the_expected_kind_is_unexpected_response(
    mock_client: MockClientFactory, body: Any, call: str
) -> None:
    client, _ = mock_client(sequence(json_response(200, body)))
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "get_company": lambda: client.get_company("c-1"),
        "list_companies": client.list_companies,
        "list_leads": client.list_leads,
        "get_lead": lambda: client.get_lead("l-1"),
    }
    with pytest.raises(UnexpectedResponse) as caught:
        await calls[call]()
    # A message for people, never a pydantic dump.
    assert caught.value.message.startswith("Expected")
    assert "pydantic" not in caught.value.message


# --------------------------------------------------------- timeouts and network


async def test_timeout_on_get_is_retried_then_raises_request_timeout(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(sequence(httpx.ReadTimeout("slow")))
    with pytest.raises(RequestTimeout) as caught:
        await client.get_dashboard()
    assert "did not answer in time" in caught.value.message
    assert caught.value.status is None
    assert recorder.count == TEST_RETRY.attempts
    assert len(fake_sleep.delays) == TEST_RETRY.attempts - 1


async def test_timeout_then_success_on_get(mock_client: MockClientFactory) -> None:
    client, recorder = mock_client(
        sequence(httpx.ConnectTimeout("slow"), json_response(200, {"openTasks": 4}))
    )
    dashboard = await client.get_dashboard()
    assert dashboard.open_tasks == 4
    assert recorder.count == 2


async def test_refused_connection_is_a_network_error(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(sequence(httpx.ConnectError("[Errno 111] Connection refused")))
    with pytest.raises(NetworkError) as caught:
        await client.list_contacts()
    assert not isinstance(caught.value, RequestTimeout)
    assert "could not reach" in caught.value.message
    assert "ConnectError" in caught.value.message
    assert recorder.count == TEST_RETRY.attempts


async def test_outbound_email_on_a_timeout_is_sent_exactly_once(
    mock_client: MockClientFactory, fake_sleep: FakeSleep
) -> None:
    client, recorder = mock_client(sequence(httpx.ReadTimeout("slow")))
    with pytest.raises(OutcomeUnknown) as caught:
        await client.send_outbound_email(OUTBOUND)
    assert isinstance(caught.value.cause, RequestTimeout)
    assert recorder.count == 1 == client.request_count
    assert fake_sleep.delays == []
    [request] = recorder.requests
    assert request.method == "POST"
    assert request.url.path == "/api/crm/outbound-email"


# ------------------------------------------------------ writes are never retried

CID = "8bb73d03-06b4-47c7-80c7-59301f770eda"

WRITES: dict[str, Callable[[CrmClient], Awaitable[Any]]] = {
    "create_company": lambda c: c.create_company(CompanyCreate(name="Acme")),
    "update_company": lambda c: c.update_company(CID, CompanyUpdate(name="Acme 2")),
    "create_contact": lambda c: c.create_contact(ContactCreate(first_name="Ada")),
    "update_contact": lambda c: c.update_contact(CID, ContactUpdate(title="CTO")),
    "delete_contact": lambda c: c.delete_contact(CID),
    "add_membership": lambda c: c.add_membership(CID, MembershipCreate(company_id=CID)),
    "update_membership": lambda c: c.update_membership(CID, CID, MembershipUpdate(role="x")),
    "remove_membership": lambda c: c.remove_membership(CID, CID),
    "create_lead": lambda c: c.create_lead(LeadCreate(title="Deal")),
    "update_lead": lambda c: c.update_lead(LEAD_ID, LeadUpdate(value=10)),
    "delete_lead": lambda c: c.delete_lead(LEAD_ID),
    "move_lead_stage": lambda c: c.move_lead_stage(LEAD_ID, "won"),
    "add_lead_activity": lambda c: c.add_lead_activity(
        LEAD_ID, LeadActivityCreate(type="call", subject="Hi")
    ),
    "create_activity": lambda c: c.create_activity(ActivityCreate(type="note", subject="Hi")),
    "send_outbound_email": lambda c: c.send_outbound_email(OUTBOUND),
    "add_to_marketing_list": lambda c: c.add_to_marketing_list(CID, [CID]),
}


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize(
    "fault",
    [
        json_response(503, {"error": "busy"}),
        json_response(429, {"error": "slow"}, **{"Retry-After": "1"}),
        httpx.ReadTimeout("slow"),
        httpx.ConnectError("refused"),
    ],
    ids=["503", "429", "timeout", "refused"],
)
async def test_writes_are_never_retried(
    mock_client: MockClientFactory,
    fake_sleep: FakeSleep,
    name: str,
    fault: httpx.Response | Exception,
) -> None:
    client, recorder = mock_client(sequence(fault, json_response(200, {"id": "x"})))
    with pytest.raises((ServerError, RateLimited, NetworkError, OutcomeUnknown)):
        await WRITES[name](client)
    assert recorder.count == 1
    assert recorder.requests[0].method in {"POST", "PATCH", "DELETE"}
    assert fake_sleep.delays == []


@pytest.mark.parametrize("attempts", [0, -1])
async def test_a_policy_of_no_attempts_still_sends_once(
    mock_client: MockClientFactory, attempts: int
) -> None:
    client, recorder = mock_client(
        sequence(json_response(200, COMPANY)), retry=RetryPolicy(attempts=attempts)
    )
    assert (await client.get_company("c-1")).name == "Acme"
    assert recorder.count == 1
