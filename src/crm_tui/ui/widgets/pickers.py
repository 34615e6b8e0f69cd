"""Pick one thing from a list that filters as you type, optionally searching the server.

Used for the company picker (server search), owner and project filters (known
names, or a UUID typed and validated) and marketing lists.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from ..loading import loading_indicator
from ..workers import ApiErrorsMixin, api_worker
from .search_box import SearchBox


@dataclass(frozen=True)
class Choice:
    """One pickable thing.  ``value`` is what the caller gets (an id, or a keyword)."""

    value: str
    label: str
    detail: str = ""

    def matches(self, text: str) -> bool:
        needle = text.casefold()
        return needle in self.label.casefold() or needle in self.detail.casefold()


Search = Callable[[str], Awaitable[Sequence[Choice]]]


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) in (32, 36)


class Picker(ApiErrorsMixin, ModalScreen[Choice | None]):
    """A filter box over choices.

    ``choices`` are filtered on the client as you type; ``search`` (when given) asks
    the server too, debounced, a newer query cancelling the older one.  With
    ``allow_uuid`` a typed UUID can be used as it is; one that is not valid says why.
    """

    DEFAULT_CSS = """
    Picker { align: center middle; }
    /* One line per choice: a detail too long for the box is cut with an ellipsis. */
    Picker #picker-options { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "cursor_down", "Next", show=False),
        Binding("up", "cursor_up", "Previous", show=False),
    ]
    #: Seconds between the last keystroke and the server search (tests set 0).
    debounce: ClassVar[float] = 0.25

    def __init__(
        self,
        title: str,
        *,
        choices: Sequence[Choice] = (),
        search: Search | None = None,
        allow_uuid: bool = False,
        placeholder: str = "Type to filter",
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = list(choices)
        self.search = search
        self.allow_uuid = allow_uuid
        self.placeholder = placeholder
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box picker-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield SearchBox(placeholder=self.placeholder, id="picker-query")
            # The hint may quote a server's error: plain text, never markup.
            yield Static("", id="picker-hint", classes="field-error", markup=False)
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._show(self.choices)
        if self.search is not None:
            self.run_search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        self._show([c for c in self.choices if c.matches(text)], query=text)
        if self.search is not None:
            self.run_search(text)

    @api_worker("picker-search")
    async def run_search(self, text: str) -> None:
        if self.debounce and text:
            await asyncio.sleep(self.debounce)
        with loading_indicator(self.query_one("#picker-options", OptionList)):
            found = await self.search(text) if self.search else []
        local = [c for c in self.choices if c.matches(text)]
        self._show(local + [c for c in found if c not in local], query=text)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        self.query_one("#picker-hint", Static).update(f"Search failed: {error}")
        return False

    def _show(self, choices: list[Choice], *, query: str = "") -> None:
        hint = ""
        if self.allow_uuid and query:
            if is_uuid(query):
                choices = [Choice(str(uuid.UUID(query)), f"Use id {query}"), *choices]
            elif not choices and ("-" in query or len(query) >= 32):
                hint = "Not a valid UUID (expected 8-4-4-4-12 hex digits)."
        self._shown = choices
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        # Text, not a string: a name is never read as markup.
        options.add_options(
            Option(Text.assemble(c.label, (f"  {c.detail}", "dim") if c.detail else ""))
            for c in choices
        )
        if choices:
            options.highlighted = 0
        elif not hint and query:
            hint = "Nothing matches."
        self.query_one("#picker-hint", Static).update(hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.query_one("#picker-options", OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is None or not (0 <= index < len(self._shown)):
            self.query_one("#picker-hint", Static).update("Pick one from the list.")
            return
        self.dismiss(self._shown[index])

    def action_cursor_down(self) -> None:
        self.query_one("#picker-options", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#picker-options", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
