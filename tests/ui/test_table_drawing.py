"""Tables draw plain rows in one pass, exactly as DataTable would; search boxes type
without laying the screen out again."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from crm_tui.ui.widgets.cells import Cut
from crm_tui.ui.widgets.record_table import RecordTable
from crm_tui.ui.widgets.search_box import SearchBox

NAMES = ["Acme Corporation International", "Beta", "Gamma Ltd", "Delta", "Epsilon"]


class DrawnByDataTable(RecordTable):
    """The same table, every row drawn DataTable's own way."""

    def _plain_row(self, row_key: Any, line_no: int) -> None:
        return None


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield RecordTable(id="ours")
            yield DrawnByDataTable(id="theirs")

    def on_mount(self) -> None:
        for table in self.query(RecordTable):
            table.add_column(Cut(""), key="mark", width=1)
            table.add_column(Cut("Name"), key="name", width=12)
            table.add_column(Cut("Status"), key="status", width=8)
            for n, name in enumerate(NAMES):
                mark = Cut("●" if n % 2 else "", style="bold")
                table.add_row(mark, Cut(name), Cut("active"), key=str(n))


async def drawn(pilot: Any, table: RecordTable) -> list[list[tuple[str, Any]]]:
    """The table's lines, drawn with the focus on it (focus changes the colours)."""
    table.focus()
    await pilot.pause()
    lines = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(segment.text, segment.style) for segment in line] for line in lines]


async def test_one_pass_rows_are_the_lines_datatable_draws() -> None:
    app = Tables()
    async with app.run_test(size=(100, 12)) as pilot:
        ours = app.query_one("#ours", RecordTable)
        theirs = app.query_one("#theirs", RecordTable)
        for table in (ours, theirs):
            table.move_cursor(row=2)
            table._show_hover_cursor = True
            table.hover_coordinate = Coordinate(3, 1)
        ours_lines = await drawn(pilot, ours)
        assert ours_lines == await drawn(pilot, theirs)
        text = ["".join(part for part, _ in line) for line in ours_lines]
        assert "Acme Corpor…" in text[1] and "●" in text[2]  # cut, and the styled mark


async def test_moving_the_cursor_redraws_the_rows_it_leaves_and_reaches() -> None:
    app = Tables()
    async with app.run_test(size=(100, 12)) as pilot:
        ours = app.query_one("#ours", RecordTable)
        theirs = app.query_one("#theirs", RecordTable)
        before = await drawn(pilot, ours)
        for table in (ours, theirs):
            table.move_cursor(row=3)
        after = await drawn(pilot, ours)
        assert after == await drawn(pilot, theirs)
        changed = [y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        assert changed == [1, 4]  # rows 0 and 3, below the header


async def test_clicking_a_row_puts_the_cursor_on_it() -> None:
    selected: list[str | None] = []

    def record(message: Any) -> None:
        if isinstance(message, DataTable.RowSelected):
            selected.append(message.row_key.value)

    app = Tables()
    async with app.run_test(size=(100, 12), message_hook=record) as pilot:
        ours = app.query_one("#ours", RecordTable)
        await pilot.click(ours, offset=(5, 3))  # the header, then rows 0, 1, 2
        await pilot.pause()
        assert ours.cursor_row == 2 and not selected
        await pilot.click(ours, offset=(5, 3))  # a second click on the cursor row selects it
        await pilot.pause()
        assert set(selected) == {"2"}  # (seen once per node the message bubbles through)


class Search(App[None]):
    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="Search", id="box")


async def test_typing_in_a_search_box_keeps_its_virtual_width_until_the_text_overflows() -> None:
    app = Search()
    async with app.run_test(size=(30, 5)) as pilot:
        box = app.query_one(SearchBox)
        width = box.scrollable_content_region.width
        for key in "acme":
            await pilot.press(key)
            assert box.virtual_size.width == width
        await pilot.press(*"x" * (width + 5))
        assert box.value == "acme" + "x" * (width + 5)
        assert box.virtual_size.width == len(box.value) + 1
        assert box.scroll_offset.x > 0  # the cursor is still in view
