"""Writes while the server is unreachable: refused at once, never queued nor sent blind;
and the answers a query keeps, handed to the recorder as the server sent them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crm_tui.api import NO_RETRY, NetworkError, Offline, UnexpectedResponse, queries
from crm_tui.api.models import CompanyCreate

from .conftest import SECRET_KEY, MockClientFactory, json_response

COMPANY = {"id": "c1", "name": "Acme", "status": "prospect"}


class Switch:
    """A server that can be cut off and brought back."""

    def __init__(self) -> None:
        self.up = True

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        if request.method == "POST":
            return json_response(201, COMPANY)
        if request.url.path.endswith("/dashboard"):
            return json_response(200, {"openTasks": 4})
        return json_response(200, [])


async def test_a_write_after_the_server_went_away_is_refused_without_being_sent(
    mock_client: MockClientFactory,
) -> None:
    server = Switch()
    client, recorder = mock_client(server, retry=NO_RETRY)
    server.up = False
    with pytest.raises(NetworkError):
        await client.get_dashboard()
    assert client.unreachable_since is not None
    with pytest.raises(Offline) as refused:
        await client.create_company(CompanyCreate(name="Never sent"))
    assert "was not sent" in refused.value.message
    assert "Nothing was changed" in refused.value.message
    assert [r.method for r in recorder.requests] == ["GET", "GET"]  # the load, then one probe
    assert SECRET_KEY not in refused.value.message


async def test_a_write_goes_out_once_the_server_is_back(mock_client: MockClientFactory) -> None:
    server = Switch()
    client, recorder = mock_client(server, retry=NO_RETRY)
    server.up = False
    with pytest.raises(NetworkError):
        await client.get_dashboard()
    server.up = True
    created = await client.create_company(CompanyCreate(name="Acme"))
    assert created.name == "Acme"
    # The failed load, the probe, then the write (the client may read the record back).
    assert [r.method for r in recorder.requests][:3] == ["GET", "GET", "POST"]
    assert client.unreachable_since is None


async def test_a_write_while_the_server_answers_sends_no_probe(
    mock_client: MockClientFactory,
) -> None:
    client, recorder = mock_client(Switch(), retry=NO_RETRY)
    await client.create_company(CompanyCreate(name="Acme"))
    assert recorder.requests[0].method == "POST"  # no probe first


async def test_answers_worth_keeping_reach_the_recorder_raw(
    mock_client: MockClientFactory,
) -> None:
    client, _ = mock_client(Switch(), retry=NO_RETRY)
    kept: dict[str, Any] = {}
    client.record_answers(kept.__setitem__)
    await client.get_dashboard()
    await client.list_companies(page=1, page_size=50)
    await client.list_companies(q="acme", page=1, page_size=50)  # a search: not kept
    await client.list_companies(page=2, page_size=50)  # not the first page: not kept
    assert kept == {
        queries.dashboard().key: {"openTasks": 4},
        queries.companies(page=1, page_size=50).key: [],
    }
    assert queries.companies(page=1, page_size=50).key == "/companies?page=1&pageSize=50"


async def test_an_answer_that_does_not_read_is_not_kept(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(lambda request: json_response(200, "not a dashboard"))
    kept: dict[str, Any] = {}
    client.record_answers(kept.__setitem__)
    with pytest.raises(UnexpectedResponse):
        await client.get_dashboard()
    assert kept == {}


def test_a_kept_answer_reads_back_as_a_fresh_one_would() -> None:
    dashboard = queries.dashboard().read({"openTasks": 4, "futureField": 1})
    assert dashboard.open_tasks == 4
