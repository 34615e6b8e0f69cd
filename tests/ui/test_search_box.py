"""Search boxes type without laying the screen out again."""

from __future__ import annotations

from textual.app import App, ComposeResult

from crm_tui.ui.widgets.search_box import SearchBox


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
