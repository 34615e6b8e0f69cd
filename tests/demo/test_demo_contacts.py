"""Contacts and their company memberships (primary company kept in step)."""

from __future__ import annotations

import unicodedata

import httpx
import pytest
from demo_support import AUTH, ENTITY, NOW_WIRE, all_companies, error_of

MISSING = "00000000-0000-4000-8000-00000000dead"


def folded(text: str | None) -> str:
    plain = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()


async def companies_by_name(client: httpx.AsyncClient) -> dict[str, dict]:
    return {c["name"]: c for c in await all_companies(client)}


async def test_contacts_are_ordered_by_last_then_first_name(client: httpx.AsyncClient) -> None:
    contacts = (await client.get("/contacts")).json()
    assert len(contacts) == 80
    keys = [(folded(c["lastName"]), folded(c["firstName"])) for c in contacts]
    assert keys == sorted(keys)


async def test_contact_company_is_the_primary_membership(client: httpx.AsyncClient) -> None:
    contacts = (await client.get("/contacts")).json()
    with_two = 0
    for contact in contacts[:30]:
        memberships = (await client.get(f"/contacts/{contact['id']}/company-memberships")).json()
        primary = [m for m in memberships if m["isPrimary"]]
        if contact["companyId"] is None:
            assert primary == []
        else:
            assert [(m["companyId"], m["companyName"]) for m in primary] == [
                (contact["companyId"], contact["companyName"])
            ]
            assert memberships[0] == primary[0]  # primary first
        with_two += len(memberships) == 2
    assert with_two > 0


async def test_company_filter_must_be_a_uuid(client: httpx.AsyncClient) -> None:
    assert "'companyId'" in error_of(await client.get("/contacts", params={"companyId": "x"}), 400)


async def test_create_contact_with_company_makes_a_primary_membership(
    client: httpx.AsyncClient,
) -> None:
    company = (await companies_by_name(client))["Polaris Freight"]
    response = await client.post(
        "/contacts",
        json={
            "firstName": "Ada",
            "lastName": "Lovelace",
            "email": "ada@polaris-freight.example",
            "title": "CTO",
            "companyId": company["id"],
        },
    )
    assert response.status_code == 201
    contact = response.json()
    assert (contact["companyId"], contact["companyName"]) == (company["id"], "Polaris Freight")
    assert contact["createdAt"] == NOW_WIRE
    memberships = (await client.get(f"/contacts/{contact['id']}/company-memberships")).json()
    assert [(m["companyId"], m["isPrimary"], m["role"]) for m in memberships] == [
        (company["id"], True, "CTO")
    ]
    assert (await client.get(f"/contacts/{contact['id']}")).json() == contact
    assert contact in (await client.get(f"/companies/{company['id']}/contacts")).json()


