"""Every screen's keys, by section, read from the classes: what docs/keys.md lists,
and what ``key_table.py`` (which ``[keys]`` is checked against) is generated from.

A configurable key is a binding with an ``id``: the action id a profile's ``[keys]``
table names (``goto_companies = "c"``), applied with Textual's keymaps
(``App.set_keymap``).  An id names one action wherever it appears (``new`` is "new
record" on every list), so one line rebinds it everywhere.

Importing this module imports every screen: start-up never does (see
``keymap_check``); ``scripts/keys.py`` and the tests do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from .app import CrmApp
from .screens.activities import ActivitiesScreen, ActivityTable
from .screens.companies import CompaniesScreen
from .screens.company import CompanyScreen
from .screens.compose_email import ComposeEmail
from .screens.contact import ContactScreen
from .screens.contacts import ContactsScreen
from .screens.dashboard import DashboardScreen
from .screens.form import FormScreen
from .screens.lead import LeadScreen
from .screens.pipeline import PipelineScreen
from .screens.record import SectionTable
from .screens.tasks import TasksScreen
from .widgets.board import Board
from .widgets.record_list import RecordList


@dataclass(frozen=True)
class Section:
    """A heading of docs/keys.md: the classes whose keys apply there."""

    title: str
    classes: tuple[type[DOMNode], ...]
    #: The widget that has focus on this screen, when its keys are listed elsewhere.
    focused: type[DOMNode] | None = None


SECTIONS: tuple[Section, ...] = (
    Section("Everywhere", (CrmApp,)),
    Section("Every list and table", (RecordList,)),
    Section("Dashboard (1)", (DashboardScreen,), RecordList),
    Section("Companies (2)", (CompaniesScreen,), RecordList),
    Section("Company", (CompanyScreen,), SectionTable),
    Section("Contacts (3)", (ContactsScreen,), SectionTable),
    Section("Contact", (ContactScreen,), SectionTable),
    Section("Pipeline (4)", (PipelineScreen, Board)),
    Section("Lead", (LeadScreen,)),
    Section("Activities (5)", (ActivitiesScreen, ActivityTable)),
    Section("Tasks (6)", (TasksScreen,), RecordList),
    Section("Every form", (FormScreen,)),
    Section("Write email", (ComposeEmail,)),
)


def merged_bindings(cls: type[DOMNode]) -> Iterator[tuple[str, Binding]]:
    """(key, binding) for every key of ``cls``, its base classes' included."""
    for key, bindings in cls._merge_bindings().key_to_bindings.items():
        for binding in bindings:
            yield key, binding


def action_ids() -> dict[str, list[str]]:
    """Every configurable action id with its default keys, in the order the docs list them."""
    ids: dict[str, list[str]] = {}
    for section in SECTIONS:
        for cls in section.classes:
            for key, binding in merged_bindings(cls):
                if binding.id is not None:
                    keys = ids.setdefault(binding.id, [])
                    if key not in keys:
                        keys.append(key)
    return ids


def screen_keys(section: Section) -> tuple[tuple[str, str | None, str], ...]:
    """(key, action id or None, action) of every key on ``section``'s screen: its own,
    the focused widget's and the global keys, in that order."""
    focused = [section.focused] if section.focused else []
    classes: list[type[DOMNode]] = [*section.classes, *focused, CrmApp]
    return tuple(
        (key, binding.id, binding.action)
        for cls in classes
        for key, binding in merged_bindings(cls)
    )


def key_table_source() -> str:
    """``key_table.py`` as the bindings give it (``python scripts/keys.py --table``)."""
    lines = [KEY_TABLE_HEADER, "ACTION_IDS: dict[str, tuple[str, ...]] = {"]
    for action, keys in action_ids().items():
        lines.append(f"    {_literal(action)}: ({''.join(_literal(k) + ', ' for k in keys)}),")
    lines += [
        "}",
        "#: docs/keys.md's section -> (key, action id or None, action) of each key there:",
        "#: the screen's own, the focused widget's, then the global keys.",
        "SCREEN_KEYS: dict[str, tuple[tuple[str, str | None, str], ...]] = {",
    ]
    for section in SECTIONS[2:]:
        lines.append(f"    {_literal(section.title)}: (")
        for key, action_id, action in screen_keys(section):
            lines.append(f"        ({_literal(key)}, {_literal(action_id)}, {_literal(action)}),")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _literal(value: str | None) -> str:
    """``value`` as Python source, in double quotes as the formatter writes them."""
    return "None" if value is None else json.dumps(value)


KEY_TABLE_HEADER = '''"""Every screen's keys as data, for checking a ``[keys]`` table before the
first frame without importing a screen (see ``keymap_check``).

Generated from the bindings by ``python scripts/keys.py --table`` (a test keeps it
current): do not edit.
"""

# fmt: off
#: Action id -> its default keys, in the order docs/keys.md lists them.'''
