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

from crm_tui.ui.widgets.screen_footer import ScreenFooter

from .conftest import wait_until


class FooterHarness(App[None]):
    """Two inputs (moving the focus changes the bindings) above a footer of ``kind``."""

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
        yield Input(id="second")
        yield self.kind(compact=self.compact)


async def keys_built_again(app: App[Any], pilot: Pilot[None]) -> list[Widget]:
    """Move the focus, which changes the bindings; return the keys the footer then builds."""
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
