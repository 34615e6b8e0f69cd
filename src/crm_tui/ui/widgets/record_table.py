"""A DataTable of records: row cursor, vim keys, and a row key per record id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.widgets import DataTable

from ..keymap import TABLE_BINDINGS

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
