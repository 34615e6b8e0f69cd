"""A DataTable of records: row cursor, vim keys, and a row key per record id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ..keymap import TABLE_BINDINGS
from .cells import Cut, fit

Cell = str | Text

#: The DataTable's render caches, emptied whenever its rows change.
_RENDER_CACHES = (
    "_row_render_cache",
    "_cell_render_cache",
    "_row_renderable_cache",
    "_line_cache",
    "_offset_cache",
    "_ordered_row_cache",
)


class _AcyclicLRUCache(LRUCache):  # type: ignore[type-arg]
    """An LRUCache whose ``clear`` unlinks its entries.

    Textual's LRUCache keeps its entries in a ring of linked lists; ``clear`` drops the
    ring whole, which leaves it (and every rendered line it holds) as cyclic garbage
    for the collector.  A table clears its caches on every change of rows: a search
    over a long list left some 2,000 such objects behind each time, and the full
    collections they brought on took tens of milliseconds.  Unlinked, the entries are
    freed at once.
    """

    def clear(self) -> None:
        for link in self._cache.values():
            link.clear()
        super().clear()


class RecordTable(DataTable[Cell]):
    """Rows are keyed by record id, so the cursor can be put back on a record after a reload."""

    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        for name in _RENDER_CACHES:
            cache = getattr(self, name, None)
            if type(cache) is LRUCache:  # as in Textual 8; anything else is left alone
                setattr(self, name, _AcyclicLRUCache(cache.maxsize))
        #: Zebra row styles (by row parity) looked up while drawing one frame.
        self._frame_row_styles: dict[int, Style] = {}

    @property
    def current_key(self) -> str | None:
        """The id of the record under the cursor, or None on an empty table."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def replace_rows(
        self, rows: Iterable[tuple[str, Sequence[Cell]]], *, keep: str | None = None
    ) -> None:
        """Swap all rows at once; put the cursor back on ``keep`` (or the current record)."""
        keep = keep if keep is not None else self.current_key
        previous_row = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if not self.row_count:
            return
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)
        else:
            self.move_cursor(row=min(previous_row, self.row_count - 1), animate=False)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Within one frame the styles cannot change: each row's style is worked out
        # (from the CSS of every ancestor) once per parity, not once per line.
        self._frame_row_styles.clear()
        try:
            return super().render_lines(crop)
        finally:
            self._frame_row_styles.clear()

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index < self.fixed_rows or not self.zebra_stripes:
            return super()._get_row_style(row_index, base_style)
        parity = row_index % 2
        style = self._frame_row_styles.get(parity)
        if style is None:
            style = self._frame_row_styles[parity] = super()._get_row_style(row_index, base_style)
        return style

    def _plain_row(self, row_key: RowKey, line_no: int) -> tuple[int, list[Cut]] | None:
        """The row's index (-1: the header) and its cells in column order, when all of
        them can be drawn the short way: one line of plain :class:`Cut` text each, in a
        row-cursor table without row labels or fixed columns.  None otherwise."""
        if (
            line_no != 0
            or self.cursor_type != "row"
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return None
        columns = self.ordered_columns
        if row_key is self._header_row_key:
            if self.header_height != 1:
                return None
            row_index = -1
            cells: list[object] = [column.label for column in columns]
        else:
            row = self.rows.get(row_key)
            values = self._data.get(row_key)
            index = self._row_locations.get(row_key)
            if row is None or values is None or index is None or row.height != 1:
                return None
            row_index = index
            cells = [values.get(column.key) for column in columns]
        plain = [cell for cell in cells if type(cell) is Cut and not cell.spans]
        return (row_index, plain) if len(plain) == len(cells) else None

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """DataTable's line of a row, drawn in one pass when every cell is plain.

        DataTable draws each cell on its own, through Rich's ``Styled(Padding(cell))``,
        with the cursor and hover styles worked out again for every cell; that is most
        of the time a new page of rows takes to appear.  In a row-cursor table those
        styles are the same across the row, and a plain :class:`Cut` cell is its text
        between two pads: here each cell is one segment (three when it has a style of
        its own), with the same styles and the same mouse metadata as DataTable's.
        Anything else is drawn DataTable's way.
        """
        plain_row = self._plain_row(row_key, line_no)
        if plain_row is None:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        row_index, cells = plain_row
        # Keyed on the cursor's and the mouse's rows only: moving the cursor leaves the
        # lines of every other row as they were.
        cache_key = (
            row_key,
            row_index,
            base_style,
            cursor_location.row,
            hover_location.row,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached: tuple[SegmentLines, SegmentLines] | None = self._row_render_cache.get(
            cache_key  # type: ignore[arg-type]
        )
        if cached is not None:
            return cached
        header = row_index == -1
        row_style = self._get_row_style(row_index, base_style)
        component, post = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover_location.row == row_index,
            not header and cursor_location.row == row_index,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # As Styled does: the row's style under each segment's own, post over it.  The
        # mouse metadata, which holds no colours, goes on last: the same style, with
        # one addition per cell rather than three.
        under = row_style + component
        blank_under = under + post
        pad = " " * self.cell_padding
        get_style = self.app.console.get_style
        line: list[list[Segment]] = []
        for column_index, (column, cell) in enumerate(
            zip(self.ordered_columns, cells, strict=True)
        ):
            meta = Style.from_meta({"row": row_index, "column": column_index})
            blank = blank_under + meta
            room = column.get_render_width(self) - 2 * self.cell_padding
            text = fit(cell.plain, room)
            gap = " " * max(room - cell_len(text), 0)
            if cell.style and text:
                own = under + get_style(cell.style) + post + meta
                line.append([Segment(pad, blank), Segment(text, own), Segment(gap + pad, blank)])
            else:
                line.append([Segment(pad + text + gap + pad, blank)])
        # Past the last column the row's colours go on to the table's edge.
        used = sum(column.get_render_width(self) for column in self.ordered_columns)
        extend = under + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        line.append([Segment(" " * max(0, self.size.width - used), extend)])
        rendered: tuple[SegmentLines, SegmentLines] = ([], line)
        self._row_render_cache[cache_key] = rendered  # type: ignore[arg-type]
        return rendered
