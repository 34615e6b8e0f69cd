"""The screens' footer looks as Textual's does, wide and compact, and builds its keys
without restyling them after they mount."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer, Input

from crm_tui.ui.loading import loading_indicator
from crm_tui.ui.widgets.screen_footer import ScreenFooter

from .conftest import wait_until


class KeyedInput(Input):
    """An input with a key of its own: focusing it changes the keys the footer shows."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+d", "bell", "Done")]
    #: Whether its key is shown greyed out (disabled).
    greyed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "bell" and self.greyed:
            return None  # shown, disabled
        return super().check_action(action, parameters)


class FooterHarness(App[None]):
    """Inputs (moving the focus to the keyed one changes the keys shown) above a footer
    of ``kind``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "bell", "New"),
        Binding("e", "bell", "Edit"),
        Binding("slash", "bell", "Filter", key_display="/"),
    ]

    def __init__(self, kind: type[Footer], *, compact: bool) -> None:
        super().__init__()
        self.kind = kind
        self.compact = compact

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield KeyedInput(id="second")
        yield Input(id="third")
        yield self.kind(compact=self.compact)


async def keys_built_again(app: App[Any], pilot: Pilot[None]) -> list[Widget]:
    """Move the focus, which changes the keys shown; return the keys the footer then builds."""
    assert await wait_until(pilot, lambda: bool(app.query("FooterKey")))
    before = set(app.query("FooterKey"))
    await pilot.press("tab")
    assert await wait_until(pilot, lambda: bool(set(app.query("FooterKey")) - before))
    await pilot.pause()
    return list(app.query("FooterKey"))


async def footer_picture(kind: type[Footer], *, compact: bool, width: int) -> str:
    app = FooterHarness(kind, compact=compact)
    async with app.run_test(size=(width, 6)) as pilot:
        await keys_built_again(app, pilot)
        return app.export_screenshot()


@pytest.mark.parametrize(("compact", "width"), [(False, 120), (True, 80)])
async def test_the_footer_is_drawn_as_textuals_own(compact: bool, width: int) -> None:
    ours = await footer_picture(ScreenFooter, compact=compact, width=width)
    textuals = await footer_picture(Footer, compact=compact, width=width)
    assert ours == textuals


@pytest.mark.parametrize("compact", [False, True])
async def test_keys_are_not_restyled_after_they_mount(
    compact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    restyled: list[str] = []
    update_styles = App.update_styles

    def counting(app: App[Any], node: DOMNode, animate: bool = True) -> None:
        if type(node).__name__ == "FooterKey":
            restyled.append(str(node))
        update_styles(app, node, animate)

    monkeypatch.setattr(App, "update_styles", counting)
    app = FooterHarness(ScreenFooter, compact=compact)
    async with app.run_test(size=(120, 6)) as pilot:
        keys = await keys_built_again(app, pilot)
        assert restyled == []
        # The palette's key stays compact as in Textual's footer; the others follow it.
        for key in keys:
            assert key.has_class("-compact") == (compact or key.has_class("-command-palette"))

        app.query_one(Footer).compact = not compact
        assert await wait_until(pilot, lambda: bool(restyled)), "a change of form restyles"


async def test_keys_are_built_again_only_when_what_they_show_changes() -> None:
    """A focus move between widgets with the same keys, and changes of the bindings
    that show the same keys, leave the footer's keys as they are."""
    app = FooterHarness(ScreenFooter, compact=False)
    async with app.run_test(size=(120, 6)) as pilot:
        await keys_built_again(app, pilot)  # on the keyed input: "Done" shown
        footer = app.query_one(ScreenFooter)
        shown = set(app.query("FooterKey"))
        assert shows(app, "Done")
        for _ in range(3):
            app.screen.refresh_bindings()
        # Called after the changes reach the footer: settled by then means looked at.
        told: list[bool] = []
        footer.call_later(told.append, True)
        assert await wait_until(pilot, lambda: bool(told) and footer.settled)
        assert set(app.query("FooterKey")) == shown

        await pilot.press("tab")  # to the third input: "Done" goes
        assert await wait_until(pilot, lambda: set(app.query("FooterKey")) != shown)
        assert not shows(app, "Done")
        third = set(app.query("FooterKey"))
        app.query_one("#first").focus()  # another input without keys of its own
        assert await wait_until(
            pilot, lambda: app.focused is app.query_one("#first") and footer.settled
        )
        assert set(app.query("FooterKey")) == third


def shows(app: App[Any], description: str) -> bool:
    """Whether a key of the footer shows ``description``."""
    return any(description in str(key.render()) for key in app.query("FooterKey"))


class UngreyingFooter(ScreenFooter):
    """A footer that takes the grey off the keyed input's key, once, while it builds its
    keys: a change of the bindings that comes in the middle of a rebuild."""

    ungrey = False

    def compose(self) -> ComposeResult:
        yield from super().compose()
        if self.ungrey and self._bindings_ready:
            self.ungrey = False
            keyed = self.screen.query_one(KeyedInput)
            keyed.greyed = False
            keyed.refresh_bindings()


async def test_a_change_while_the_keys_are_rebuilt_is_looked_at() -> None:
    """The footer ends with the keys as they are, not as they were when it began to
    build them."""
    app = FooterHarness(UngreyingFooter, compact=False)
    async with app.run_test(size=(120, 6)) as pilot:
        await keys_built_again(app, pilot)  # on the keyed input: "Done" shown
        footer = app.query_one(UngreyingFooter)
        keyed = app.query_one(KeyedInput)
        footer.ungrey = True
        keyed.greyed = True
        keyed.refresh_bindings()  # greyed, and not while the keys are built for it
        assert await wait_until(pilot, lambda: not footer.ungrey and footer.settled)
        assert shows(app, "Done")
        assert not any(key.has_class("-disabled") for key in app.query("FooterKey"))


async def test_a_focused_widget_loading_takes_its_keys_away_and_back() -> None:
    """Textual leaves a loading widget's keys out of the bindings without saying the
    bindings changed: the loading indicator says so, for the footer to look again."""
    app = FooterHarness(ScreenFooter, compact=False)
    async with app.run_test(size=(120, 6)) as pilot:
        await keys_built_again(app, pilot)  # on the keyed input: "Done" shown
        footer = app.query_one(ScreenFooter)
        keyed = app.query_one("#second")
        with loading_indicator(keyed):
            assert await wait_until(pilot, lambda: keyed.loading and footer.settled)
            assert not shows(app, "Done")
        assert await wait_until(pilot, lambda: not keyed.loading and footer.settled)
        assert shows(app, "Done")
