"""The Picker's list: one line per choice, however long its detail."""

from __future__ import annotations

from textual.widgets import OptionList

from crm_tui.ui.widgets.pickers import Choice, Picker

from .conftest import make_app, settle

LONG_DETAIL = "lucas.fischer@copperleaf-coffee-roasters.example · Copperleaf Coffee Roasters"


async def test_a_long_detail_is_cut_on_its_line_not_wrapped() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        choices = [
            Choice("1", "Short"),
            Choice("2", "Lucas Fischer", LONG_DETAIL),
            Choice("3", "After it"),
        ]
        app.push_screen(Picker("Contact", choices=choices))
        await settle(app, pilot)
        options = app.screen.query_one("#picker-options", OptionList)
        assert options.option_count == 3
        assert options.virtual_size.height == 3, "each choice takes one line"
        second_line = options.render_line(1).text
        assert "Lucas Fischer" in second_line
        assert "…" in second_line
