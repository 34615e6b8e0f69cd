"""Keys as data: the global keymap in one place (docs/keys.md is generated from it).

Screens declare their own BINDINGS next to their actions; the keys every screen
shares live here so the help screen, the footer and the docs agree.
"""

from __future__ import annotations

from textual.binding import Binding

# The number keys' screens, re-exported: the keymap is where keys are read from.
from .screen_names import SCREENS as SCREENS

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

#: Copying the highlighted record's values (the screens that have one say which).
COPY_BINDINGS: list[Binding] = [
    Binding(
        "y",
        "copy_value",
        "Copy",
        show=False,
        tooltip="Copy the email, domain or id",
        id="copy_value",
    ),
    Binding(
        "Y", "copy_menu", "Copy…", show=False, tooltip="Copy a value: pick which", id="copy_menu"
    ),
]

#: ``/`` on a screen without a search box (the Dashboard, the board, a record): the
#: palette, where typing a name jumps to a company, contact or lead.
JUMP_BINDING = Binding(
    "slash",
    "focus_search",
    "Jump",
    key_display="/",
    show=False,
    tooltip="Jump to a company, contact or lead (the palette)",
    id="focus_search",
)

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


def stage_bindings(group_label: str = "Stage") -> list[Binding]:
    """Moving a lead between stages, the same on the board and on the lead's own screen.

    One footer entry, "< > m Stage", holds the three keys; shift+left and shift+right
    do what ``<`` and ``>`` do, and help lists them.  The board's footer has room to
    say so too (``group_label``); the lead's, at 80 columns, has not.
    """
    group = Binding.Group(group_label)
    return [
        Binding(
            "shift+left,less_than_sign",
            "step(-1)",
            "Previous stage",
            key_display="<",
            group=group,
            id="move_stage_left",
        ),
        Binding(
            "shift+right,greater_than_sign",
            "step(1)",
            "Next stage",
            key_display=">",
            group=group,
            id="move_stage_right",
        ),
        Binding("m", "move_to", "Move to a stage", group=group, id="move_stage_to"),
    ]
