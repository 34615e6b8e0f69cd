"""Fixtures every test directory shares: the odd server (see ``tests/odd_server.py``),
and the collector's pace in a test process."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from odd_server import OddServer

#: Young objects between two collections in a test process (Python's default is 700).
TEST_COLLECTION_THRESHOLDS = (50_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect less often while the tests run: a screen test makes a great many
    short-lived objects, and at Python's default thresholds the collector walked them
    (and, in full collections, all of Textual) for a fifth of the suite's CPU time.
    What collection imported is frozen first: it lives as long as the process.
    Nothing a test asserts depends on when garbage is collected
    (``tests/ui/test_collector.py`` sets the collector's state it checks itself)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*TEST_COLLECTION_THRESHOLDS)


@pytest.fixture
def odd_clock() -> Callable[[], datetime]:
    """The odd server's demo clock; a test directory may override it with its own."""
    return lambda: datetime(2025, 6, 5, 14, 0, tzinfo=UTC)


@pytest.fixture
def odd_server(odd_clock: Callable[[], datetime]) -> OddServer:
    """A fresh demo backend behind the odd server's wrappers, answering as the demo does
    until the test tells it otherwise."""
    return OddServer.on_demo(now=odd_clock)