async def test_create_contact_with_email_only(client: httpx.AsyncClient) -> None:
    response = await client.post("/contacts", json={"email": "someone@example.org"})
    assert response.status_code == 201
    assert response.json()["companyId"] is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "at least a firstName, a lastName or an email"),
        ({"firstName": "  ", "lastName": ""}, "at least a firstName"),
        ({"firstName": "A", "email": "nope"}, "email"),
        ({"firstName": "A", "companyId": MISSING}, f"companyId: no company with id '{MISSING}'"),
    ],
)
async def test_create_contact_refuses_bad_bodies(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    assert fragment in error_of(await client.post("/contacts", json=body), 400)


async def test_patch_contact_changes_sent_fields_and_primary_company(
    client: httpx.AsyncClient,
) -> None:
    contact = (await client.get("/contacts")).json()[0]
    target = (await companies_by_name(client))["Umbra Lighting"]
    response = await client.patch(
        f"/contacts/{contact['id']}", json={"lastName": "Zzyzx", "companyId": target["id"]}
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["lastName"] == "Zzyzx" and updated["firstName"] == contact["firstName"]
    assert (updated["companyId"], updated["companyName"]) == (target["id"], "Umbra Lighting")
    memberships = (await client.get(f"/contacts/{contact['id']}/company-memberships")).json()
    assert [m["companyId"] for m in memberships if m["isPrimary"]] == [target["id"]]
    # the list order follows the new last name
    assert (await client.get("/contacts")).json()[-1]["id"] == contact["id"]


async def test_patch_contact_cannot_remove_every_name(client: httpx.AsyncClient) -> None:
    created = (await client.post("/contacts", json={"firstName": "Solo"})).json()
    response = await client.patch(f"/contacts/{created['id']}", json={"firstName": None})
    assert "at least a firstName" in error_of(response, 400)


async def test_unknown_contact_is_404(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get(f"/contacts/{MISSING}"),
        await client.patch(f"/contacts/{MISSING}", json={"title": "X"}),
        await client.get(f"/contacts/{MISSING}/company-memberships"),
        await client.post(f"/contacts/{MISSING}/company-memberships", json={"companyId": MISSING}),
    ):
        assert error_of(response, 404) == f"No contact with id '{MISSING}'"


async def test_deleting_a_contact_is_405_with_a_clear_message(
    client: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    contact = (await client.get("/contacts")).json()[0]
    expected = "Deleting contacts is not supported by the Axiomatic CRM API"
    response = await client.delete(f"/contacts/{contact['id']}")
    assert error_of(response, 405) == expected
    assert response.headers["allow"] == "GET, PATCH"
    assert error_of(await client.delete(f"/contacts/{MISSING}"), 405) == expected
    assert (await client.get(f"/contacts/{contact['id']}")).status_code == 200
    unauthenticated = await anon.delete(f"/api/crm/contacts/{contact['id']}", params=ENTITY)
    assert unauthenticated.status_code == 401


async def new_contact(client: httpx.AsyncClient, company_id: str | None = None) -> dict:
    body: dict[str, object] = {"firstName": "Mem", "lastName": "Ber"}
    if company_id:
        body["companyId"] = company_id
    return dict((await client.post("/contacts", json=body)).json())


async def test_first_membership_is_primary_then_others_are_not(
    client: httpx.AsyncClient,
) -> None:
    companies = await companies_by_name(client)
    contact = await new_contact(client)
    url = f"/contacts/{contact['id']}/company-memberships"
    first = await client.post(url, json={"companyId": companies["Aurora Biotech"]["id"]})
    assert first.status_code == 201
    assert first.json()["isPrimary"] is True
    assert first.json()["companyName"] == "Aurora Biotech"
    second = await client.post(
        url, json={"companyId": companies["Helios Renewables"]["id"], "role": "Advisor"}
    )
    assert (second.json()["isPrimary"], second.json()["role"]) == (False, "Advisor")
    refreshed = (await client.get(f"/contacts/{contact['id']}")).json()
    assert refreshed["companyName"] == "Aurora Biotech"


async def test_is_primary_moves_the_contact_company(client: httpx.AsyncClient) -> None:
    companies = await companies_by_name(client)
    contact = await new_contact(client, companies["Aurora Biotech"]["id"])
    url = f"/contacts/{contact['id']}/company-memberships"
    added = (
        await client.post(
            url, json={"companyId": companies["Helios Renewables"]["id"], "isPrimary": True}
        )
    ).json()
    assert added["isPrimary"] is True
    memberships = (await client.get(url)).json()
    assert [(m["companyName"], m["isPrimary"]) for m in memberships] == [
        ("Helios Renewables", True),
        ("Aurora Biotech", False),
    ]
    refreshed = (await client.get(f"/contacts/{contact['id']}")).json()
    assert refreshed["companyName"] == "Helios Renewables"


async def test_membership_conflicts_and_bad_company(client: httpx.AsyncClient) -> None:
    companies = await companies_by_name(client)
    contact = await new_contact(client, companies["Aurora Biotech"]["id"])
    url = f"/contacts/{contact['id']}/company-memberships"
    duplicate = await client.post(url, json={"companyId": companies["Aurora Biotech"]["id"]})
    assert "already linked" in error_of(duplicate, 409)
    unknown = await client.post(url, json={"companyId": MISSING})
    assert f"no company with id '{MISSING}'" in error_of(unknown, 400)
    assert "'companyId'" in error_of(await client.post(url, json={}), 400)


async def test_patch_membership_role_and_primary_flag(client: httpx.AsyncClient) -> None:
    companies = await companies_by_name(client)
    contact = await new_contact(client, companies["Aurora Biotech"]["id"])
    url = f"/contacts/{contact['id']}/company-memberships"
    membership = (await client.get(url)).json()[0]
    response = await client.patch(f"{url}/{membership['id']}", json={"role": "Chair"})
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["isPrimary"]) == ("Chair", True)
    demoted = (await client.patch(f"{url}/{membership['id']}", json={"isPrimary": False})).json()
    assert demoted["isPrimary"] is False
    assert (await client.get(f"/contacts/{contact['id']}")).json()["companyId"] is None
    promoted = (await client.patch(f"{url}/{membership['id']}", json={"isPrimary": True})).json()
    assert promoted["isPrimary"] is True
    assert (await client.get(f"/contacts/{contact['id']}")).json()["companyName"] == (
        "Aurora Biotech"
    )


async def test_delete_membership(client: httpx.AsyncClient) -> None:
    companies = await companies_by_name(client)
    contact = await new_contact(client, companies["Aurora Biotech"]["id"])
    url = f"/contacts/{contact['id']}/company-memberships"
    membership = (await client.get(url)).json()[0]
    response = await client.delete(f"{url}/{membership['id']}")
    assert response.status_code == 200
    assert response.json() == {"deleted": True, "id": membership["id"]}
    assert (await client.get(url)).json() == []
    assert (await client.get(f"/contacts/{contact['id']}")).json()["companyId"] is None
    again = await client.delete(f"{url}/{membership['id']}")
    assert error_of(again, 404) == f"No company membership with id '{membership['id']}'"


async def test_membership_of_another_contact_is_404(client: httpx.AsyncClient) -> None:
    companies = await companies_by_name(client)
    owner = await new_contact(client, companies["Aurora Biotech"]["id"])
    other = await new_contact(client)
    membership = (await client.get(f"/contacts/{owner['id']}/company-memberships")).json()[0]
    url = f"/contacts/{other['id']}/company-memberships/{membership['id']}"
    assert (await client.patch(url, json={"role": "X"})).status_code == 404
    assert (await client.delete(url)).status_code == 404


async def test_membership_routes_need_auth(anon: httpx.AsyncClient) -> None:
    response = await anon.get(f"/api/crm/contacts/{MISSING}/company-memberships", params=ENTITY)
    assert response.status_code == 401
    response = await anon.get(
        f"/api/crm/contacts/{MISSING}/company-memberships", params=ENTITY, headers=AUTH
    )
    assert response.status_code == 404
