"""The six top-level screens: their number keys, mode names and labels.

Plain data, without Textual: the command line offers the names (``--screen``) before
anything of the app is imported.
"""

from __future__ import annotations

#: (default key, mode, label), in the order of the screens strip.
SCREENS: tuple[tuple[str, str, str], ...] = (
    ("1", "dashboard", "Dashboard"),
    ("2", "companies", "Companies"),
    ("3", "contacts", "Contacts"),
    ("4", "pipeline", "Pipeline"),
    ("5", "activities", "Activities"),
    ("6", "tasks", "Tasks"),
)

#: The screen the app opens on unless told otherwise.
FIRST_SCREEN = "dashboard"
