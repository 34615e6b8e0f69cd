"""A list screen whose text box narrows the rows already loaded, on the client.

Contacts, Activities and Tasks load their rows from the server (with the filters the
server understands), then the ``#search`` box filters what was loaded as the user
types; ``enter`` or ``escape`` in the box goes back to the table with the text kept.
Beyond what the list's own detail line gives, a screen may describe the row under
the cursor in a detail strip, redrawn as the cursor moves.

A subclass says how to get its loaded rows and whether a row matches the text, and
draws its rows (and its detail strip, if it has one).  It binds ``escape`` to
``leave_search`` itself (:data:`LEAVE_SEARCH`), so that its keys keep their place
in help and in the keys doc.  When a load for other server filters than the rows
shown fails, those rows go: they would stand under a header naming filters they do
not answer.  A failed refresh with the same filters keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from textual.binding import Binding
from textual.widgets import Input
from textual.worker import Worker

from ..export_view import ExportSource
from ..widgets.record_list import RecordList
from .base import CrmScreen

#: ``escape`` in the text box: back to the rows, the text (and its filter) kept.
LEAVE_SEARCH = Binding("escape", "leave_search", "Back to the list", show=False, id="leave_search")


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

    #: The worker group of the screen's load.
    load_group: ClassVar[str] = ""
    #: The server filters the rows shown were loaded with (see :meth:`rows_loaded`).
    _rows_filters: object = ()
    #: Whether a load has answered (set by the subclass's load worker).
    loaded: bool = False

    @property
    def table(self) -> RecordList[RowT]:
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

    def server_filters(self) -> object:
        """What the load asks the server for (compared, not read: any value will do)."""
        raise NotImplementedError

    def forget_rows(self) -> None:
        """Drop the loaded rows and mark the screen as not loaded."""
        raise NotImplementedError

    def rows_loaded(self) -> None:
        """A load worked: its rows answer the server filters of now."""
        self.loaded = True
        self._rows_filters = self.server_filters()

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if worker.group == self.load_group and self._rows_filters != self.server_filters():
            self.forget_rows()
            self.show_rows()
        return False  # the app's notification says what went wrong

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

    def export_rows(self, kind: str, *filters: str | None) -> ExportSource | None:
        """The rows shown, in their order (the text filter and the sort applied);
        ``filters`` name the server's filters."""
        if not self.loaded:
            return None
        needle = self.needle
        scope = [part for part in (*filters, f'text: "{needle}"' if needle else None) if part]
        return ExportSource.loaded(kind, kind, " · ".join(scope), self.table.records)

    def current_row(self) -> RowT | None:
        return self.table.current_record

    def copy_record(self) -> RowT | None:  # type: ignore[override]
        return self.current_row()

    def on_record_list_row_highlighted(self, event: RecordList.RowHighlighted) -> None:
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
