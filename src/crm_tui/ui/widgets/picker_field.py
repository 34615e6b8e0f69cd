"""A form field whose value is picked from a :class:`Picker` (a company, a contact...).

It looks like a one-line box holding the chosen name; ``enter`` (or a click) opens
the picker, which may search the server.  The value is the chosen record's id, or
None; forms read it through :attr:`PickerField.value`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import Button

from .pickers import Choice, Picker, Search

#: The value of the "no record" choice a picker field offers when the field is optional.
NONE_VALUE = ""


class PickerField(Button):
    DEFAULT_CSS = """
    PickerField {
        width: 100%;
        content-align: left middle;
        text-align: left;
        text-style: none;
    }
    """

    @dataclass
    class Changed(Message):
        field: PickerField
        value: str | None

        @property
        def control(self) -> PickerField:
            return self.field

    def __init__(
        self,
        *,
        id: str,
        title: str,
        search: Search | None = None,
        choices: Sequence[Choice] = (),
        value: str | None = None,
        value_label: str | None = None,
        optional: bool = True,
        none_label: str = "(none)",
        placeholder: str = "Type to search",
    ) -> None:
        super().__init__(id=id)
        self.picker_title = title
        self.search = search
        self.choices = list(choices)
        self.optional = optional
        self.none_label = none_label
        self.placeholder = placeholder
        self.value = value
        self.value_label = value_label
        self._show()

    def set_value(self, value: str | None, value_label: str | None = None) -> None:
        self.value = value or None
        self.value_label = value_label
        self._show()
        self.post_message(self.Changed(self, self.value))

    def _show(self) -> None:
        name = (self.value_label or self.value) if self.value else self.none_label
        # Content(...) keeps a name holding "[" literal: labels are never markup.
        self.label = Content(f"{name}  ▾")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # Ours alone: the form's own button handler must not see it as Save/Cancel.
        event.stop()
        self.open_picker()

    def open_picker(self) -> None:
        choices = list(self.choices)
        if self.optional:
            choices.insert(0, Choice(NONE_VALUE, self.none_label))
        picker = Picker(
            self.picker_title, choices=choices, search=self.search, placeholder=self.placeholder
        )
        self.app.push_screen(picker, self._picked)

    def _picked(self, choice: Choice | None) -> None:
        if choice is None:
            return  # cancelled: keep what was there
        if choice.value == NONE_VALUE:
            self.set_value(None)
        else:
            self.set_value(choice.value, choice.label)
        self.focus()
