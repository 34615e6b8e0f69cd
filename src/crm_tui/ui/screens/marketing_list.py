"""The dialog that adds companies to a marketing list.

The API cannot list marketing lists, so the dialog offers the lists saved under a
name in the config and the last list used this session, and takes any list UUID
typed in full.  The write happens here, so that a refusal keeps the dialog open
with the server's message and the user can pick another list.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from ...api.models import MarketingListResult
from ..feedback import describe
from ..widgets.pickers import is_uuid
from ..workers import ApiErrorsMixin, api_worker


@dataclass(frozen=True)
class MarketingListOutcome:
    list_id: str
    list_name: str
    result: MarketingListResult

    def summary(self) -> str:
        """'Added 3 to Newsletter · 1 already there'."""
        text = f"Added {self.result.added} to {self.list_name}"
        if self.result.already_present:
            text += f" · {self.result.already_present} already there"
        return text


def list_label(list_id: str, lists: Mapping[str, str]) -> str:
    """A list's saved name, or a short form of its id."""
    for name, known_id in lists.items():
        if known_id.lower() == list_id.lower():
            return name
    return f"list {list_id[:8]}"


class MarketingListDialog(ApiErrorsMixin, ModalScreen[MarketingListOutcome | None]):
    """Pick or type a list, then ``enter`` adds the companies to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "add", "Add", priority=True),
    ]

    def __init__(
        self,
        companies: Mapping[str, str],
        *,
        lists: Mapping[str, str],
        last: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.companies = dict(companies)
        # The last list used comes first; saved lists follow by name.
        known = dict(lists)
        self.options: list[tuple[str, str, str]] = []  # (name, id, what it is)
        if last is not None:
            self.options.append((last[0], last[1], " (last used)"))
        for name, list_id in sorted(known.items(), key=lambda item: item[0].casefold()):
            if last is None or list_id.lower() != last[1].lower():
                self.options.append((name, list_id, ""))
        self.known = {name: list_id for name, list_id, _ in self.options}
        self.sending = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box marketing-box"):
            yield Label(self._title(), classes="dialog-title", markup=False)
            if self.options:
                yield Label("Lists you know (enter picks one)", classes="field-label")
                yield OptionList(
                    *(
                        Option(Text.assemble(name, note, ("  " + list_id, "dim")))
                        for name, list_id, note in self.options
                    ),
                    id="lists",
                )
            yield Label("Or the list's id", classes="field-label")
            yield Input(placeholder="8-4-4-4-12 hex digits", id="list-id")
            yield Static("", id="list-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (enter)", id="add", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _title(self) -> str:
        if len(self.companies) == 1:
            name = next(iter(self.companies.values()))
            return f"Add {name} to a marketing list"
        return f"Add {len(self.companies)} companies to a marketing list"

    def on_mount(self) -> None:
        lists = self.query("#lists")
        if lists:
            lists.first(OptionList).focus()
        else:
            self.query_one("#list-id", Input).focus()

    # ------------------------------------------------------------- choosing

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name, list_id, _ = self.options[event.option_index]
        self.query_one("#list-id", Input).value = list_id
        self._send(list_id, name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self.action_add()
        else:
            self.action_cancel()

    def action_add(self) -> None:
        """Add to the typed list, or to the highlighted one when nothing is typed."""
        typed = self.query_one("#list-id", Input).value.strip()
        if not typed:
            lists = self.query("#lists")
            index = lists.first(OptionList).highlighted if lists else None
            if index is None:
                self._error("Type the list's id, or pick a list above.")
                return
            name, list_id, _ = self.options[index]
            self._send(list_id, name)
            return
        if not is_uuid(typed):
            self._error("Not a valid list id: expected a UUID (8-4-4-4-12 hex digits).")
            self.query_one("#list-id", Input).focus()
            return
        list_id = str(uuid.UUID(typed))
        self._send(list_id, list_label(list_id, self.known))

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)

    # -------------------------------------------------------------- sending

    def _send(self, list_id: str, name: str) -> None:
        if self.sending:
            return
        self._error("")
        self._set_sending(True)
        self.add(list_id, name)

    @api_worker("marketing-list-add")
    async def add(self, list_id: str, name: str) -> None:
        result = await self.app.workspace.client.add_to_marketing_list(  # type: ignore[attr-defined]
            list_id, list(self.companies)
        )
        self._set_sending(False)
        self.dismiss(MarketingListOutcome(list_id, name, result))

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        """Keep the dialog: say what the server said, and let the user try another list."""
        self._set_sending(False)
        problem = describe(error, retry_key="enter")
        self._error(f"{problem.title}: {problem.message}")
        return False  # and a notification, as for every write that failed

    def _error(self, message: str) -> None:
        self.query_one("#list-error", Static).update(message)

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        button = self.query_one("#add", Button)
        button.disabled = sending
        button.label = "Adding…" if sending else "Add (enter)"
