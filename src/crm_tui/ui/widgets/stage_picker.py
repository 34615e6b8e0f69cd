"""Pick the stage to move a lead to, from a short list.

The list starts on the lead's current stage (marked "current"; picking it moves
nothing) and stops at its ends: ``down`` past the last stage does not wrap around
to the first, so a key held too long never lands on a stage far away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..formatting import label


class StageOptions(OptionList):
    """An OptionList whose cursor stops at the first and the last option."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class StagePicker(ModalScreen[str | None]):
    """``enter`` moves to the highlighted stage, ``escape`` cancels.  Returns the stage."""

    DEFAULT_CSS = """
    StagePicker { align: center middle; }
    StagePicker .stage-picker-box { width: 40; }
    StagePicker OptionList { height: auto; max-height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, lead_title: str, stages: Sequence[str], *, current: str) -> None:
        super().__init__(classes="dialog")
        self.lead_title = lead_title
        self.stages = list(stages)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box stage-picker-box"):
            yield Label("Move to stage", classes="dialog-title")
            yield Static(Text(self.lead_title or "(untitled lead)"), classes="dialog-question")
            yield StageOptions(*self._options(), id="stage-options")

    def _options(self) -> list[Option]:
        options = []
        for stage in self.stages:
            prompt = Text(label(stage))
            if stage == self.current:
                prompt.append("  (current)", style="dim")
            options.append(Option(prompt, id=stage))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        # Start where the lead is: every other stage is then a deliberate step away.
        current = self.stages.index(self.current) if self.current in self.stages else 0
        options.highlighted = current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # The current stage: nothing to move (the mover ignores a move to where it is).
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
