"""Footers show every key they list, at 80 columns too: none is cut off or hidden
behind the command palette's entry."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from .conftest import make_app, press_settling, settle

#: The keys that reach each screen from the dashboard: the six top-level screens, then
#: a record opened from a list, then lists whose filters add a key ("C" clears them).
ROUTES = {
    "dashboard": ("1",),
    "companies": ("2",),
    "contacts": ("3",),
    "pipeline": ("4",),
    "activities": ("5",),
    "tasks": ("6",),
    "company": ("2", "enter"),
    "contact": ("3", "enter"),
    "lead": ("4", "enter"),
    "activities of a company": ("5", "c", *"aurora", "enter"),
    "activities of a contact": ("5", "p", *"nina", "enter"),
    "contacts of a company": ("3", "c", *"aurora", "enter"),
}


def cut_off_keys(screen: Screen[Any]) -> list[str]:
    """The footer keys of ``screen`` that are not wholly visible left of the palette's."""
    footer = screen.query_one(Footer)
    palette = footer.query_one(".-command-palette", FooterKey)
    visible_up_to = palette.region.x
    return [
        key.description or key.key_display
        for key in footer.query(FooterKey)
        if key is not palette and (not key.region or key.region.right > visible_up_to)
    ]


@pytest.mark.parametrize("name", list(ROUTES))
async def test_every_footer_key_is_shown_at_80_columns_and_explained_in_help(name: str) -> None:
    """None is cut off, and help (?) explains each: the same key, under the same name."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_settling(app, pilot, ROUTES[name])
        footer = app.screen.query_one(Footer)
        shown = [key.key_display for key in footer.query(FooterKey)]
        assert shown, "the footer lists keys"
        if " of a " in name:
            assert "C" in shown, "a filter applies, and the key that clears it is offered"
        assert footer.compact, "narrow screens use the compact footer"
        assert cut_off_keys(app.screen) == []

        in_footer = {
            key.key_display
            for key in footer.query(FooterKey)
            if not key.has_class("-command-palette")
        }
        in_help = {key for keys, _, _ in app._help_rows() for key in keys.split()}
        assert in_footer - in_help == set()


async def test_wide_screens_keep_the_roomy_footer_and_narrowing_compacts_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        assert not footer.compact
        assert cut_off_keys(app.screen) == []

        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert footer.compact
        assert cut_off_keys(app.screen) == []
