"""Tolerant reading: bare arrays, envelopes, unknown fields kept, missing fields fine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from crm_tui.api import CrmClient
from crm_tui.api.models import CompanyUpdate, LeadUpdate

from .conftest import MockClientFactory, json_response

ROWS = [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}]


def always(response: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: response


@pytest.mark.parametrize(
    "body",
    [
        ROWS,
        {"items": ROWS},
        {"data": ROWS},
        {"results": ROWS},
        {"companies": ROWS},
    ],
    ids=["bare", "items", "data", "results", "resource-named"],
)
async def test_a_list_may_come_bare_or_enveloped(mock_client: MockClientFactory, body: Any) -> None:
    client, _ = mock_client(always(json_response(200, body)))
    page = await client.list_companies()
    assert [(c.id, c.name) for c in page.items] == [("a", "Alpha"), ("b", "Beta")]


@pytest.mark.parametrize(
    ("call", "envelope"),
    [
        ("list_contacts", "contacts"),
        ("list_leads", "leads"),
        ("list_activities", "activities"),
        ("list_tasks", "tasks"),
        ("list_email_connections", "connections"),
        ("list_memberships", "memberships"),
        ("list_company_contacts", "contacts"),
        ("get_timeline", "timeline"),
    ],
)
async def test_every_list_reads_its_resource_named_envelope(
    mock_client: MockClientFactory, call: str, envelope: str
) -> None:
    client, _ = mock_client(always(json_response(200, {envelope: [{"id": "x1"}, {"id": "x2"}]})))
    calls: dict[str, Callable[[CrmClient], Awaitable[list[Any]]]] = {
        "list_contacts": lambda c: c.list_contacts(),
        "list_leads": lambda c: c.list_leads(),
        "list_activities": lambda c: c.list_activities(),
        "list_tasks": lambda c: c.list_tasks(),
        "list_email_connections": lambda c: c.list_email_connections(),
        "list_memberships": lambda c: c.list_memberships("k"),
        "list_company_contacts": lambda c: c.list_company_contacts("k"),
        "get_timeline": lambda c: c.get_timeline("k"),
    }
    items = await calls[call](client)
    assert [item.id for item in items] == ["x1", "x2"]


async def test_an_envelope_carries_paging(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(
        always(json_response(200, {"items": ROWS, "total": 7, "page": 2, "pageSize": 2}))
    )
    page = await client.list_companies(page=2, page_size=2)
    assert (page.total, page.page, page.page_size, page.page_count) == (7, 2, 2, 4)
    assert page.has_next


async def test_an_empty_list_answer_is_an_empty_list(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(always(httpx.Response(200)))
    assert await client.list_leads() == []
    assert await client.list_tasks() == []


async def test_unknown_fields_are_kept(mock_client: MockClientFactory) -> None:
    body = {"id": "a", "name": "Alpha", "favouriteColour": "teal", "tier": {"level": 3}}
    client, _ = mock_client(always(json_response(200, body)))
    company = await client.get_company("a")
    assert company.name == "Alpha"
    assert company.model_extra == {"favouriteColour": "teal", "tier": {"level": 3}}


async def test_missing_fields_are_fine(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(always(json_response(200, {"id": "l-1"})))
    lead = await client.get_lead("l-1")
    assert lead.id == "l-1"
    assert lead.title == ""
    assert lead.stage == "new"
    assert lead.value is None and lead.probability is None
    assert lead.weighted_value == 0.0


async def test_an_unknown_stage_is_kept(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(always(json_response(200, [{"id": "l-1", "stage": "on_hold"}])))
    [lead] = await client.list_leads()
    assert lead.stage == "on_hold"


async def test_a_wrapped_single_record_is_unwrapped(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(always(json_response(200, {"company": {"id": "a", "name": "Alpha"}})))
    company = await client.get_company("a")
    assert (company.id, company.name) == ("a", "Alpha")


async def test_an_empty_dashboard_is_all_missing(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(always(json_response(200, {})))
    dashboard = await client.get_dashboard()
    assert dashboard.pipeline is None
    assert dashboard.win_rate is None


async def test_an_empty_patch_answer_refetches_the_record(mock_client: MockClientFactory) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(204)
        if request.url.path.endswith("/companies/a"):
            return json_response(200, {"id": "a", "name": "Renamed"})
        return json_response(200, {"id": "l", "title": "Deal", "stage": "won"})

    client, recorder = mock_client(handler)
    company = await client.update_company("a", CompanyUpdate(name="Renamed"))
    assert company.name == "Renamed"
    lead = await client.move_lead_stage("l", "won")
    assert lead.stage == "won"
    lead = await client.update_lead("l", LeadUpdate(value=5))
    assert lead.title == "Deal"
    assert [r.method for r in recorder.requests] == ["PATCH", "GET"] * 3


async def test_an_empty_marketing_list_answer_counts_what_was_sent(
    mock_client: MockClientFactory,
) -> None:
    client, recorder = mock_client(always(httpx.Response(200)))
    result = await client.add_to_marketing_list("list-1", ["a", "b", "c"])
    assert (result.list_id, result.added, result.already_present) == ("list-1", 3, 0)
    assert recorder.requests[0].read() == b'{"listId":"list-1","companyIds":["a","b","c"]}'


async def test_an_empty_outbound_email_answer_is_none(mock_client: MockClientFactory) -> None:
    from crm_tui.api.models import OutboundEmail

    client, _ = mock_client(always(httpx.Response(202)))
    sent = await client.send_outbound_email(
        OutboundEmail(lead_id="l", connection_id="c", channel="gmail", subject="s", html_body="b")
    )
    assert sent is None


async def test_what_every_request_carries(mock_client: MockClientFactory) -> None:
    from .conftest import ENTITY_ID, SECRET_KEY

    client, recorder = mock_client(always(json_response(200, [])))
    await client.list_companies(status="active", q="", owner_user_id="me", page=3, page_size=25)
    [request] = recorder.requests
    assert request.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert request.url.path == "/api/crm/companies"
    assert dict(request.url.params) == {
        "entityId": ENTITY_ID,
        "status": "active",
        "ownerUserId": "me",
        "page": "3",
        "pageSize": "25",
    }


async def test_ids_are_quoted_into_one_path_segment(mock_client: MockClientFactory) -> None:
    client, recorder = mock_client(always(json_response(200, {"id": "x"})))
    await client.get_company("../leads/x?y")
    assert recorder.requests[0].url.raw_path.startswith(b"/api/crm/companies/..%2Fleads%2Fx%3Fy?")


# ---------------------------------------------------------------- iter_companies


def paged_handler(total: int, *, send_total: bool) -> Callable[[httpx.Request], httpx.Response]:
    rows = [{"id": f"c{i:03d}", "name": f"Company {i}"} for i in range(total)]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        size = int(request.url.params["pageSize"])
        chunk = rows[(page - 1) * size : page * size]
        body: dict[str, Any] = {"items": chunk, "page": page, "pageSize": size}
        if send_total:
            body["total"] = total
        return json_response(200, body)

    return handler


@pytest.mark.parametrize("send_total", [True, False], ids=["with-total", "without-total"])
@pytest.mark.parametrize("total", [0, 1, 9, 10, 11, 30])
async def test_iter_companies_yields_each_exactly_once(
    mock_client: MockClientFactory, total: int, send_total: bool
) -> None:
    client, recorder = mock_client(paged_handler(total, send_total=send_total))
    seen = [c.id async for c in client.iter_companies(page_size=10)]
    assert seen == [f"c{i:03d}" for i in range(total)]
    pages = -(-total // 10)
    if send_total:
        assert recorder.count == max(1, pages)
    else:
        # Without a total, a full page means "maybe more": one extra, empty page is read.
        assert recorder.count == pages + (1 if total % 10 == 0 else 0)


async def test_iter_companies_over_a_bare_array_reads_it_once(
    mock_client: MockClientFactory,
) -> None:
    """A server that does not page answers everything at once: no second request."""
    rows = [{"id": f"c{i}"} for i in range(250)]
    client, recorder = mock_client(always(json_response(200, rows)))
    seen = [c.id async for c in client.iter_companies(page_size=100)]
    assert seen == [row["id"] for row in rows]
    assert recorder.count == 1
