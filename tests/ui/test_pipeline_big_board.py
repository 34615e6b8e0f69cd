"""A big board (thousands of leads) is arranged in a thread: the same columns, later.

The threshold is lowered here so that a few dozen leads take the thread's path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from crm_tui.api.models import KNOWN_STAGES, Lead
from crm_tui.ui.widgets import board as board_module
from crm_tui.ui.widgets.board import Board, arrange
from crm_tui.ui.widgets.board_column import card_order

MANY = 60


@pytest.fixture(autouse=True)
def big_from_fifty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(board_module, "OFF_LOOP_LEADS", 50)


@pytest.fixture
def arranged_on(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread each arrangement was worked out on."""
    threads: list[threading.Thread] = []

    def spied(leads: Iterable[Lead], keep: Any) -> Any:
        threads.append(threading.current_thread())
        return arrange(leads, keep)

    monkeypatch.setattr(board_module, "arrange", spied)
    return threads


class BoardApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.counted = 0

    def compose(self) -> ComposeResult:
        yield Board()

    def on_board_counted(self, event: Board.Counted) -> None:
        self.counted += 1


def leads(count: int, *, prefix: str = "l") -> list[Lead]:
    return [
        Lead(
            id=f"{prefix}{index}",
            title=f"Deal {index % 7}",
            stage=KNOWN_STAGES[index % len(KNOWN_STAGES)],
            value=float(index % 5) * 1000,
            currency="EUR" if index % 3 else "USD",
            probability=50,
            owner_user_id=f"u{index % 2}",
        )
        for index in range(count)
    ]


def shown(board: Board) -> dict[str, list[str]]:
    return {stage: [lead.id for lead in column.leads] for stage, column in board.columns.items()}


def expected(given: list[Lead]) -> dict[str, list[str]]:
    return {
        stage: [lead.id for lead in sorted((x for x in given if x.stage == stage), key=card_order)]
        for stage in KNOWN_STAGES
    }


async def arranged(app: App[None], pilot: Pilot[None]) -> None:
    """Until the arrangement's worker is done and its message handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_a_big_board_is_arranged_in_a_thread_into_the_same_columns(
    arranged_on: list[threading.Thread],
) -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        given = leads(MANY)
        board.set_leads(given)
        assert board.arranging  # not shown yet: the columns wait for the thread
        await arranged(app, pilot)

        assert not board.arranging
        assert arranged_on and arranged_on[-1] is not threading.main_thread()
        assert shown(board) == expected(given)
        assert board.shown_count == MANY and app.counted >= 1
        column = board.columns["new"]
        mine = [lead for lead in given if lead.stage == "new"]
        assert column.total_value == {
            "EUR": sum(lead.value or 0 for lead in mine if lead.currency == "EUR"),
            "USD": sum(lead.value or 0 for lead in mine if lead.currency == "USD"),
        }
        assert column.total_weighted["EUR"] == pytest.approx(
            sum(lead.weighted_value for lead in mine if lead.currency == "EUR")
        )


async def test_a_small_board_is_arranged_at_once(arranged_on: list[threading.Thread]) -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        given = leads(10)
        board.set_leads(given)
        assert not board.arranging and shown(board) == expected(given)
        assert arranged_on == [threading.current_thread()]
        await pilot.pause()


async def test_the_selection_stays_on_its_lead_across_a_big_reload() -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        given = leads(MANY)
        board.set_leads(given)
        await arranged(app, pilot)
        target = board.columns["proposal"].leads[3]
        assert board.select(target.id)

        board.set_leads([*leads(MANY), *leads(20, prefix="more")])
        await arranged(app, pilot)

        assert board.selected_lead is not None and board.selected_lead.id == target.id
        assert board.shown_count == MANY + 20


async def test_the_newest_of_two_big_loads_is_the_one_shown() -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        board.set_leads(leads(MANY, prefix="old"))
        newer = leads(MANY + 5, prefix="new")
        board.set_leads(newer)
        await arranged(app, pilot)
        assert shown(board) == expected(newer)


async def test_a_card_put_while_a_big_board_is_arranged_is_not_lost() -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        given = leads(MANY)
        board.set_leads(given)
        # Before the thread's answer is handled: the loop has not had a turn yet.
        moved = given[0].model_copy(update={"stage": "won"})
        board.put(moved)
        board.discard(given[1].id)
        await arranged(app, pilot)

        expect = expected([moved, *given[2:]])
        assert shown(board) == expect
        assert board.lead(given[1].id) is None


async def test_a_filter_on_a_big_board_is_applied_in_the_thread_too(
    arranged_on: list[threading.Thread],
) -> None:
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(Board)
        given = leads(MANY)
        board.set_leads(given)
        await arranged(app, pilot)

        board.set_filter(lambda lead: lead.owner_user_id == "u1")
        await arranged(app, pilot)

        mine = [lead for lead in given if lead.owner_user_id == "u1"]
        assert shown(board) == expected(mine)
        assert len(board.all_leads) == MANY
        assert all(thread is not threading.main_thread() for thread in arranged_on)
