"""The export dialog: which format, which file; an existing file is replaced only on a yes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...export import FORMATS, default_file_name
from ..export_view import ExportRequest, ExportSource
from ..widgets.dialogs import ConfirmDialog

FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "jsonl": "JSON Lines"}


class ExportDialog(ModalScreen[ExportRequest | None]):
    """``enter`` exports, ``escape`` cancels; the file name follows the format chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, source: ExportSource, *, directory: Path, today: date) -> None:
        super().__init__(classes="dialog")
        self.source = source
        self.directory = directory
        self.today = today
        self.fmt = FORMATS[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box export-box"):
            yield Label(f"Export {self.source.kind}", classes="dialog-title", markup=False)
            yield Static(self.source.summary(), classes="dialog-question", markup=False)
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(FORMAT_LABELS[fmt], value=fmt == self.fmt, name=fmt)
            yield Label("File (in the current directory unless a path is given)")
            yield Input(self._default_name(self.fmt), id="export-path")
            yield Static("", id="export-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (enter)", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _default_name(self, fmt: str) -> str:
        return default_file_name(self.source.view, fmt, self.today)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or FORMATS[0]
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix.lstrip(".") in FORMATS:  # a name the user chose keeps its stem
            path_input.value = str(path.with_suffix(f".{fmt}"))
        self.fmt = fmt

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._accept()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _accept(self) -> None:
        typed = self.query_one("#export-path", Input).value.strip()
        problem = None
        if not typed:
            problem = "Give a file name."
        path = (self.directory / Path(typed).expanduser()).resolve() if typed else self.directory
        if problem is None and path.is_dir():
            problem = f"{path} is a directory: give a file name."
        elif problem is None and not path.parent.is_dir():
            problem = f"There is no directory {path.parent}."
        if problem is not None:
            self.query_one("#export-error", Static).update(problem)
            return
        # A file named .json gets JSON whatever the buttons say: the name is what they see.
        suffix = path.suffix.lstrip(".").lower()
        fmt = suffix if suffix in FORMATS else self.fmt
        if not path.exists():
            self.dismiss(ExportRequest(path, fmt))
            return

        def answer(replace: bool | None) -> None:
            if replace:
                self.dismiss(ExportRequest(path, fmt, replace=True))

        question = f"{path} exists. Replace it?"
        self.app.push_screen(ConfirmDialog(question, confirm_label="Replace", danger=True), answer)
