"""The help screen: the keys of the screen the user came from, with what they do."""

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
            with VerticalScroll():
                yield Static(table)
            yield Label("escape closes · ctrl+p lists every command", classes="field-hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
