"""The app leaves once its terminal is gone (``crm_tui.ui.hangup``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from crm_tui.ui import hangup
from crm_tui.ui.hangup import HUNG_UP, leave_when_the_terminal_goes, terminal_gone


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    """A terminal's two ends: (the one programs hold, the one the terminal holds)."""
    terminal_end, program_end = os.openpty()
    yield program_end, terminal_end
    for fd in (program_end, terminal_end):
        with contextlib.suppress(OSError):  # closed by the test
            os.close(fd)


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What each look at the terminal found (True: gone); looks come every 10 ms."""
    found: list[bool] = []
    real = hangup.terminal_gone

    def looked(fd: int) -> bool:
        found.append(real(fd))
        return found[-1]

    monkeypatch.setattr(hangup, "terminal_gone", looked)
    monkeypatch.setattr(hangup, "CHECK_EVERY", 0.01)
    return found


async def wait_for(pilot: Pilot[Any], condition: Any) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("never came")


def test_a_terminal_is_gone_once_its_other_end_closes(terminal: tuple[int, int]) -> None:
    program_end, terminal_end = terminal
    assert not terminal_gone(program_end)
    os.close(terminal_end)
    assert terminal_gone(program_end)


async def test_the_app_exits_with_the_hangups_status_once_its_terminal_is_gone(
    terminal: tuple[int, int], looks: list[bool]
) -> None:
    program_end, terminal_end = terminal
    app: App[None] = App()
    async with app.run_test() as pilot:
        leave_when_the_terminal_goes(app, program_end)
        await wait_for(pilot, lambda: len(looks) >= 3)  # the first look, then the timer's
        assert app.return_code is None  # the terminal is there: the app runs on
        os.close(terminal_end)
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == HUNG_UP
    assert looks[-1] is True


async def test_nothing_is_watched_when_the_app_was_not_started_on_a_terminal(
    looks: list[bool],
) -> None:
    read_end, write_end = os.pipe()  # piped input: not a terminal
    app: App[None] = App()
    try:
        async with app.run_test() as pilot:
            leave_when_the_terminal_goes(app, read_end)
            await pilot.pause()
            assert looks == [True]  # one look: no terminal, nothing to watch
            assert app.return_code is None
    finally:
        os.close(read_end)
        os.close(write_end)
