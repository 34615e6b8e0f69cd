"""The help screen: the keys of the screen the user came from, with what they do.

It scrolls (arrows, ``pgup``/``pgdn``, ``home``/``end``, ``j``/``k``) and its first
screenful at 80x24 holds what matters most: the screen's own keys, then the global
ones; the keys of the widget in focus (cursor moves) come last.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

#: One row of help: the key as shown, what it does, and whose key it is.
HelpRow = tuple[str, str, str]


class HelpKeys(VerticalScroll):
    """The keys, scrolled by the usual keys and by j/k as lists are."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close"),
    ]

    def __init__(self, screen_title: str, rows: list[HelpRow]) -> None:
        super().__init__(classes="dialog")
        self.screen_title = screen_title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        for key, description, scope in self.rows:
            table.add_row(Text(key), Text(description), Text(scope))
        with Vertical(classes="dialog-box help-box"):
            yield Label(f"Keys on {self.screen_title}", classes="dialog-title")
            # Above the list, so that it is on screen however short the screen is.
            yield Label(
                "escape closes · ↓ pgdn end scroll · ctrl+p every command",
                classes="field-hint help-hint",
            )
            with HelpKeys():
                yield Static(table)

    def on_mount(self) -> None:
        self.query_one(HelpKeys).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
