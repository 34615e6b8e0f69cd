"""Fixtures every test directory shares: the odd server (see ``tests/odd_server.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from odd_server import OddServer


@pytest.fixture
def odd_clock() -> Callable[[], datetime]:
    """The odd server's demo clock; a test directory may override it with its own."""
    return lambda: datetime(2025, 6, 5, 14, 0, tzinfo=UTC)


@pytest.fixture
def odd_server(odd_clock: Callable[[], datetime]) -> OddServer:
    """A fresh demo backend behind the odd server's wrappers, answering as the demo does
    until the test tells it otherwise."""
    return OddServer.on_demo(now=odd_clock)
