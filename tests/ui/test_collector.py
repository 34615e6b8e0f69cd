"""The collector, off for start-up, is on again once the first screen is up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from .conftest import make_app, settle


@pytest.fixture
def collector_on_afterwards() -> Iterator[None]:
    yield
    gc.enable()


async def test_the_app_turns_the_collector_back_on_once_its_first_screen_is_up(
    collector_on_afterwards: None,
) -> None:
    gc.disable()  # as the CLI leaves it
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert gc.isenabled()
