"""Auth, entity checks and the error envelope, on every path under /api/crm."""

from __future__ import annotations

import subprocess
import sys

import httpx
from demo_support import AUTH, ENTITY, error_of

from crm_tui.demo import DEMO_ENTITY_ID, OTHER_ENTITY_ID


async def test_missing_key_is_401_with_bearer_challenge(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/crm/companies", params=ENTITY)
    assert "Authorization: Bearer" in error_of(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


async def test_unknown_key_is_401(anon: httpx.AsyncClient) -> None:
    response = await anon.get(
        "/api/crm/companies", params=ENTITY, headers={"Authorization": "Bearer ak_nope"}
    )
    assert error_of(response, 401) == "Unknown API key"


async def test_non_bearer_scheme_is_401(anon: httpx.AsyncClient) -> None:
    response = await anon.get(
        "/api/crm/dashboard", params=ENTITY, headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert "Bearer" in error_of(response, 401)


async def test_other_entity_is_403(anon: httpx.AsyncClient) -> None:
    response = await anon.get(
        "/api/crm/companies", params={"entityId": OTHER_ENTITY_ID}, headers=AUTH
    )
    assert OTHER_ENTITY_ID in error_of(response, 403)


async def test_missing_entity_is_400_naming_it(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/crm/companies", headers=AUTH)
    assert "entityId" in error_of(response, 400)


async def test_malformed_entity_is_400_naming_it(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/api/crm/leads", params={"entityId": "acme"}, headers=AUTH)
    message = error_of(response, 400)
    assert "entityId" in message and "UUID" in message


async def test_entity_in_upper_case_is_the_same_entity(anon: httpx.AsyncClient) -> None:
    response = await anon.get(
        "/api/crm/dashboard", params={"entityId": DEMO_ENTITY_ID.upper()}, headers=AUTH
    )
    assert response.status_code == 200


async def test_auth_comes_before_routing_and_body_parsing(anon: httpx.AsyncClient) -> None:
    assert (await anon.get("/api/crm/no-such-thing", params=ENTITY)).status_code == 401
    bad_json = await anon.post(
        "/api/crm/companies",
        params=ENTITY,
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert bad_json.status_code == 401


async def test_unknown_route_and_wrong_method_use_the_error_envelope(
    client: httpx.AsyncClient,
) -> None:
    assert "/api/crm/no-such-thing" in error_of(await client.get("/no-such-thing"), 404)
    response = await client.put("/companies")
    assert "PUT" in error_of(response, 405)


async def test_openapi_describes_the_contract(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    operations = [
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if path.startswith("/api/crm/")
    ]
    # The 29 endpoints but DELETE /contacts/{contactId}: the API refuses it (405).
    assert len(operations) == 28 and ("delete", "/api/crm/contacts/{contactId}") not in operations
    company = document["components"]["schemas"]["Company"]["properties"]
    assert {"ownerName", "ownerUserId", "createdAt"} <= set(company)
    listing = document["paths"]["/api/crm/companies"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"entityId", "status", "ownerUserId", "q", "page", "pageSize", "limit"} <= names
    assert "422" not in listing["responses"] and "400" in listing["responses"]
    assert "bearerAuth" in document["components"]["securitySchemes"]


def test_importing_the_demo_package_loads_neither_the_web_stack_nor_the_database() -> None:
    heavy = ("fastapi", "starlette", "uvicorn", "crm_tui.demo.app", "crm_tui.demo.db")
    code = (
        "import sys, crm_tui.demo, crm_tui.demo.identity; "
        f"print([name for name in {heavy!r} if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
