"""Helpers of the demo backend tests: the fixed clock, clients, error checks."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from fastapi import FastAPI

from crm_tui.demo import DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID

#: A Friday morning; every test app runs on this clock.
NOW = datetime(2025, 3, 14, 10, 30, tzinfo=UTC)
NOW_WIRE = "2025-03-14T10:30:00Z"
AUTH = {"Authorization": f"Bearer {DEMO_API_KEY}"}
ENTITY = {"entityId": DEMO_ENTITY_ID}


def fixed_clock() -> datetime:
    return NOW


def raw_client(app: FastAPI) -> httpx.AsyncClient:
    """A client that sends nothing by itself: no key, no entity."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO_BASE_URL)


def api_client(app: FastAPI) -> httpx.AsyncClient:
    """A client that sends the demo key and entity on every request."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"{DEMO_BASE_URL}/api/crm",
        headers=AUTH,
        params=ENTITY,
    )


def error_of(response: httpx.Response, status: int) -> str:
    """Assert the status and the ``{"error": "..."}`` body; return the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"], str) and body["error"]
    return str(body["error"])


async def all_companies(client: httpx.AsyncClient, **params: str) -> list[dict]:
    response = await client.get("/companies", params={"pageSize": "200", **params})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])
