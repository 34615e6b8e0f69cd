"""A screen's first visit through a mode restyles nothing more; a theme change still
restyles every screen, those of other modes when they are shown again.  A screen is
not restyled whole as it is first shown, only when it is shown again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.app import ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from crm_tui.ui.restyling import SparingRestyles, StyledAsMounted


class Plain(StyledAsMounted[None]):
    def compose(self) -> ComposeResult:
        yield Static("text", id="text")


class Dialog(ModalScreen[None]):
    """Over the screen of its mode, which shows through around it."""

    def compose(self) -> ComposeResult:
        yield Static("dialog")


class ModesApp(SparingRestyles):
    CSS = "#text { background: $primary; }"
    MODES = {"one": Plain, "two": Plain, "three": Plain}
    DEFAULT_MODE = "one"


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Stylesheet]]:
    """Each whole re-parse of the stylesheet (the start of Textual's restyle of the app)."""
    seen: list[Stylesheet] = []
    real = Stylesheet.reparse

    def spied(sheet: Stylesheet) -> None:
        seen.append(sheet)
        real(sheet)

    monkeypatch.setattr(Stylesheet, "reparse", spied)
    yield seen


@pytest.fixture
def screen_restyles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DOMNode]]:
    """Each screen restyled whole (Textual's restyle of a screen as it is shown)."""
    seen: list[DOMNode] = []
    real = DOMNode.update_node_styles

    def spied(node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, Screen):
            seen.append(node)
        real(node, animate=animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", spied)
    yield seen


def background(app: ModesApp, screen: Screen[None] | None = None) -> object:
    return (screen or app.screen).query_one("#text").styles.background


def other_theme(app: ModesApp) -> str:
    return "nord" if app.theme != "nord" else "gruvbox"


async def shown(app: ModesApp, pilot: Pilot[None], mode: str) -> None:
    await app.switch_mode(mode)
    await pilot.pause()


async def test_a_first_visit_of_a_mode_reparses_nothing(reparses: list[Stylesheet]) -> None:
    app = ModesApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = len(reparses)
        await shown(app, pilot, "two")
        await shown(app, pilot, "three")
        await shown(app, pilot, "one")
        assert len(reparses) == before
        assert background(app) == app.current_theme.to_color_system().primary


async def test_a_theme_change_restyles_the_screen_shown_and_later_the_others(
    reparses: list[Stylesheet],
) -> None:
    app = ModesApp()
    async with app.run_test() as pilot:
        await shown(app, pilot, "two")  # a screen in another mode, styled under the old theme
        await shown(app, pilot, "one")
        before = len(reparses)
        app.theme = other_theme(app)
        await pilot.pause()
        assert len(reparses) > before
        primary = app.current_theme.to_color_system().primary
        assert background(app) == primary

        await shown(app, pilot, "two")
        assert background(app) == primary
        await shown(app, pilot, "three")  # first shown under the new theme
        assert background(app) == primary


async def test_a_screen_under_a_dialog_in_another_mode_is_restyled_after_a_theme_change() -> None:
    """Showing a mode restyles its top screen only; the one under its dialog, styled
    under the old theme, is restyled as Textual does (the whole current stack)."""
    app = ModesApp()
    async with app.run_test() as pilot:
        await shown(app, pilot, "two")
        under = app.screen
        await app.push_screen(Dialog())
        await shown(app, pilot, "one")
        app.theme = other_theme(app)
        await pilot.pause()

        await shown(app, pilot, "two")
        assert isinstance(app.screen, Dialog)
        assert background(app, under) == app.current_theme.to_color_system().primary


async def test_a_screen_is_not_restyled_as_it_is_first_shown_but_when_shown_again(
    screen_restyles: list[DOMNode],
) -> None:
    app = ModesApp()
    async with app.run_test() as pilot:
        await shown(app, pilot, "two")
        two = app.screen
        assert two not in screen_restyles  # Textual asks twice on a mode's first show
        assert background(app) == app.current_theme.to_color_system().primary

        await shown(app, pilot, "three")
        await shown(app, pilot, "two")
        assert two in screen_restyles  # shown again: restyled as Textual does
