"""What the demo server refuses before it stores anything, and what it never does (5xx)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator

import httpx
import pytest
from demo_support import AUTH, ENTITY, error_of
from fastapi import FastAPI

from crm_tui.demo import DEMO_API_KEY, DEMO_BASE_URL
from crm_tui.demo.fields import MAX_AMOUNT
from crm_tui.demo.limits import MAX_BODY_BYTES
from crm_tui.demo.repo import leads as leads_repo


async def lead_count(client: httpx.AsyncClient) -> int:
    response = await client.get("/leads")
    assert response.status_code == 200, response.text
    return len(response.json())


async def a_lead(client: httpx.AsyncClient) -> dict:
    response = await client.post("/leads", json={"title": "Probe", "value": 100})
    assert response.status_code == 201, response.text
    return dict(response.json())


JSON = {"Content-Type": "application/json"}


def raw_json(text: str) -> dict[str, object]:
    """Send ``text`` as the body as it is (``Infinity`` and ``NaN`` are not JSON)."""
    return {"content": text.encode(), "headers": JSON}


# ------------------------------------------------------------------ numbers

NOT_FINITE = ["Infinity", "-Infinity", "NaN", "1e400"]


@pytest.mark.parametrize("number", NOT_FINITE)
async def test_a_value_that_is_not_finite_is_refused_and_stores_nothing(
    client: httpx.AsyncClient, number: str
) -> None:
    before = await lead_count(client)
    refused = await client.post("/leads", **raw_json(f'{{"title": "inf", "value": {number}}}'))
    assert "value must be a finite number" in error_of(refused, 400)
    assert await lead_count(client) == before
    assert (await client.get("/dashboard")).status_code == 200


@pytest.mark.parametrize("number", NOT_FINITE)
async def test_patching_a_value_that_is_not_finite_is_refused(
    client: httpx.AsyncClient, number: str
) -> None:
    lead = await a_lead(client)
    refused = await client.patch(f"/leads/{lead['id']}", **raw_json(f'{{"value": {number}}}'))
    assert "value must be a finite number" in error_of(refused, 400)
    assert (await client.get(f"/leads/{lead['id']}")).json()["value"] == 100


async def test_amounts_stop_at_the_documented_bound(client: httpx.AsyncClient) -> None:
    too_much = await client.post("/leads", json={"title": "Huge", "value": MAX_AMOUNT * 10})
    assert "'value'" in error_of(too_much, 400)
    document = (await client.get(f"{DEMO_BASE_URL}/openapi.json")).json()
    value = document["components"]["schemas"]["LeadCreate"]["properties"]["value"]
    assert value["anyOf"][0]["maximum"] == MAX_AMOUNT


async def test_the_dashboard_sums_the_largest_amounts_exactly(client: httpx.AsyncClient) -> None:
    before = await stage_value(client, "proposal")
    for title in ("Big one", "Big two"):
        body = {"title": title, "stage": "proposal", "value": MAX_AMOUNT, "probability": 60}
        assert (await client.post("/leads", json=body)).status_code == 201
    assert await stage_value(client, "proposal") == pytest.approx(before + 2 * MAX_AMOUNT)


@pytest.mark.parametrize("value", [float("inf"), 1.7e308, -1.0])
def test_the_database_itself_refuses_amounts_beyond_the_bound(app: FastAPI, value: float) -> None:
    conn = app.state.db
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE leads SET value = ?", (value,))
    conn.rollback()


async def stage_value(client: httpx.AsyncClient, stage: str) -> float:
    response = await client.get("/dashboard")
    assert response.status_code == 200, response.text
    return next(row["value"] for row in response.json()["pipeline"] if row["stage"] == stage)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"value": True}, "value must be a number"),
        ({"value": "100"}, "value must be a number"),
        ({"probability": "50"}, "probability must be a number"),
        ({"probability": 50.5}, "probability must be a whole number"),
        ({"currency": "€€€"}, "'currency'"),
    ],
)
async def test_numbers_are_not_coerced(
    client: httpx.AsyncClient, change: dict[str, object], fragment: str
) -> None:
    lead = await a_lead(client)
    assert fragment in error_of(await client.patch(f"/leads/{lead['id']}", json=change), 400)


async def test_a_whole_number_may_be_written_with_a_point(client: httpx.AsyncClient) -> None:
    lead = await a_lead(client)
    patched = await client.patch(f"/leads/{lead['id']}", json={"probability": 50.0})
    assert patched.status_code == 200 and patched.json()["probability"] == 50


# -------------------------------------------------------------- strict types


async def test_a_flag_is_true_or_false_only(client: httpx.AsyncClient) -> None:
    contact = (await client.post("/contacts", json={"lastName": "Flag"})).json()
    company = (await client.post("/companies", json={"name": "Flag Co"})).json()
    url = f"/contacts/{contact['id']}/company-memberships"
    for flag in (0.0, 1, "true"):
        body = {"companyId": company["id"], "isPrimary": flag}
        assert "'isPrimary'" in error_of(await client.post(url, json=body), 400)
    assert (await client.get(url)).json() == []


@pytest.mark.parametrize("due", [0, 1700000000, "tomorrow", "2025-03-14"])
async def test_a_date_time_is_a_string_with_an_offset(
    client: httpx.AsyncClient, due: object
) -> None:
    body = {"type": "call", "subject": "Due", "dueAt": due}
    assert "dueAt must be a string like" in error_of(
        await client.post("/activities", json=body), 400
    )


@pytest.mark.parametrize(
    "due",
    [
        "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
        "0001-01-01T00:00:00+05:00",  # year 0 in UTC
        "1900-06-01T00:00:00Z",
        "9999-01-01T00:00:00Z",
    ],
)
async def test_date_times_beyond_the_representable_years_are_refused(
    client: httpx.AsyncClient, due: str
) -> None:
    before = len((await client.get("/activities")).json())
    body = {"type": "call", "subject": "Far away", "dueAt": due}
    assert "years 1901-9998" in error_of(await client.post("/activities", json=body), 400)
    assert len((await client.get("/activities")).json()) == before


@pytest.mark.parametrize(
    ("due", "stored"),
    [
        ("1901-01-01T00:00:00+14:00", "1900-12-31T10:00:00Z"),
        ("9998-12-31T23:59:59-14:00", "9999-01-01T13:59:59Z"),
    ],
)
async def test_the_extreme_date_times_are_kept_in_utc(
    client: httpx.AsyncClient, due: str, stored: str
) -> None:
    body = {"type": "call", "subject": "Edge", "dueAt": due}
    created = await client.post("/activities", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["dueAt"] == stored


@pytest.mark.parametrize("day", ["1899-12-31", "10000-01-01", "2025-02-30"])
async def test_dates_out_of_range_are_refused(client: httpx.AsyncClient, day: str) -> None:
    body = {"title": "Dated", "expectedCloseDate": day}
    assert "expectedCloseDate" in error_of(await client.post("/leads", json=body), 400)


async def test_the_document_describes_what_the_server_refuses(client: httpx.AsyncClient) -> None:
    document = (await client.get(f"{DEMO_BASE_URL}/openapi.json")).json()
    schemas = document["components"]["schemas"]
    membership = schemas["MembershipCreate"]["properties"]["isPrimary"]
    assert membership["anyOf"][0] == {"type": "boolean"}
    status = schemas["CompanyUpdate"]["properties"]["status"]
    assert "anyOf" not in status and status["enum"] == ["prospect", "active", "inactive"]
    assert all(
        schema.get("additionalProperties") is False
        for name, schema in schemas.items()
        if name.endswith(("Create", "Update", "Move", "Add")) or name == "OutboundEmail"
    )


async def test_unknown_fields_and_nulls_where_none_is_allowed_are_named(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    company = (await client.post("/companies", json={"name": "Strict Co"})).json()
    url = f"/companies/{company['id']}"
    assert error_of(await client.patch(url, json={"colour": "red"}), 400) == (
        "Unknown body field 'colour'"
    )
    assert "status cannot be null" in error_of(await client.patch(url, json={"status": None}), 400)


async def test_text_that_is_not_unicode_is_refused(client: httpx.AsyncClient) -> None:
    body = raw_json('{"name": "Lone \\ud800 surrogate"}')
    assert "not valid Unicode" in error_of(await client.post("/companies", **body), 400)


# ------------------------------------------------------------------- queries


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": "9223372036854775807", "pageSize": "168"}, "'page'"),
        ({"page": "0"}, "'page'"),
        ({"pageSize": "201"}, "'pageSize'"),
        ({"pageSize": "0"}, "'pageSize'"),
        ({"limit": "99999999999999999999"}, "'limit'"),
        ({"q": "x" * 201}, "'q'"),
        ({"q": "%" + "x" * 50_000}, "'q'"),
        ({"ownerUserId": "someone"}, "'ownerUserId'"),
    ],
)
async def test_list_parameters_out_of_bounds_are_named(
    client: httpx.AsyncClient, params: dict[str, str], name: str
) -> None:
    assert name in error_of(await client.get("/companies", params=params), 400)


async def test_the_longest_search_is_answered(client: httpx.AsyncClient) -> None:
    response = await client.get("/companies", params={"q": "%_" * 100})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("query", ["q=a&q=b", "page=1&page=2", "companyId=x&companyId=y"])
async def test_a_parameter_given_twice_is_refused(anon: httpx.AsyncClient, query: str) -> None:
    url = f"/api/crm/companies?entityId={ENTITY['entityId']}&{query}"
    name = query.split("=")[0]
    assert f"'{name}' is given more than once" in error_of(await anon.get(url, headers=AUTH), 400)


async def test_the_entity_given_twice_is_refused_whatever_the_order(
    anon: httpx.AsyncClient,
) -> None:
    entity = ENTITY["entityId"]
    other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    for pair in ((other, entity), (entity, other), (entity, entity)):
        url = f"/api/crm/leads?entityId={pair[0]}&entityId={pair[1]}"
        message = error_of(await anon.get(url, headers=AUTH), 400)
        assert "'entityId' is given more than once" in message


# -------------------------------------------------------------------- bodies


def notes_body(size: int) -> bytes:
    """A company whose JSON body is exactly ``size`` bytes."""
    shell = json.dumps({"name": "Big", "notes": ""}).encode()
    return json.dumps({"name": "Big", "notes": "n" * (size - len(shell))}).encode()


async def test_a_body_of_the_limit_is_accepted(client: httpx.AsyncClient) -> None:
    body = notes_body(MAX_BODY_BYTES)
    assert len(body) == MAX_BODY_BYTES
    created = await client.post("/companies", content=body, headers=JSON)
    assert created.status_code == 201, created.text[:200]


async def test_a_body_over_the_limit_is_413_and_stores_nothing(client: httpx.AsyncClient) -> None:
    before = (await client.get("/companies")).json()["total"]
    refused = await client.post("/companies", content=notes_body(MAX_BODY_BYTES + 1), headers=JSON)
    assert "larger than 1048576 bytes" in error_of(refused, 413)
    assert (await client.get("/companies")).json()["total"] == before


async def test_a_chunked_body_over_the_limit_is_refused_before_it_is_all_read(
    client: httpx.AsyncClient,
) -> None:
    chunk = 64 * 1024
    chunks_sent = 0

    async def endless() -> AsyncIterator[bytes]:  # 100 MiB, without a Content-Length
        nonlocal chunks_sent
        yield b'{"name": "Flood", "notes": "'
        for _ in range(1600):
            chunks_sent += 1
            yield b"n" * chunk
        yield b'"}'

    refused = await client.post("/companies", content=endless(), headers=JSON)
    assert "Content-Length" not in refused.request.headers
    error_of(refused, 413)
    assert chunks_sent <= MAX_BODY_BYTES // chunk + 1


async def test_a_declared_length_over_the_limit_is_refused_unread(
    client: httpx.AsyncClient,
) -> None:
    async def never_read() -> AsyncIterator[bytes]:
        raise AssertionError("the body was read")
        yield b""  # pragma: no cover

    headers = {"Content-Length": str(MAX_BODY_BYTES + 1), **JSON}
    refused = await client.post("/companies", content=never_read(), headers=headers)
    error_of(refused, 413)


# ---------------------------------------------------------------------- 405


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/activities", "GET, POST"),
        ("PUT", "/companies", "GET, POST"),
        ("DELETE", "/companies/x", "GET, PATCH"),
        ("GET", "/contacts/x/company-memberships/y", "DELETE, PATCH"),
        ("DELETE", "/contacts/x", "GET, PATCH"),
    ],
)
async def test_a_405_allows_every_method_of_the_path(
    client: httpx.AsyncClient, method: str, path: str, allowed: str
) -> None:
    response = await client.request(method, path)
    error_of(response, 405)
    assert response.headers["Allow"] == allowed


# ---------------------------------------------------------------------- 500


async def test_a_bug_answers_500_is_logged_and_leaves_nothing_behind(
    app: FastAPI,
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = await lead_count(client)

    def broken_read(*args: object) -> None:  # fails after the lead is inserted
        raise RuntimeError("the read after the write broke")

    monkeypatch.setattr(leads_repo, "get_lead", broken_read)
    quiet = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url=f"{DEMO_BASE_URL}/api/crm",
        headers=AUTH,
        params=ENTITY,
    )
    with caplog.at_level(logging.ERROR, logger="crm_tui.demo"):
        async with quiet:
            failed = await quiet.post("/leads", json={"title": "Half written", "value": 5})
    assert error_of(failed, 500) == "Internal server error (RuntimeError)"
    assert "POST /api/crm/leads failed" in caplog.text
    assert "the read after the write broke" in caplog.text
    assert DEMO_API_KEY not in caplog.text
    monkeypatch.undo()
    assert await lead_count(client) == before
