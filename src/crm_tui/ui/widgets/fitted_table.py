"""A record table whose columns share the width it has, so nothing hides off to the right.

DataTable sizes columns to their content: one long subject pushes every other column
off an 80-column screen.  Here each column says how wide it is at least (``width``),
how it grows into spare room (``grow``), and from which table width it is shown at all
(``min_table_width``: more room shows more columns, never different keys).  Widths are
worked out again when the table is resized; cells too long for their column are cut.

Rows are ``(record id, {column key: cell})``, so a column left out at this width
simply is not drawn, and a cell can be updated by its column's key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual import events
from textual.geometry import Size
from textual.widgets.data_table import RowKey

from .cells import Cut
from .record_table import Cell, RecordTable

#: Room a vertical scrollbar may take: kept free so a long list never scrolls sideways.
SCROLLBAR = 2

#: (record id, cells by column key)
Row = tuple[str, Mapping[str, Cell]]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    #: The width the column has at least (its only width when ``grow`` is 0).
    width: int
    #: Its share of the room left once every shown column has its ``width``.
    grow: int = 0
    #: The column is only shown when the table is at least this wide.
    min_table_width: int = 0


def fit_widths(specs: Sequence[ColumnSpec], room: int) -> list[int]:
    """Widths for ``specs`` that fill ``room`` cells of content (padding already taken off)."""
    widths = [spec.width for spec in specs]
    spare = room - sum(widths)
    total_grow = sum(spec.grow for spec in specs)
    if spare <= 0 or total_grow == 0:
        return widths
    growing = [i for i, spec in enumerate(specs) if spec.grow]
    given = 0
    for i in growing:
        extra = spare * specs[i].grow // total_grow
        widths[i] += extra
        given += extra
    widths[growing[-1]] += spare - given  # rounding leftovers go to the last one
    return widths


class FittedTable(RecordTable):
    def __init__(
        self,
        columns: Sequence[ColumnSpec],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.specs = list(columns)
        self._rows: list[Row] = []
        self._layout: list[tuple[ColumnSpec, int]] = []

    def on_mount(self) -> None:
        self._fit(force=True)

    def on_resize(self, event: events.Resize) -> None:
        # DataTable's own resize handler runs as well: Textual calls each class's.
        self._fit()

    def visible_specs(self, table_width: int) -> list[ColumnSpec]:
        return [spec for spec in self.specs if table_width >= spec.min_table_width]

    def _fit(self, *, force: bool = False) -> None:
        width = self.size.width
        shown = self.visible_specs(width)
        room = width - 2 * self.cell_padding * len(shown) - SCROLLBAR
        layout = list(zip(shown, fit_widths(shown, room), strict=True))
        if layout == self._layout and not force:
            return
        self._layout = layout
        keep = self.current_key
        self.clear(columns=True)
        for spec, column_width in layout:
            # A Cut, not markup: a plain label that is drawn the short way (see cells).
            self.add_column(Cut(spec.label), key=spec.key, width=column_width)
        self._show_rows(keep)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures every cell of every new row to size auto-width columns.

        Here every column has the width :func:`fit_widths` gave it and every row is one
        line with no label, so there is nothing to measure: only the scrollable size is
        worked out, as DataTable does at the end.
        """
        if any(column.auto_width for column in self.columns.values()) or any(
            row.label is not None or row.height != 1 for row in self.rows.values()
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header_height
        )

    def set_rows(self, rows: Iterable[Row], *, keep: str | None = None) -> None:
        """Swap all rows; the cursor goes back to ``keep`` (or the current record)."""
        self._rows = list(rows)
        self._show_rows(keep)

    def _show_rows(self, keep: str | None) -> None:
        keys = [spec.key for spec, _ in self._layout]
        self.replace_rows(
            ((record_id, [cells.get(key, "") for key in keys]) for record_id, cells in self._rows),
            keep=keep,
        )

    def update_row(self, record_id: str, cells: Mapping[str, Cell]) -> None:
        """Change some cells of one row, by column key (hidden columns are remembered)."""
        for index, (key, old) in enumerate(self._rows):
            if key == record_id:
                self._rows[index] = (key, {**old, **cells})
        if record_id not in self.rows:
            return
        shown = {spec.key for spec, _ in self._layout}
        for column_key, value in cells.items():
            if column_key in shown:
                self.update_cell(record_id, column_key, value)
