"""A list of records drawn on Textual's line API: only the lines on screen are drawn.

:class:`RecordList` holds the records themselves (any sequence) and a list of
:class:`~.columns.Column`: each line is drawn from its record when it comes into view,
with no cell object kept per row, and drawn lines are kept in a small cache (by row
and width) that is emptied when the records or the styles change.  So a list of
60,000 activities costs what the 20 lines on screen cost.

What it draws, top to bottom: a header line (column titles, the sort column marked
▲ or ▼), the rows (zebra stripes, the cursor row highlighted, a ● before selected
rows when the list allows selecting), and a detail line that gives the cursor row's
values in full for the columns that are cut or left out at this width.

The cursor is a reactive row index; it stays on the same record (by key) when the
records are replaced.  ``S`` sorts by the next column (each column ascending, then
descending, then the list's own order again); clicking a header sorts by it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..formatting import DASH
from ..keymap import LIST_BINDINGS
from .columns import Column, content_needs, fit, fit_widths, visible_columns
from .line_cache import LineCache
from .sorting import Sort, sort_records

R = TypeVar("R")

#: Drawn before a selected row.
MARK = "●"
#: Blank cells on each side of a cell's text.
PAD = 1
ASCENDING, DESCENDING = "▲", "▼"
#: Drawn rows kept for scrolling back and forth: a few screens' worth.
CACHED_LINES = 1024
#: Lines above the rows: the header.
HEADER_LINES = 1


def record_id(record: Any) -> str:
    """The key of a record: its ``id``."""
    return str(record.id)


#: Cell styles a column may name that come from the theme, not from Rich.
ALERT_STYLES = frozenset({"record-list--alert"})


class RecordList(ScrollView, Generic[R], can_focus=True, inherit_bindings=False):
    """Records in columns, a row cursor, optional selection, sorting by any column."""

    DEFAULT_CSS = """
    RecordList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .record-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .record-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .record-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .record-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .record-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .record-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .record-list--mark {
            text-style: bold;
        }
        & > .record-list--detail {
            background: $boost;
            color: $text-muted;
        }
        & > .record-list--alert {
            color: $error;
            text-style: bold;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-list--header",
        "record-list--even-row",
        "record-list--odd-row",
        "record-list--cursor",
        "record-list--mark",
        "record-list--detail",
        # A cell that needs attention (an overdue date), in the theme's error colour.
        "record-list--alert",
    }
    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)

    #: The row under the cursor (0 on an empty list).
    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    @dataclass(eq=False)
    class RowHighlighted(Message):
        """The cursor is on another row (or the rows under it changed)."""

        record_list: RecordList[Any]
        index: int
        key: str | None

        @property
        def control(self) -> RecordList[Any]:
            return self.record_list

        def can_replace(self, message: Message) -> bool:
            # Holding j posts one a row: only the newest still matters.
            return (
                isinstance(message, RecordList.RowHighlighted)
                and message.record_list is self.record_list
            )

    @dataclass(eq=False)
    class RowSelected(Message):
        """``enter`` (or a click on the cursor row) on a row: open its record."""

        record_list: RecordList[Any]
        index: int
        key: str

        @property
        def control(self) -> RecordList[Any]:
            return self.record_list

    @dataclass(eq=False)
    class Sorted(Message):
        """The sort column or its direction changed (None: the list's own order)."""

        record_list: RecordList[Any]
        sort: Sort | None

        @property
        def control(self) -> RecordList[Any]:
            return self.record_list

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        key: Callable[[R], str] = record_id,
        selectable: bool = False,
        openable: bool = True,
        detail: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.key_of = key
        #: Rows can be selected (space, on the screen): a ● marks them.
        self.selectable = selectable
        #: ``enter`` opens the record (a screen handles :class:`RowSelected`).
        self.openable = openable
        #: The last line gives the cursor row's cut or hidden values in full.
        self.detail = detail
        #: Selected records by key, kept across reloads (a record may leave the list).
        self.selected: dict[str, R] = {}
        self.sort: Sort | None = None
        self._given: Sequence[R] = ()
        self._rows: Sequence[R] = ()
        self._positions: dict[str, int] | None = None
        self._needs: dict[str, int] = {}
        self._layout: list[tuple[Column[R], int]] = []
        self._layout_width = -1
        self._lines = LineCache(CACHED_LINES)
        self._styles: dict[str, Style] = {}

    # ------------------------------------------------------------------ records

    @property
    def records(self) -> Sequence[R]:
        """The records in the order shown."""
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_keys(self) -> list[str]:
        """The keys of the records, in the order shown."""
        return [self.key_of(record) for record in self._rows]

    def set_records(
        self, records: Sequence[R], *, keep: str | None = None, by_identity: bool = False
    ) -> None:
        """Show ``records`` (in the current sort); the cursor stays on ``keep``, else on
        the record it was on, else at the same height.

        ``by_identity``: the records are the very objects the list had (another text
        filter over the same load), so the record the cursor was on is looked for as
        itself only.  Looking it up by key as well would build a table of every key
        (7 ms at 20,000 rows, on the event loop) to find what a filter left out.
        """
        current = self.current_record if keep is None else None
        if keep is None and not by_identity:
            keep = self.current_key
        self._given = records
        self._needs = content_needs(self.columns, records)
        self._layout_width = -1  # new content, new widths
        self._show(keep, current)

    def _show(self, keep: str | None, current: R | None = None) -> None:
        """Order the given records, put the cursor back on ``keep`` (the record
        ``current``, when it is the one the cursor was on), draw again."""
        if self.sort is None:
            self._rows = self._given
        else:
            column = self._column(self.sort.key)
            self._rows = sort_records(self._given, column, reverse=self.sort.reverse)
        self._positions = None
        self._lines.clear()
        self.virtual_size = Size(self.virtual_size.width, len(self._rows) + self._chrome_lines)
        index = self._index_of_record(current) if current is not None else None
        if index is None and keep is not None:
            index = self.index_of(keep)
        before = self.cursor
        self.cursor = index if index is not None else before
        if self.cursor == before:  # the watcher did not run: the row may hold another record
            self._cursor_moved()
        self.refresh()

    def _index_of_record(self, record: R) -> int | None:
        """The row holding this very record: a scan by identity, several times quicker
        than the key table :meth:`index_of` builds (25 ms at 60,000 rows, on the event
        loop), and the usual case when a filter narrows the same records."""
        return next((n for n, row in enumerate(self._rows) if row is record), None)

    def index_of(self, key: str) -> int | None:
        """The row of the record ``key``, or None when it is not shown."""
        if self._positions is None:
            self._positions = {self.key_of(record): n for n, record in enumerate(self._rows)}
        return self._positions.get(key)

    @property
    def current_key(self) -> str | None:
        record = self.current_record
        return None if record is None else self.key_of(record)

    @property
    def current_record(self) -> R | None:
        return self._rows[self.cursor] if self._rows else None

    def cell_text(self, key: str, column_key: str) -> str:
        """The full text of one cell, by record key and column key."""
        index = self.index_of(key)
        if index is None:
            raise KeyError(key)
        return self._column(column_key).cell(self._rows[index])

    def column_texts(self, column_key: str) -> list[str]:
        """The full text of one column, top to bottom."""
        column = self._column(column_key)
        return [column.cell(record) for record in self._rows]

    def row_text(self, index: int) -> str:
        """Row ``index`` as it is drawn at the list's width, as plain text."""
        self._fit_columns(self._width)
        return self._row_line(index, self._width).text

    def _column(self, key: str) -> Column[R]:
        return next(column for column in self.columns if column.key == key)

    # ---------------------------------------------------------------- selection

    def toggle_selected(self, key: str | None = None) -> bool:
        """Select or unselect ``key`` (the cursor row by default); True if now selected."""
        key = key if key is not None else self.current_key
        if key is None:
            return False
        if self.selected.pop(key, None) is None:
            index = self.index_of(key)
            if index is None:
                return False
            self.selected[key] = self._rows[index]
        self._redraw_record(key)
        return key in self.selected

    def clear_selection(self) -> None:
        keys = list(self.selected)
        self.selected.clear()
        for key in keys:
            self._redraw_record(key)

    def _redraw_record(self, key: str) -> None:
        index = self.index_of(key)
        if index is not None:
            self._lines.discard_row(index)
            self._refresh_row(index)

    # ------------------------------------------------------------------- cursor

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, before: int, after: int) -> None:
        self._refresh_row(before)
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self._refresh_row(self.cursor)
        self.scroll_to_cursor()
        if self.detail:
            self._refresh_screen_line(self.size.height - 1)
        self.post_message(self.RowHighlighted(self, self.cursor, self.current_key))

    @property
    def _chrome_lines(self) -> int:
        """Lines that are not rows: the header, and the detail line when shown."""
        return HEADER_LINES + (1 if self.detail else 0)

    @property
    def rows_shown(self) -> int:
        """How many rows fit on screen (at least one)."""
        return max(1, self.scrollable_content_region.height - self._chrome_lines)

    def scroll_to_cursor(self) -> None:
        if not self.size.height:
            return  # not laid out yet: on_resize comes back here
        top = round(self.scroll_y)
        shown = self.rows_shown
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False)

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + HEADER_LINES
        if HEADER_LINES <= y < self.size.height:
            self._refresh_screen_line(y)

    def _refresh_screen_line(self, y: int) -> None:
        """Draw again the line ``y`` of the widget, counted from its top (not scrolled)."""
        self.refresh(Region(0, y, self.size.width, 1))

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.openable
        return True

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_page(self, pages: float) -> None:
        """Move the rows and the cursor by ``pages`` screens of rows."""
        step = round(self.rows_shown * pages) or (1 if pages > 0 else -1)
        self.scroll_to(y=self.scroll_y + step, animate=False)
        self.cursor += step

    def action_select_cursor(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.RowSelected(self, self.cursor, key))

    def action_sort_next(self) -> None:
        """The next step of the sort cycle: this column reversed, else the next column
        ascending, and after the last column, the list's own order."""
        keys = [column.key for column in self.columns]
        if self.sort is None:
            self.sort_by(keys[0], reverse=False)
        elif not self.sort.reverse:
            self.sort_by(self.sort.key, reverse=True)
        else:
            after = keys.index(self.sort.key) + 1
            self.sort_by(keys[after] if after < len(keys) else None)

    def sort_by(self, key: str | None, *, reverse: bool = False) -> None:
        """Sort on column ``key`` (None: the list's own order); the cursor keeps its record."""
        self.sort = None if key is None else Sort(key, reverse)
        self._show(self.current_key, self.current_record)
        self.post_message(self.Sorted(self, self.sort))

    # -------------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER_LINES:
            column = self._column_at(offset.x)
            if column is not None:
                # A click on the sort column reverses it; on another, sorts by that one.
                again = self.sort is not None and self.sort.key == column.key
                ascending_now = again and self.sort is not None and not self.sort.reverse
                self.sort_by(column.key, reverse=ascending_now)
            return
        index = round(self.scroll_y) + offset.y - HEADER_LINES
        if offset.y >= self.size.height - (1 if self.detail else 0) or index >= len(self._rows):
            return
        if index == self.cursor:
            self.action_select_cursor()
        else:
            self.cursor = index

    def _column_at(self, x: int) -> Column[R] | None:
        left = self._mark_width
        for column, width in self._layout:
            left += width + 2 * PAD
            if x < left:
                return column
        return None

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component)
        return style

    @property
    def _mark_width(self) -> int:
        return 1 + 2 * PAD if self.selectable else 0

    def _fit_columns(self, width: int) -> None:
        if width == self._layout_width:
            return
        shown = visible_columns(self.columns, width)
        room = width - self._mark_width - 2 * PAD * len(shown)
        self._layout = list(zip(shown, fit_widths(shown, room, self._needs), strict=True))
        self._layout_width = width
        self._lines.clear()

    @property
    def _width(self) -> int:
        """The width rows are drawn at: the widget's, less its scrollbar."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width, height = self._width, self.size.height
        self._fit_columns(width)
        if y < HEADER_LINES:
            return self._header_line(width)
        if self.detail and y == height - 1:
            return self._detail_line(width)
        index = round(self.scroll_y) + y - HEADER_LINES
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        line = self._lines.get((index, width))
        if line is None:
            line = self._row_line(index, width)
            self._lines.put((index, width), line)
        if index == self.cursor:
            # The cursor's colours over the row's and the cells' own (as DataTable does).
            cursor = self._style("record-list--cursor")
            line = Strip(
                [Segment(text, style + cursor if style else cursor) for text, style, _ in line],
                width,
            )
        return line

    def _header_line(self, width: int) -> Strip:
        style = self._style("record-list--header")
        parts = [" " * self._mark_width]
        for column, column_width in self._layout:
            title = column.title
            if self.sort is not None and self.sort.key == column.key:
                # The arrow stays whole; the title gives way in a narrow column.
                arrow = DESCENDING if self.sort.reverse else ASCENDING
                title = f"{fit(title, column_width - 2)} {arrow}"
            parts.append(self._padded(title, column_width, column.align))
        return self._line([Segment("".join(parts), style)], width, style)

    def _row_line(self, index: int, width: int) -> Strip:
        record = self._rows[index]
        style = self._style("record-list--odd-row" if index % 2 else "record-list--even-row")
        segments: list[Segment] = []
        if self.selectable:
            mark = MARK if self.key_of(record) in self.selected else " "
            mark_style = style + self._style("record-list--mark")
            segments.append(Segment(f"{' ' * PAD}{mark}{' ' * PAD}", mark_style))
        plain: list[str] = []
        for column, column_width in self._layout:
            cell = self._padded(column.cell(record), column_width, column.align)
            own = column.style(record) if column.style is not None else None
            if own:
                if plain:
                    segments.append(Segment("".join(plain), style))
                    plain = []
                own_style = self._style(own) if own in ALERT_STYLES else Style.parse(own)
                segments.append(Segment(cell, style + own_style))
            else:
                plain.append(cell)
        if plain:
            segments.append(Segment("".join(plain), style))
        return self._line(segments, width, style)

    @staticmethod
    def _padded(text: str, width: int, align: str) -> str:
        text = fit(text, width)
        gap = " " * (width - cell_len(text))
        inner = gap + text if align == "right" else text + gap
        return f"{' ' * PAD}{inner}{' ' * PAD}"

    @staticmethod
    def _line(segments: list[Segment], width: int, style: Style) -> Strip:
        """The segments cut or filled (in ``style``) to exactly ``width`` cells."""
        return Strip(segments).adjust_cell_length(width, style)

    def _detail_line(self, width: int) -> Strip:
        style = self._style("record-list--detail")
        text = self.detail_text(width)
        text.truncate(width, overflow="ellipsis")
        return self._line(list(text.render(self.app.console)), width, style).apply_style(style)

    def detail_text(self, width: int | None = None) -> Text:
        """The cursor row's values that the list cuts or leaves out at ``width``:
        'Email david.fontaine@harbor-pine.example · Domain harbor-pine.example'."""
        record = self.current_record
        text = Text(no_wrap=True, end="")
        if record is None:
            return text
        width = self._width if width is None else width
        self._fit_columns(width)
        widths = {column.key: column_width for column, column_width in self._layout}
        for column in self.columns:
            if not column.in_detail:
                continue
            value = column.cell(record)
            shown = widths.get(column.key)
            if value in ("", DASH) or (shown is not None and cell_len(value) <= shown):
                continue  # nothing there, or all of it on screen
            if text:
                text.append(" · ")
            text.append(f"{column.title} ", style="bold")
            text.append(value)
        return text
