"""The 80x24 SSH session: where you are, help that scrolls, nothing hidden or covered."""

from __future__ import annotations

import httpx
import pytest
from textual.color import Color
from textual.command import CommandPalette
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Button, Header, Input
from textual.widgets._header import HeaderTitle
from textual.widgets._toast import Toast

from crm_tui.api import NO_RETRY, CrmClient
from crm_tui.ui.app import CrmApp
from crm_tui.ui.commands import screen_actions
from crm_tui.ui.keymap import SCREENS
from crm_tui.ui.screens.company_form import CompanyForm
from crm_tui.ui.screens.help import HelpKeys, HelpScreen
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.screen_strip import ScreenStrip
from crm_tui.workspace import Workspace

from .conftest import make_app, press_settling, settle
from .test_footer import ROUTES
from .text_entry import fill


@pytest.mark.parametrize(("key", "mode", "label"), SCREENS)
async def test_every_top_level_screen_names_itself_in_the_strip(
    key: str, mode: str, label: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        strip = app.screen.query_one(ScreenStrip)
        text = strip.render().plain
        # Marked by brackets (and reverse video), not by colour alone; every key named.
        assert f"[{key} {label}]" in text
        assert all(f"{k} {name}" in text for k, _, name in SCREENS)
        assert text.count("[") == 1
        assert len(text.rstrip()) <= strip.content_size.width, "the strip fits 80 columns"
        assert strip.region.y == app.screen.query_one(Header).region.bottom


async def test_record_screens_have_no_strip() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CompanyScreen"
        assert not app.screen.query(ScreenStrip)


async def test_help_scrolls_at_80x24_and_starts_with_what_matters() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = help_screen.query_one(HelpKeys)
        assert keys.has_focus
        assert keys.max_scroll_y > 0, "the board has more keys than 80x24 shows"
        # The first screenful: the screen's keys, then the global ones (1..6, ?, q).
        first = [row[1] for row in help_screen.rows[: keys.size.height - 2]]
        assert "Move to a stage" in first and "Help" in first and "Quit" in first
        assert any(description.startswith("Go to Dashboard") for description in first)
        for key, at_end in (("down", False), ("pagedown", False), ("end", True)):
            before = keys.scroll_y
            await pilot.press(key)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            assert keys.scroll_y > before or (at_end and keys.scroll_y == keys.max_scroll_y)
        assert keys.scroll_y == keys.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_names_shift_arrows_beside_the_stage_keys() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        rows = {description: keys.split() for keys, description, _ in app._help_rows()}
        assert "<" in rows["Previous stage"] and "shift+←" in rows["Previous stage"]
        assert ">" in rows["Next stage"] and "shift+→" in rows["Next stage"]


@pytest.mark.parametrize("key", ["1", "4"])
async def test_slash_without_a_search_box_opens_the_palette(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_the_connection_state_is_not_cut_from_the_header_at_80_columns() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = CrmClient(
        base_url="https://app.axiomatic.software",
        api_key="ak_test_key_123",
        entity_id="5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60",
        transport=httpx.MockTransport(refuse),
        retry=NO_RETRY,
    )
    workspace = Workspace(
        connect=lambda: client, server_label="app.axiomatic.software", entity_id=client.entity_id
    )
    app = CrmApp(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        title = app.screen.query_one(HeaderTitle)
        line = "".join(segment.text for segment in title.render_line(0))
        assert "✗ last call failed" in line
        assert "entity 5f0c1a2e" in line


async def test_notifications_over_a_dialog_leave_its_buttons_visible() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter")
        await settle(app, pilot)
        await pilot.press("e")  # edit the contact's first membership
        await settle(app, pilot)
        form = app.screen
        assert type(form).__name__ == "MembershipForm"
        for number in range(3):
            app.notify(f"Something happened ({number}) that takes two lines to tell here.")
        await settle(app, pilot)
        await pilot.wait_for_scheduled_animations()
        toasts = list(form.query(Toast))
        assert toasts
        for button in form.query(Button):
            assert all(not toast.region.overlaps(button.region) for toast in toasts), button.id


async def test_the_palette_holds_the_current_screens_actions() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        actions = {what for what, _, _ in screen_actions(app.screen)}
        assert {"New company", "Refresh", "Add to a marketing list"} <= actions
        assert "Cursor down" not in actions and "Quit" not in actions
        # Export, out of the footer at 80 columns, is one of them, with its key.
        export = ("Export this view, all its rows, to CSV or JSON", "export_view", "E")
        assert export in screen_actions(app.screen)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await fill(app, pilot, "new company")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CompanyForm"


async def test_the_palette_offers_the_boards_stage_moves() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        actions = {what for what, _, _ in screen_actions(app.screen)}
        assert {"Move to a stage", "Next stage", "New lead", "Refresh"} <= actions
        assert "Export this view, all its rows, to CSV or JSON" in actions

        await pilot.press("1")  # nothing to export on the Dashboard
        await settle(app, pilot)
        dashboard = {action for _, action, _ in screen_actions(app.screen)}
        assert "export_view" not in dashboard and "focus_search" in dashboard


async def test_jump_hits_sharing_a_title_say_what_tells_them_apart() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        leads = await app.workspace.client.list_leads()
        titles = [lead.title for lead in leads]
        shared = next(title for title in titles if titles.count(title) > 1)
        targets = [t for t in await app.jump_targets(shared) if t.title == shared]
        assert len(targets) > 1
        details = [target.detail for target in targets]
        assert len(set(details)) == len(details), details
        for target in targets:
            lead = next(lead for lead in leads if lead.id == target.id)
            assert lead.company_name and lead.company_name in target.detail


def scrolls(widget: Widget) -> bool:
    return widget.allow_vertical_scroll or widget.allow_horizontal_scroll


def unreachable(screen: Screen[object]) -> list[str]:
    """What of ``screen`` is cut off with no way to scroll to it.

    A widget inside something that scrolls can be scrolled to.  Any other must lie
    within the screen, and hold its content whole: a container its children, a
    widget its lines (a line that wraps past the widget's height is lost).
    """
    width, height = screen.size
    found = []
    for widget in screen.walk_children(Widget):
        if not all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget)):
            continue
        if isinstance(widget, ScrollView) or any(
            scrolls(node)
            for node in widget.ancestors
            if isinstance(node, Widget) and node is not screen
        ):
            continue
        region = widget.region
        if region.area and (region.right > width or region.bottom > height):
            found.append(f"{widget!r} lies off the screen at {region}")
        content = widget.content_size
        if not content.height or scrolls(widget):
            continue
        if widget.children:
            needed = widget.virtual_size.height
        else:
            needed = widget.get_content_height(
                widget.content_region.size, screen.size, content.width
            )
        if needed > content.height:
            found.append(f"{widget!r} needs {needed} lines and has {content.height}")
    return found


@pytest.mark.parametrize("name", list(ROUTES))
async def test_every_screens_content_is_reachable_at_60x20(name: str) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await press_settling(app, pilot, ROUTES[name])
        assert unreachable(app.screen) == []


async def test_with_no_colour_overdue_tasks_stand_out_in_reverse_video(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        table = app.screen.query_one("#tasks", RecordList)
        due = next(column for column in table.columns if column.key == "due")
        first = table.records[0]
        assert "overdue" in due.cell(first)
        assert due.style is not None
        style = due.style(first) or ""
        assert "reverse" in style and "red" not in style


async def test_with_no_colour_errors_and_focus_are_not_told_by_colour_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(CompanyForm())
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # no name: the field says why
        await settle(app, pilot)
        error = app.screen.query_one("#name-error")
        assert error.display
        assert error.styles.text_style.underline and error.styles.text_style.bold
        name = app.screen.query_one("#name", Input)
        assert name.has_focus
        foreground = Color.parse(app.theme_variables["foreground"])
        assert name.styles.border_top[1] == foreground


async def test_with_16_colours_unfocused_fields_keep_a_visible_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    monkeypatch.setattr(app, "has_few_colors", lambda: True)  # tests run headless
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.has_class("-few-colors")
        app.push_screen(CompanyForm())
        await settle(app, pilot)
        unfocused = app.screen.query_one("#domain", Input)
        assert not unfocused.has_focus
        assert unfocused.styles.border_top[1] == Color.parse("ansi_bright_black")
