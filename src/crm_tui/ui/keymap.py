"""Keys as data: the global keymap of UX.md in one place.

Screens declare their own BINDINGS next to their actions; the keys every screen
shares live here so the help screen, the footer and the docs agree.
"""

from __future__ import annotations

from textual.binding import Binding

#: (key, mode, label) for the number keys, in UX.md's order.
SCREENS: tuple[tuple[str, str, str], ...] = (
    ("1", "dashboard", "Dashboard"),
    ("2", "companies", "Companies"),
    ("3", "contacts", "Contacts"),
    ("4", "pipeline", "Pipeline"),
    ("5", "activities", "Activities"),
    ("6", "tasks", "Tasks"),
)

GLOBAL_BINDINGS: list[Binding] = [
    *(
        Binding(
            key,
            f"app.goto('{mode}')",
            label,
            show=False,
            tooltip=f"Go to {label}",
            id=f"goto_{mode}",
        )
        for key, mode, label in SCREENS
    ),
    Binding("question_mark,f1", "app.help", "Help", key_display="?", id="help"),
    Binding("q", "app.quit_top_level", "Quit", id="quit"),
    Binding("ctrl+q", "app.quit_anywhere", "Quit", show=False, priority=True, id="quit_anywhere"),
]

#: Keys shared by every screen that shows server data.  ``r`` works everywhere and help
#: lists it: footers, short at 80 columns, keep their room for each screen's own keys.
SCREEN_BINDINGS: list[Binding] = [
    Binding("r", "refresh", "Refresh", show=False, id="refresh"),
    Binding("slash", "focus_search", "Search", key_display="/", id="focus_search"),
]

#: Keys of every list of records (widgets/record_list.py).  Out of the footer, short at
#: 80 columns: help lists them.
LIST_BINDINGS: list[Binding] = [
    Binding("up,k", "cursor_up", "Cursor up", show=False, id="cursor_up"),
    Binding("down,j", "cursor_down", "Cursor down", show=False, id="cursor_down"),
    Binding("home,g", "first", "First", show=False, id="first"),
    Binding("end,G", "last", "Last", show=False, id="last"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="page_down"),
    Binding("ctrl+u", "page(-0.5)", "Half a page up", show=False, id="half_page_up"),
    Binding("ctrl+d", "page(0.5)", "Half a page down", show=False, id="half_page_down"),
    Binding("enter", "select_cursor", "Open", show=False, id="open"),
    Binding(
        "S",
        "sort_next",
        "Sort",
        key_display="S",
        show=False,
        tooltip="Sort by a column: again reverses it, then the next column",
        id="sort",
    ),
]

#: One footer entry, "< > m Stage", for the keys that move a lead to another stage.
STAGE_GROUP = Binding.Group("Stage")

#: Moving a lead between stages, the same on the board and on the lead's own screen.
STAGE_BINDINGS: list[Binding] = [
    Binding(
        "shift+left,less_than_sign",
        "step(-1)",
        "Previous stage",
        key_display="<",
        group=STAGE_GROUP,
        id="move_stage_left",
    ),
    Binding(
        "shift+right,greater_than_sign",
        "step(1)",
        "Next stage",
        key_display=">",
        group=STAGE_GROUP,
        id="move_stage_right",
    ),
    Binding("m", "move_to", "Move to a stage", group=STAGE_GROUP, id="move_stage_to"),
]
