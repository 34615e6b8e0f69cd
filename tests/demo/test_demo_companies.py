"""Companies: filters, search, paging with totals, create, update, 404s and 400s."""

from __future__ import annotations

import httpx
import pytest
from demo_support import NOW_WIRE, all_companies, error_of

from crm_tui.demo import DEMO_USER_ID, DEMO_USER_NAME

TOTAL = 40


async def test_default_page_is_25_ordered_by_name_with_total(client: httpx.AsyncClient) -> None:
    body = (await client.get("/companies")).json()
    assert set(body) == {"items", "total", "page", "pageSize"}
    assert (body["total"], body["page"], body["pageSize"]) == (TOTAL, 1, 25)
    assert len(body["items"]) == 25
    names = [company["name"] for company in await all_companies(client)]
    assert names[0] == "100% Natural Juice Co."
    # accent- and case-folded order: Ålesund sorts with the A's, not after Zephyr
    assert names[1:3] == ["Ålesund Seafood Export", "Aurora Biotech"]
    assert names[-1] == "Zephyr Wind Services"


async def test_pages_partition_the_list(client: httpx.AsyncClient) -> None:
    everything = [c["id"] for c in await all_companies(client)]
    seen: list[str] = []
    for page in (1, 2, 3):
        body = (await client.get("/companies", params={"page": page, "pageSize": 15})).json()
        assert (body["total"], body["page"], body["pageSize"]) == (TOTAL, page, 15)
        seen += [c["id"] for c in body["items"]]
    assert seen == everything
    beyond = (await client.get("/companies", params={"page": 9, "pageSize": 15})).json()
    assert beyond["items"] == [] and beyond["total"] == TOTAL


async def test_legacy_limit_caps_page_size_only_without_page(client: httpx.AsyncClient) -> None:
    capped = (await client.get("/companies", params={"limit": 5})).json()
    assert len(capped["items"]) == 5 and capped["pageSize"] == 5
    huge = (await client.get("/companies", params={"limit": 1000})).json()
    assert huge["pageSize"] == 200 and len(huge["items"]) == TOTAL
    ignored = (await client.get("/companies", params={"limit": 5, "page": 1})).json()
    assert ignored["pageSize"] == 25


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pageSize": 0}, "pageSize"),
        ({"pageSize": 201}, "pageSize"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"limit": 0}, "limit"),
        ({"status": "dormant"}, "status"),
        ({"ownerUserId": "bob"}, "ownerUserId"),
    ],
)
async def test_bad_query_values_are_400_naming_the_field(
    client: httpx.AsyncClient, params: dict[str, object], field: str
) -> None:
    assert f"'{field}'" in error_of(await client.get("/companies", params=params), 400)


async def test_status_filter_counts_add_up(client: httpx.AsyncClient) -> None:
    totals = 0
    for status in ("prospect", "active", "inactive"):
        body = (await client.get("/companies", params={"status": status, "pageSize": 200})).json()
        assert body["total"] == len(body["items"]) > 0
        assert {company["status"] for company in body["items"]} == {status}
        totals += body["total"]
    assert totals == TOTAL


async def test_owner_filter_me_unassigned_and_uuid(client: httpx.AsyncClient) -> None:
    everything = await all_companies(client)
    mine = await all_companies(client, ownerUserId="me")
    assert mine and {c["ownerUserId"] for c in mine} == {DEMO_USER_ID}
    assert {c["ownerName"] for c in mine} == {DEMO_USER_NAME}
    assert mine == [c for c in everything if c["ownerUserId"] == DEMO_USER_ID]
    unassigned = await all_companies(client, ownerUserId="unassigned")
    assert unassigned and all(c["ownerUserId"] is None for c in unassigned)
    assert len(unassigned) == sum(c["ownerUserId"] is None for c in everything)
    by_uuid = await all_companies(client, ownerUserId=DEMO_USER_ID)
    assert by_uuid == mine
    nobody = await all_companies(client, ownerUserId="00000000-0000-4000-8000-000000000000")
    assert nobody == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("%", ["100% Natural Juice Co."]),
        ("_", ["Data_Forge Labs"]),
        ("NORTHWIND", ["Northwind Logistics"]),
        ("ålesund", ["Ålesund Seafood Export"]),
        ("ü", ["Café Müller Catering"]),
        ("  pine  ", ["Harbor & Pine Architects"]),
    ],
)
async def test_search_is_a_literal_case_insensitive_substring(
    client: httpx.AsyncClient, q: str, expected: list[str]
) -> None:
    body = (await client.get("/companies", params={"q": q})).json()
    assert [c["name"] for c in body["items"]] == expected
    assert body["total"] == len(expected)


