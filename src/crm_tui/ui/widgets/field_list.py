"""A read-only panel of labelled values: the fields of a company, a contact, a lead.

Short values flow into as many label/value columns as the width allows (one at a
very narrow width, two at 80 columns, three at 120); wide values (notes) take a
line of their own.  Values are rendered as plain text, never as markup, so a name
holding ``[`` shows as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..formatting import DASH


@dataclass(frozen=True)
class FieldItem:
    label: str
    value: str | Text | None
    #: Takes a whole line (notes, descriptions), cut with an ellipsis when too long.
    wide: bool = False

    def value_text(self) -> Text:
        if self.value is None or self.value == "":
            return Text(DASH, style="dim")
        if isinstance(self.value, Text):
            return self.value
        return Text(self.value)

    def one_line(self) -> Text:
        """The value on one line: its lines joined with a dim slash, blank ones left out."""
        lines = [line for line in self.value_text().split() if line.plain.strip()]
        if not lines:
            return Text(DASH, style="dim")
        joined = lines[0]
        for line in lines[1:]:
            # Appended, not joined: Text.join would dim the whole value with its slash.
            joined.append(" / ", style="dim")
            joined.append_text(line)
        return joined


class FieldList(Widget):
    """Label/value pairs in columns.  Call :meth:`show` with the items to display."""

    DEFAULT_CSS = """
    FieldList {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        items: Iterable[FieldItem] = (),
        *,
        column_width: int = 38,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.items = list(items)
        #: Room one label/value pair needs; the width divided by it gives the columns.
        self.column_width = column_width

    def show(self, items: Iterable[FieldItem]) -> None:
        self.items = list(items)
        self.refresh(layout=True)

    def value_of(self, label: str) -> str:
        """The plain text shown for ``label`` (tests and screen readers of the code)."""
        for item in self.items:
            if item.label == label:
                return item.value_text().plain
        raise KeyError(label)

    def render(self) -> RenderableType:
        short, wide = self._short_and_wide()
        columns = self._columns(len(short), self.size.width)
        label_width = max((len(item.label) for item in self.items), default=0)
        return Group(self._grid(short, columns, label_width), self._lines(wide, label_width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Every field takes one line, so the height follows from the width alone.
        # Textual's own measure renders, and render() reads ``self.size``: asked during
        # a layout, that lays the whole screen out a second time.
        short, wide = self._short_and_wide()
        return grid_rows(len(short), self._columns(len(short), width)) + len(wide)

    def _short_and_wide(self) -> tuple[list[FieldItem], list[FieldItem]]:
        short = [item for item in self.items if not item.wide]
        wide = [item for item in self.items if item.wide]
        return short, wide

    def _columns(self, short_items: int, width: int) -> int:
        return max(1, min(short_items or 1, width // self.column_width))

    def _grid(self, items: list[FieldItem], columns: int, label_width: int) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        for _ in range(columns):
            grid.add_column(width=label_width, style="dim", no_wrap=True)
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        # Fill column by column, so related fields listed together stay together.
        rows = grid_rows(len(items), columns)
        for row in range(rows):
            cells: list[Text] = []
            for column in range(columns):
                index = column * rows + row
                if index < len(items):
                    cells += [Text(items[index].label), items[index].one_line()]
                else:
                    cells += [Text(""), Text("")]
            grid.add_row(*cells)
        return grid

    def _lines(self, items: list[FieldItem], label_width: int) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=label_width, style="dim", no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for item in items:
            # One line: a long note is cut, the full text is in the edit form.
            grid.add_row(Text(item.label), item.one_line())
        return grid


def grid_rows(items: int, columns: int) -> int:
    """The rows ``items`` fields fill in ``columns`` columns (filled column by column)."""
    return -(-items // columns)
