"""docs/keys.md is generated from the bindings: it must say what the code does."""

from __future__ import annotations

import runpy
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from crm_tui.ui.keybindings import SECTIONS, key_table_source

ROOT = Path(__file__).parents[1]


def test_keys_doc_matches_the_bindings() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "keys.py"))
    expected = script["render"]()
    actual = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/keys.md is stale: run `python scripts/keys.py > docs/keys.md`"


def test_the_key_table_matches_the_bindings() -> None:
    """``[keys]`` is checked against the table: it must hold every screen's keys."""
    actual = (ROOT / "src" / "crm_tui" / "ui" / "key_table.py").read_text(encoding="utf-8")
    assert actual == key_table_source(), (
        "src/crm_tui/ui/key_table.py is stale: run "
        "`python scripts/keys.py --table > src/crm_tui/ui/key_table.py`"
    )


def test_every_key_of_every_screen_has_a_description() -> None:
    """The footer and the help screen show descriptions: a key without one is invisible."""
    script = runpy.run_path(str(ROOT / "scripts" / "keys.py"))
    textual_own = {
        binding.action
        for base in (App, Screen)
        for bindings in base._merge_bindings().key_to_bindings.values()
        for binding in bindings
    }
    missing = [
        f"{section.title}: {binding.key} -> {binding.action}"
        for section in script["SECTIONS"]
        for cls in section.classes
        for bindings in cls._merge_bindings().key_to_bindings.values()
        for binding in bindings
        if not binding.description.strip() and binding.action not in textual_own
    ]
    assert missing == []


def test_every_footer_key_is_one_help_lists() -> None:
    """Help leaves out Textual's generic keys: none of them may be one a footer shows."""
    from crm_tui.ui.app import GENERIC_HELP_ACTIONS

    hidden_from_help = [
        f"{section.title}: {binding.key} -> {binding.action}"
        for section in SECTIONS
        for cls in section.classes
        for bindings in cls._merge_bindings().key_to_bindings.values()
        for binding in bindings
        if binding.show and binding.action in GENERIC_HELP_ACTIONS
    ]
    assert hidden_from_help == []
