"""A list screen whose text box narrows the rows already loaded, on the client.

Contacts, Activities and Tasks load their rows from the server (with the filters the
server understands), then the ``#search`` box filters what was loaded as the user
types; ``enter`` or ``escape`` in the box goes back to the table with the text kept.
Where the table leaves things out, the row under the cursor is described in a detail
strip, redrawn as the cursor moves.

A subclass says how to get its loaded rows and whether a row matches the text, and
draws its rows (and its detail strip, if it has one).  It binds ``escape`` to
``leave_search`` itself (:data:`LEAVE_SEARCH`), so that its keys keep their place
in help and in the keys doc.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from textual.binding import Binding
from textual.widgets import DataTable, Input

from ..widgets.fitted_table import FittedTable
from .base import CrmScreen

#: ``escape`` in the text box: back to the rows, the text (and its filter) kept.
LEAVE_SEARCH = Binding("escape", "leave_search", "Back to the list", show=False)


class Identified(Protocol):
    @property
    def id(self) -> str: ...


RowT = TypeVar("RowT", bound=Identified)


def every_word_in(needle: str, parts: Iterable[str | None]) -> bool:
    """Whether every word typed appears somewhere in what the row shows (any case)."""
    haystack = " ".join(part or "" for part in parts).casefold()
    return all(word in haystack for word in needle.casefold().split())


class LoadedRowsScreen(CrmScreen, Generic[RowT]):
    """Loaded rows, a client-side text filter over them, and the row under the cursor."""

    @property
    def table(self) -> FittedTable:
        raise NotImplementedError

    def loaded_rows(self) -> list[RowT]:
        """Every row of the last load, in display order."""
        raise NotImplementedError

    def row_matches(self, row: RowT, needle: str) -> bool:
        """Whether ``row`` stays shown while the text box holds ``needle``."""
        raise NotImplementedError

    def show_rows(self) -> None:
        """Draw the visible rows, the header and the detail strip."""
        raise NotImplementedError

    def show_detail(self) -> None:
        """Describe the row under the cursor (in a screen that has a detail strip)."""

    # ---------------------------------------------------------------- the rows

    @property
    def needle(self) -> str:
        """The text box's text, trimmed."""
        return self.query_one("#search", Input).value.strip()

    def visible_rows(self) -> list[RowT]:
        needle = self.needle
        rows = self.loaded_rows()
        if not needle:
            return rows
        return [row for row in rows if self.row_matches(row, needle)]

    def current_row(self) -> RowT | None:
        key = self.table.current_key
        return next((row for row in self.loaded_rows() if row.id == key), None)

    def copy_record(self) -> RowT | None:  # type: ignore[override]
        return self.current_row()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    # ------------------------------------------------------------ the text box

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            return self.focused is self.query_one("#search")
        return super().check_action(action, parameters)

    def action_leave_search(self) -> None:
        """Escape in the text box: back to the rows, the text (and its filter) kept."""
        self.table.focus()
