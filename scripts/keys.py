"""Write docs/keys.md from the bindings themselves, so the docs cannot drift.

``python scripts/keys.py`` prints the document, and ``python scripts/keys.py --table``
the keys as data that a ``[keys]`` table is checked against
(``src/crm_tui/ui/key_table.py``); ``tests/test_keys_doc.py`` checks that both files
are what it prints.  The keys come from each screen's merged BINDINGS (its
own and its base classes') and from the widget that holds focus on it
(``crm_tui.ui.keybindings.SECTIONS``); a key with an action id can be changed in a
profile's ``[keys]`` table.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from crm_tui.ui.app import CrmApp
from crm_tui.ui.keybindings import SECTIONS, action_ids, key_table_source
from crm_tui.ui.screens.base import CrmScreen
from crm_tui.ui.widgets.record_list import RecordList

HEADER = """\
# Keys

Generated from the code by `python scripts/keys.py` (a test keeps this file current).
`?` or `f1` shows the same for the screen you are on. Inside a text field, printable
keys type text; the screen keys apply once focus leaves it (`escape` or `tab`).
`/` focuses the search or filter box on the screens that have one; on the others it
opens the palette, where typing a name jumps to a company, contact or lead.

A key with an action id can be changed in a profile's `[keys]` table (see
[configuration.md](configuration.md#keys)): `goto_companies = "c"`. An id names one
action on every screen that has it.
"""


#: Textual's own screen keys (focus moves, copy) are the same everywhere: left out.
TEXTUAL_SCREEN_ACTIONS = {
    b.action for bs in Screen._merge_bindings().key_to_bindings.values() for b in bs
}


def offered(cls: type[DOMNode], binding: Binding) -> bool:
    """Export is a key of the screens with a list only."""
    if binding.action == "export_view" and issubclass(cls, CrmScreen):
        return cls.offers_export()
    return True


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
            if not offered(cls, binding):
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
    for section in SECTIONS:
        rows = []
        for cls in section.classes:
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
                action_id = f"`{binding.id}`" if binding.id else ""
                rows.append(
                    f"| {keys_text(cls, binding.action, binding.description)} "
                    f"| {binding.tooltip or binding.description} | {action_id} |"
                )
        if section.classes[0] is CrmApp:
            rows.append("| `ctrl+p` | Command palette: screens, actions, jump to a record | |")
        rows = list(dict.fromkeys(rows))
        parts.append(
            f"\n## {section.title}\n\n| key | does | action id |\n| --- | --- | --- |\n"
            + "\n".join(rows)
            + "\n"
        )
    parts.append(
        "\n## Action ids\n\nEvery action id a `[keys]` table can name, with its default keys.\n\n"
        "| action id | default keys |\n| --- | --- |\n"
    )
    for action, keys in sorted(action_ids().items()):
        parts.append(f"| `{action}` | {' '.join(f'`{key}`' for key in keys)} |\n")
    return "".join(parts)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--table"]:
        print(key_table_source(), end="")
    else:
        print(render(), end="")
