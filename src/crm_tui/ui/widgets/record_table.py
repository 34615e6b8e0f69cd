"""A DataTable of records: row cursor, vim keys, and a row key per record id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

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

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """DataTable's cell rendering, with a short way for a plain one-line :class:`Cut`.

        DataTable draws every cell through Rich's ``Styled(Padding(cell))``: several
        renderables, generators and line splits for what is, in a plain cut cell, one
        line of text between two spaces.  Those are built here directly, the same
        segments with the same styles; anything else (row labels, styled text, other
        renderables, taller rows) goes the ordinary way.
        """
        padding = self.cell_padding
        header = row_index == -1
        if column_index < 0 or width < 2 * padding or (header and self.header_height != 1):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        lines: list[list[Segment]] | None = cache.get(cache_key)
        if lines is not None:
            return lines
        cell = self._get_row_renderables(row_index).cells[column_index]
        if type(cell) is not Cut or cell.spans or (not header and self.rows[row_key].height != 1):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            header,
            False,
            not header and (row_index < self.fixed_rows or column_index < self.fixed_columns),
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # As Styled does: its style under each segment's own, post_style over it.
        style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        style += component_style
        blank = style + post_style
        room = width - 2 * padding
        text = fit(cell.plain, room)
        own = self.app.console.get_style(cell.style) if cell.style else None
        line = [Segment(" " * padding, blank)] if padding else []
        if text:
            line.append(Segment(text, style + own + post_style if own else blank))
        if (gap := room - cell_len(text)) > 0:
            line.append(Segment(" " * gap, blank))
        if padding:
            line.append(Segment(" " * padding, blank))
        lines = [line]
        cache[cache_key] = lines
        return lines
