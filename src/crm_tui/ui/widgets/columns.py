"""The columns of a record list: what a cell shows, how wide a column is, how it sorts.

A column reads its cell's text from a record (plain text, never markup).  Every
column has a readable minimum width; a flexible one (``grow`` above 0) takes more of
the room the list has, as much as its content needs, so that at 200 columns an email
is shown whole instead of a name column growing past its longest name.  A column
can also be left out below a list width (``min_table_width``): more room shows more
columns, never different keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size

from ..formatting import DASH

R = TypeVar("R")

Align = Literal["left", "right"]

#: Cells are measured on at most this many records, spread over the list: the widths
#: a list needs are known in bounded time however long it is.
MEASURED_RECORDS = 1000

#: Characters that would break a line apart if drawn (the parsing layer makes them
#: visible; this is the drawing's own guard).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in ``…`` when cut (wide characters
    count two cells: one that would straddle the edge is left out)."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1) + "…"


def one_line(text: str) -> str:
    """``text`` with any control character (a newline, an escape) shown as a space."""
    return text if text.isprintable() else _CONTROL.sub(" ", text)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a :class:`~.record_list.RecordList` of records of type ``R``."""

    key: str
    title: str
    #: The cell's text for a record (plain text).
    text: Callable[[R], str]
    #: The width it has at least (its only width when ``grow`` is 0).
    width: int
    #: Its weight when columns share the room left over once each has its ``width``.
    grow: int = 0
    #: Shown only when the list is at least this wide.
    min_table_width: int = 0
    align: Align = "left"
    #: A Rich style for a cell of this record ("bold"), "record-list--alert" for the
    #: theme's alert colour (an overdue date), or None.
    style: Callable[[R], str | None] | None = None
    #: What the column sorts on (None: missing, sorted last); by default its text.
    sort_key: Callable[[R], Any] | None = None
    #: Whether the detail line names this column's value when the list cuts or hides it.
    in_detail: bool = True

    def cell(self, record: R) -> str:
        return one_line(self.text(record))

    def sort_value(self, record: R) -> Any:
        if self.sort_key is not None:
            return self.sort_key(record)
        text = self.text(record)
        return None if text in ("", DASH) else text.casefold()


def visible_columns(columns: Sequence[Column[R]], width: int) -> list[Column[R]]:
    return [column for column in columns if width >= column.min_table_width]


def content_needs(columns: Sequence[Column[R]], records: Sequence[R]) -> dict[str, int]:
    """The widest cell (or title, with room for the sort arrow) of each column, over a
    bounded sample of the records."""
    step = max(1, -(-len(records) // MEASURED_RECORDS))
    sample = records[::step]
    needs = {}
    for column in columns:
        widest = max((cell_len(column.cell(record)) for record in sample), default=0)
        needs[column.key] = max(widest, cell_len(column.title) + 2)
    return needs


def fit_widths(columns: Sequence[Column[R]], room: int, needs: dict[str, int]) -> list[int]:
    """Widths for ``columns`` that fill ``room`` cells of content.

    Each column has its ``width``.  What is left goes first to the fixed columns (short
    things: a status, a date) up to what their content needs; then to the flexible
    ones up to what theirs needs, each taking at most its share by weight (a subject
    outweighs a company) of what is left, the least needy first, so that what one
    does not need goes to the others; then, when every one has what it needs, the
    rest goes to the flexible ones by weight, so the list fills its width.
    """
    widths = [column.width for column in columns]
    spare = room - sum(widths)
    wants = [max(0, needs.get(column.key, 0) - column.width) for column in columns]
    for i, column in enumerate(columns):
        if not column.grow and spare > 0:
            extra = min(wants[i], spare)
            widths[i] += extra
            spare -= extra
    flexible = [i for i, column in enumerate(columns) if column.grow]
    hungry = sorted((i for i in flexible if wants[i] > 0), key=lambda i: wants[i] / columns[i].grow)
    weight = sum(columns[i].grow for i in hungry)
    for i in hungry:
        if spare <= 0:
            break
        extra = min(wants[i], spare * columns[i].grow // weight)
        widths[i] += extra
        spare -= extra
        weight -= columns[i].grow
    if spare > 0 and flexible:
        _share(widths, columns, flexible, spare)
    return widths


def _share(widths: list[int], columns: Sequence[Column[R]], among: list[int], spare: int) -> None:
    """Add ``spare`` cells to the columns ``among``, by weight (rounding to the last)."""
    weight = sum(columns[i].grow for i in among)
    given = 0
    for i in among:
        share = spare * columns[i].grow // weight
        widths[i] += share
        given += share
    widths[among[-1]] += spare - given
