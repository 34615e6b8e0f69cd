"""Fixtures of the demo backend tests: an app on a fixed clock and in-process clients."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from demo_support import api_client, fixed_clock, raw_client
from fastapi import FastAPI

from crm_tui.demo import create_app


@pytest.fixture
def app() -> FastAPI:
    return create_app(now=fixed_clock)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(app) as client:
        yield client


@pytest.fixture
async def anon(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with raw_client(app) as client:
        yield client
