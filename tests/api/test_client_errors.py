"""The typed errors, each produced by a real answer of the demo backend.

Each carries the server's own message and status, and none is retried: a 4xx is
final, so exactly one request goes out even though the client's policy retries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from crm_tui.api import (
    ApiStatusError,
    Conflict,
    CrmClient,
    Forbidden,
    InvalidRequest,
    NotFound,
    NotSupported,
    Unauthorized,
)
from crm_tui.api.models import CompanyCreate, ContactCreate, LeadCreate, MembershipCreate

from .conftest import FakeSleep

MISSING = "00000000-0000-4000-8000-000000000000"


async def test_401_for_a_key_the_server_does_not_know(
    make_demo_client: Callable[..., CrmClient], fake_sleep: FakeSleep
) -> None:
    client = make_demo_client(api_key="ak_not_the_demo_key_123")
    with pytest.raises(Unauthorized) as caught:
        await client.list_companies()
    assert caught.value.status == 401
    assert caught.value.message == "Unknown API key"
    assert client.request_count == 1
    assert fake_sleep.delays == []


async def test_403_for_an_entity_that_is_not_the_keys(
    make_demo_client: Callable[..., CrmClient], demo_identity: Any
) -> None:
    client = make_demo_client(entity_id=demo_identity.OTHER_ENTITY_ID)
    with pytest.raises(Forbidden) as caught:
        await client.get_dashboard()
    assert caught.value.status == 403
    assert demo_identity.OTHER_ENTITY_ID in caught.value.message
    assert client.request_count == 1


async def test_403_applies_to_writes_too(
    make_demo_client: Callable[..., CrmClient], demo_identity: Any
) -> None:
    client = make_demo_client(entity_id=demo_identity.OTHER_ENTITY_ID)
    with pytest.raises(Forbidden):
        await client.create_company(CompanyCreate(name="Not yours"))
    # Nothing was written for the key's entity either.
    own = make_demo_client()
    assert (await own.list_companies(q="Not yours")).total == 0


async def test_404_names_the_missing_record(client: CrmClient) -> None:
    with pytest.raises(NotFound) as caught:
        await client.get_lead(MISSING)
    assert caught.value.status == 404
    assert caught.value.message == f"No lead with id '{MISSING}'"
    assert client.request_count == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (CompanyCreate(name="Odd", status="dormant"), "status must be one of"),
        (CompanyCreate(name="Odd", email="not-an-address"), "not an e-mail address"),
        (CompanyCreate(name="Odd", owner_user_id=MISSING), "ownerUserId"),
        (ContactCreate(), "needs at least a firstName, a lastName or an email"),
        (ContactCreate(first_name="Ana", company_id=MISSING), "companyId"),
        (LeadCreate.model_construct(title="Odd", value=-5), "value cannot be negative"),
        (LeadCreate(title="Odd", currency="EURO"), "currency"),
        (LeadCreate(title="Odd", stage="on_hold"), "stage"),
    ],
    ids=[
        "company-status",
        "company-email",
        "company-owner",
        "contact-empty",
        "contact-company",
        "lead-value",
        "lead-currency",
        "lead-stage",
    ],
)
async def test_400_carries_the_servers_explanation(
    client: CrmClient, body: Any, words: str
) -> None:
    create = {
        CompanyCreate: client.create_company,
        ContactCreate: client.create_contact,
        LeadCreate: client.create_lead,
    }[type(body)]
    with pytest.raises(InvalidRequest) as caught:
        await create(body)
    assert caught.value.status == 400
    assert words in caught.value.message
    assert client.request_count == 1


async def test_400_for_a_body_of_the_wrong_shape(client: CrmClient) -> None:
    """A body the server's model refuses (a required field missing) is a 400, not a 422."""
    bad = MembershipCreate.model_construct(role="Advisor")  # no companyId
    contact = (await client.list_contacts())[0]
    with pytest.raises(InvalidRequest) as caught:
        await client.add_membership(contact.id, bad)
    assert caught.value.status == 400
    assert "companyId" in caught.value.message


async def test_405_for_deleting_a_contact(client: CrmClient) -> None:
    with pytest.raises(NotSupported) as caught:
        await client.delete_contact(MISSING)
    assert caught.value.status == 405
    assert "not supported" in caught.value.message


async def test_409_for_a_membership_that_exists(client: CrmClient) -> None:
    contact = next(c for c in await client.list_contacts() if c.company_id)
    assert contact.company_id is not None
    with pytest.raises(Conflict) as caught:
        await client.add_membership(contact.id, MembershipCreate(company_id=contact.company_id))
    assert caught.value.status == 409


# ------------------------------------------------------- below the client: bodies


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"{not json", "JSON"), (b"[]", ""), (b'{"name": 42}', "name")],
    ids=["malformed-json", "array", "wrong-type"],
)
async def test_400_for_bodies_the_client_would_never_send(
    demo_transport: httpx.ASGITransport, demo_identity: Any, content: bytes, words: str
) -> None:
    """Every refusal of a body is a 400 with an ``error`` string, whatever went wrong."""
    async with httpx.AsyncClient(
        transport=demo_transport,
        base_url=demo_identity.DEMO_BASE_URL,
        headers={
            "Authorization": f"Bearer {demo_identity.DEMO_API_KEY}",
            "Content-Type": "application/json",
        },
    ) as http:
        response = await http.post(
            "/api/crm/companies",
            params={"entityId": demo_identity.DEMO_ENTITY_ID},
            content=content,
        )
    assert response.status_code == 400
    error = response.json()["error"]
    assert isinstance(error, str) and words in error


async def test_every_api_status_error_has_status_and_message(client: CrmClient) -> None:
    with pytest.raises(ApiStatusError) as caught:
        await client.get_company(MISSING)
    error = caught.value
    assert str(error) == error.message
    assert repr(error) == f"NotFound({error.message!r}, status=404)"
