"""Write docs/keys.md from the bindings themselves, so the docs cannot drift.

``python scripts/keys.py`` prints the document; ``tests/test_keys_doc.py`` checks that
docs/keys.md is what it prints.  The keys come from each screen's merged BINDINGS (its
own and its base classes') and from the widget that holds focus on it.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.activities import ActivitiesScreen, ActivityTable
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.compose_email import ComposeEmail
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.contacts import ContactsScreen
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.form import FormScreen
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.tasks import TasksScreen
from crm_tui.ui.widgets.board import Board
from crm_tui.ui.widgets.record_list import RecordList

#: (section title, classes whose bindings apply there)
SECTIONS: tuple[tuple[str, tuple[type[DOMNode], ...]], ...] = (
    ("Everywhere", (CrmApp,)),
    ("Every list and table", (RecordList,)),
    ("Dashboard (1)", (DashboardScreen,)),
    ("Companies (2)", (CompaniesScreen,)),
    ("Company", (CompanyScreen,)),
    ("Contacts (3)", (ContactsScreen,)),
    ("Contact", (ContactScreen,)),
    ("Pipeline (4)", (PipelineScreen, Board)),
    ("Lead", (LeadScreen,)),
    ("Activities (5)", (ActivitiesScreen, ActivityTable)),
    ("Tasks (6)", (TasksScreen,)),
    ("Every form", (FormScreen,)),
    ("Write email", (ComposeEmail,)),
)

HEADER = """\
# Keys

Generated from the code by `python scripts/keys.py` (a test keeps this file current).
`?` or `f1` shows the same for the screen you are on. Inside a text field, printable
keys type text; the screen keys apply once focus leaves it (`escape` or `tab`).
`/` focuses the search or filter box on the screens that have one; on the others it
opens the palette, where typing a name jumps to a company, contact or lead.
"""


#: Textual's own screen keys (focus moves, copy) are the same everywhere: left out.
TEXTUAL_SCREEN_ACTIONS = {
    b.action for bs in Screen._merge_bindings().key_to_bindings.values() for b in bs
}


def bindings_of(cls: type[DOMNode]) -> list[Binding]:
    merged = cls._merge_bindings()
    seen: set[tuple[str, str]] = {(action, "") for action in TEXTUAL_SCREEN_ACTIONS}
    result = []
    for key_bindings in merged.key_to_bindings.values():
        for binding in key_bindings:
            if not binding.description or (binding.action, binding.description) in seen:
                continue
            if binding.action in TEXTUAL_SCREEN_ACTIONS and not issubclass(cls, App):
                continue
            seen.add((binding.action, binding.description))
            result.append(binding)
    return result


def keys_text(cls: type[DOMNode], action: str, description: str) -> str:
    keys = []
    for bindings in cls._merge_bindings().key_to_bindings.values():
        for b in bindings:
            if b.action == action and b.description == description:
                keys.append(b.key_display or b.key)
                if b.key_display and "+" in b.key:
                    keys.append(b.key)  # shift+left, shown as "<" in the footer
    return " ".join(f"`{key}`" for key in dict.fromkeys(keys))


def render() -> str:
    parts = [HEADER]
    for title, classes in SECTIONS:
        rows = []
        for cls in classes:
            for binding in bindings_of(cls):
                if (
                    cls is not RecordList
                    and issubclass(cls, RecordList)
                    and any(
                        b.action == binding.action and b.description == binding.description
                        for b in bindings_of(RecordList)
                    )
                ):
                    continue  # already under "Every list and table"
                rows.append(
                    f"| {keys_text(cls, binding.action, binding.description)} "
                    f"| {binding.tooltip or binding.description} |"
                )
        if classes[0] is CrmApp:
            rows.append("| `ctrl+p` | Command palette: screens, actions, jump to a record |")
        rows = list(dict.fromkeys(rows))
        parts.append(f"\n## {title}\n\n| key | does |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
