"""Shared fixtures for screen tests: the app on a fresh demo backend with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from crm_tui.ui.app import CrmApp
from crm_tui.ui.widgets.pickers import Picker
from crm_tui.workspace import Workspace

#: Every screen test sees the same data and the same "now".
FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_app(*, size: int | None = None) -> CrmApp:
    return CrmApp(Workspace.for_demo(size=size, clock=fixed_clock))


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Searches fire at once in tests; the debounce is a UX nicety, not behaviour."""
    monkeypatch.setattr(Picker, "debounce", 0.0)
    yield


@pytest.fixture
def app_factory() -> Callable[..., CrmApp]:
    return make_app
