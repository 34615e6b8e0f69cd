"""A list screen whose text box narrows the rows already loaded, on the client.

Contacts, Activities and Tasks load their rows from the server (with the filters the
server understands), then the ``#search`` box filters what was loaded as the user
types; ``enter`` or ``escape`` in the box goes back to the table with the text kept.
Beyond what the list's own detail line gives, a screen may describe the row under
the cursor in a detail strip, redrawn as the cursor moves.

A subclass says how to get its loaded rows and what text a row is searched by, and
draws its rows (and its detail strip, if it has one).  It binds ``escape`` to
``leave_search`` itself (:data:`LEAVE_SEARCH`), so that its keys keep their place
in help and in the keys doc.  When a load for other server filters than the rows
shown fails, those rows go: they would stand under a header naming filters they do
not answer.  A failed refresh with the same filters keeps them.

A long list (tens of thousands of activities) is sorted and filtered in a thread, so
that typing, the loading indicator and every key keep working meanwhile; the newest
text wins.  A short one is filtered at once, where a thread would only add a hop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from textual import work
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
T = TypeVar("T")

#: Lists at least this long are sorted and filtered in a thread.
OFF_LOOP_ROWS = 5_000


async def off_loop_if_long(work_on: Callable[[list[T]], list[T]], rows: list[T]) -> list[T]:
    """``work_on(rows)``, in a thread when the list is long (see :data:`OFF_LOOP_ROWS`)."""
    if len(rows) >= OFF_LOOP_ROWS:
        return await asyncio.to_thread(work_on, rows)
    return work_on(rows)


def searchable(parts: Iterable[str | None]) -> str:
    """What a row is searched by: the values it shows, in one folded string."""
    return " ".join(part or "" for part in parts).casefold()


def narrows(before: str, after: str) -> bool:
    """Whether every row matching ``after`` also matches ``before`` (text typed on)."""
    return after.startswith(before)


class LoadedRowsScreen(CrmScreen, Generic[RowT]):
    """Loaded rows, a client-side text filter over them, and the row under the cursor."""

    #: The worker group of the screen's load.
    load_group: ClassVar[str] = ""
    #: The server filters the rows shown were loaded with (see :meth:`rows_loaded`).
    _rows_filters: object = ()
    #: The last filter: (its text, the rows it was applied to, those that matched,
    #: their positions).  Reused while neither the text nor the rows change, and
    #: narrowed further, not worked out again, as the user types on.
    _filtered: tuple[str, list[Any], list[Any], list[int]] | None = None
    #: (the rows, the text each is searched by), worked out once per load.
    _texts: tuple[list[Any], list[str]] | None = None
    #: Whether a load has answered (set by the subclass's load worker).
    loaded: bool = False
    #: The loaded rows the list's records were last taken from (see :meth:`put_rows`).
    _shown_from: list[Any] | None = None

    @property
    def table(self) -> RecordList[RowT]:
        raise NotImplementedError

    def loaded_rows(self) -> list[RowT]:
        """Every row of the last load, in display order."""
        raise NotImplementedError

    def row_text(self, row: RowT) -> str:
        """What ``row`` is searched by (see :func:`searchable`): every word typed must be in it."""
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
        filtered = self._filtered
        if filtered is not None and filtered[0] == needle and filtered[1] is rows:
            return filtered[2]
        return self.matching_rows(rows, needle)

    def put_rows(self, shown: list[RowT], *, keep: str | None = None) -> None:
        """Give the list ``shown`` (see :meth:`visible_rows`), the cursor kept on ``keep``
        or on the row it was on.  Rows of the load already shown (typing in the text
        box) are the same objects: the list finds the cursor's row as itself."""
        rows = self.loaded_rows()
        self.table.set_records(shown, keep=keep, by_identity=self._shown_from is rows)
        self._shown_from = rows

    def matching_rows(self, rows: list[RowT], needle: str) -> list[RowT]:
        """The rows holding every word of ``needle`` (any case); remembered for next time."""
        texts = self._searched_texts(rows)
        filtered = self._filtered
        indices: Sequence[int] = range(len(rows))
        if filtered is not None and filtered[1] is rows and narrows(filtered[0], needle):
            indices = filtered[3]
        # Positions, one word at a time: the tightest loop Python has for this.
        for word in needle.casefold().split():
            indices = [index for index in indices if word in texts[index]]
        matching = [rows[index] for index in indices]
        self._filtered = (needle, rows, matching, list(indices))
        return matching

    def _searched_texts(self, rows: list[RowT]) -> list[str]:
        if self._texts is None or self._texts[0] is not rows:
            self._texts = (rows, [self.row_text(row) for row in rows])
        return self._texts[1]

    async def filter_loaded(self) -> None:
        """Work out the text filter over the rows just loaded, in a thread if they are
        many; :meth:`visible_rows` then has it at once."""
        needle, rows = self.needle, self.loaded_rows()
        # What was worked out for the rows of an earlier load is let go.
        if self._texts is not None and self._texts[0] is not rows:
            self._texts = None
        if self._filtered is not None and self._filtered[1] is not rows:
            self._filtered = None
        if needle and len(rows) >= OFF_LOOP_ROWS:
            await asyncio.to_thread(self.matching_rows, rows, needle)

    @work(exclusive=True, group="text-filter", exit_on_error=False)
    async def filter_as_typed(self) -> None:
        """Filter a long list for the text in the box; a newer keystroke cancels this."""
        await self.filter_loaded()
        self.show_rows()

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
        if event.input.id != "search":
            return
        if len(self.loaded_rows()) >= OFF_LOOP_ROWS:
            self.filter_as_typed()
        else:
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
