"""Companies: the first and last page (`{` `}`) and "Go to page…" from the palette."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.companies import CompaniesScreen, page_number_problem
from crm_tui.ui.widgets.dialogs import PromptDialog

from .conftest import make_app, open_mode, said, settle
from .text_entry import fill

SIZE = (80, 24)
#: Ten a page: the 40 demo companies make 4 pages.
PAGE_SIZE = 10


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(CompaniesScreen, "page_size", PAGE_SIZE)
    yield


async def open_companies(app: CrmApp, pilot: Pilot[Any]) -> CompaniesScreen:
    return await open_mode(app, pilot, "2", CompaniesScreen)


def shown_page(screen: CompaniesScreen) -> int:
    assert screen.page is not None
    return screen.page.page


def page_line(screen: CompaniesScreen) -> str:
    return str(screen.query_one("#page-line", Static).render())


async def test_braces_go_to_the_last_and_first_page() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        assert screen.page is not None and screen.page.page_count == 4

        await pilot.press("right_curly_bracket")
        await settle(app, pilot)
        assert shown_page(screen) == 4
        assert "page 4 of 4" in page_line(screen)

        await pilot.press("right_curly_bracket")  # there already: says so, stays
        await settle(app, pilot)
        assert shown_page(screen) == 4
        assert said(app, "This is the last page.")

        await pilot.press("left_curly_bracket")
        await settle(app, pilot)
        assert shown_page(screen) == 1
        assert "page 1 of 4" in page_line(screen)


async def go_to_page_dialog(app: CrmApp, pilot: Pilot[Any]) -> PromptDialog:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await fill(app, pilot, "go to page")
    await pilot.press("enter")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, PromptDialog)
    return dialog


async def answer(app: CrmApp, pilot: Pilot[Any], dialog: PromptDialog, text: str) -> str | None:
    """Type ``text`` into the dialog and press enter; the error it shows, or None once closed."""
    dialog.query_one("#answer", Input).value = text
    await pilot.press("enter")
    await settle(app, pilot)
    if app.screen is not dialog:
        return None
    return str(dialog.query_one("#prompt-error", Static).render())


async def test_go_to_page_from_the_palette_checks_the_number() -> None:
    app = make_app(screen="companies")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_companies(app, pilot)
        dialog = await go_to_page_dialog(app, pilot)

        assert await answer(app, pilot, dialog, "9") == "There are 4 pages."
        assert await answer(app, pilot, dialog, "two") == "Type a whole number, such as 3."
        assert await answer(app, pilot, dialog, "0") == "Pages start at 1."
        assert app.screen is dialog and shown_page(screen) == 1

        assert await answer(app, pilot, dialog, "3") is None
        assert app.screen is screen
        assert shown_page(screen) == 3
        assert "page 3 of 4" in page_line(screen)


def test_page_numbers_are_checked_against_the_last_page_when_it_is_known() -> None:
    assert page_number_problem("12", None) is None
    assert page_number_problem("1", 1) is None
    assert page_number_problem("2", 1) == "There is only 1 page."
    assert page_number_problem("²", 5) == "Type a whole number, such as 3."
    assert page_number_problem("", 5) == "Type a whole number, such as 3."
