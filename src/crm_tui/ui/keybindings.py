"""Every screen's keys, by section: what docs/keys.md lists and what ``[keys]`` is checked against.

A configurable key is a binding with an ``id``: the action id a profile's ``[keys]``
table names (``goto_companies = "c"``), applied with Textual's keymaps
(``App.set_keymap``).  An id names one action wherever it appears (``new`` is "new
record" on every list), so one line rebinds it everywhere.

Before the app starts, a keymap is checked: every id must exist, and on each screen a
key may do one thing only; the keys of the screen, of the widget that has focus there
and the global keys together.  A clash that the user's keymap creates is reported,
naming the key, the two action ids and the screen.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
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


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """What is wrong with a ``[keys]`` table, one sentence each (empty: nothing)."""
    known = action_ids()
    problems = [_unknown(action, known) for action in keymap if action not in known]
    if problems:
        return problems
    normalised = App._normalize_keymap(dict(keymap))
    for section in SECTIONS[2:]:
        problems.extend(_clashes(section, normalised))
    return list(dict.fromkeys(problems))


def _unknown(action: str, known: Mapping[str, list[str]]) -> str:
    close = difflib.get_close_matches(action, list(known), n=3)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"[keys]: no action {action!r}{hint}; docs/keys.md lists the action ids"


def _clashes(section: Section, keymap: Mapping[str, str]) -> Iterator[str]:
    """Keys that would do two things on ``section``'s screen, one of them the user's."""
    focused = [section.focused] if section.focused else []
    classes: list[type[DOMNode]] = [*section.classes, *focused, CrmApp]
    doing: dict[str, dict[str, bool]] = {}  # key -> {action: bound by the user?}
    for cls in classes:
        for key, binding in merged_bindings(cls):
            action = binding.id or binding.action
            user_keys = keymap.get(binding.id) if binding.id else None
            for bound in user_keys.split(",") if user_keys else [key]:
                actions = doing.setdefault(bound.strip(), {})
                actions[action] = actions.get(action, False) or user_keys is not None
    for key, actions in doing.items():
        if len(actions) > 1 and any(actions.values()):
            names = " and ".join(sorted(actions))
            yield (
                f"[keys]: {key!r} is given to both {names} on {section.title}: "
                "give one of them another key"
            )