async def test_search_combines_with_filters_and_paging(client: httpx.AsyncClient) -> None:
    everything = await all_companies(client)
    expected = [c for c in everything if "o" in c["name"].casefold() and c["status"] == "active"]
    body = (
        await client.get("/companies", params={"q": "O", "status": "active", "pageSize": 3})
    ).json()
    assert body["total"] == len(expected) > 3
    assert body["items"] == expected[:3]


async def test_create_company_defaults_and_appears_in_the_list(client: httpx.AsyncClient) -> None:
    response = await client.post("/companies", json={"name": "  Acme Rockets  ", "city": "Kiel"})
    assert response.status_code == 201
    company = response.json()
    assert company["name"] == "Acme Rockets"
    assert company["status"] == "prospect"
    assert (company["ownerUserId"], company["ownerName"]) == (DEMO_USER_ID, DEMO_USER_NAME)
    assert company["createdAt"] == company["updatedAt"] == NOW_WIRE
    fetched = await client.get(f"/companies/{company['id']}")
    assert fetched.json() == company
    listed = (await client.get("/companies", params={"q": "rockets"})).json()
    assert listed["items"] == [company]
    assert (await client.get("/companies")).json()["total"] == TOTAL + 1


async def test_create_company_explicit_null_owner_is_unassigned(
    client: httpx.AsyncClient,
) -> None:
    company = (await client.post("/companies", json={"name": "Loose", "ownerUserId": None})).json()
    assert company["ownerUserId"] is None and company["ownerName"] is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "'name'"),
        ({"name": "   "}, "'name' cannot be blank"),
        ({"name": "X", "status": "dormant"}, "status must be one of"),
        ({"name": "X", "email": "not-an-address"}, "email"),
        ({"name": "X", "ownerUserId": "00000000-0000-4000-8000-000000000000"}, "ownerUserId"),
        ([1, 2], "JSON object"),
    ],
)
async def test_create_company_refuses_bad_bodies(
    client: httpx.AsyncClient, body: object, fragment: str
) -> None:
    assert fragment in error_of(await client.post("/companies", json=body), 400)


async def test_bad_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/companies", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert "not valid JSON" in error_of(response, 400)


async def test_patch_changes_only_sent_fields(client: httpx.AsyncClient) -> None:
    before = (await all_companies(client, q="Northwind"))[0]
    response = await client.patch(
        f"/companies/{before['id']}", json={"city": "Kiel", "notes": None, "ownerUserId": "me"}
    )
    assert response.status_code == 200
    after = response.json()
    assert after["city"] == "Kiel" and after["notes"] is None
    assert after["ownerUserId"] == DEMO_USER_ID
    assert after["updatedAt"] == NOW_WIRE
    unchanged = {"city", "notes", "ownerUserId", "ownerName", "updatedAt"}
    assert {k: v for k, v in after.items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }
    assert (await client.get(f"/companies/{before['id']}")).json() == after


async def test_patch_rename_is_searchable(client: httpx.AsyncClient) -> None:
    company = (await all_companies(client, q="Bluefin"))[0]
    await client.patch(f"/companies/{company['id']}", json={"name": "Bluewhale Analytics"})
    assert await all_companies(client, q="bluefin") == []
    assert [c["id"] for c in await all_companies(client, q="bluewhale")] == [company["id"]]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"name": None}, "name cannot be null"),
        ({"name": ""}, "'name' cannot be blank"),
        ({"status": None}, "status cannot be null"),
        ({"status": "gone"}, "status must be one of"),
    ],
)
async def test_patch_refuses_bad_values(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    company = (await all_companies(client))[0]
    response = await client.patch(f"/companies/{company['id']}", json=body)
    assert fragment in error_of(response, 400)


async def test_unknown_company_is_404_naming_it(client: httpx.AsyncClient) -> None:
    missing = "00000000-0000-4000-8000-00000000dead"
    for response in (
        await client.get(f"/companies/{missing}"),
        await client.patch(f"/companies/{missing}", json={"city": "X"}),
        await client.get(f"/companies/{missing}/contacts"),
    ):
        assert error_of(response, 404) == f"No company with id '{missing}'"


async def test_company_contacts_are_its_members(client: httpx.AsyncClient) -> None:
    company = (await all_companies(client, q="Northwind"))[0]
    contacts = (await client.get(f"/companies/{company['id']}/contacts")).json()
    assert contacts
    for contact in contacts:
        memberships = (await client.get(f"/contacts/{contact['id']}/company-memberships")).json()
        assert company["id"] in {m["companyId"] for m in memberships}
    filtered = (await client.get("/contacts", params={"companyId": company["id"]})).json()
    assert filtered == contacts
