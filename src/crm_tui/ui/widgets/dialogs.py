"""Small modal dialogs: confirm a step, or ask for one line of text."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no.  ``y``/``enter`` confirm, ``n``/``escape`` cancel."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, confirm_label: str = "Yes", danger: bool = False):
        super().__init__(classes="dialog")
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.confirm_label} (y)"),
                    id="confirm",
                    variant="error" if self.danger else "primary",
                )
                yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PromptDialog(ModalScreen[str | None]):
    """One line of text.  ``enter`` accepts (empty is allowed when ``optional``)."""

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "",
        optional: bool = True,
        confirm_label: str = "OK",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """``check`` returns why an answer is refused (shown under the box), else None."""
        super().__init__(classes="dialog")
        self.question = question
        self.placeholder = placeholder
        self.optional = optional
        self.confirm_label = confirm_label
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-question", markup=False)
            yield Input(placeholder=self.placeholder, id="answer")
            yield Static("", id="prompt-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.confirm_label} (enter)"), id="confirm", variant="primary"
                )
                yield Button("Cancel (esc)", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self._accept()
        else:
            self.dismiss(None)

    def _accept(self) -> None:
        text = self.query_one("#answer", Input).value.strip()
        problem = "This cannot be empty." if not text and not self.optional else None
        if problem is None and self.check is not None:
            problem = self.check(text)
        if problem is not None:
            self.query_one("#prompt-error", Static).update(problem)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
