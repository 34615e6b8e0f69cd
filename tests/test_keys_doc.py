"""docs/keys.md is generated from the bindings: it must say what the code does."""

from __future__ import annotations

import runpy
from pathlib import Path

from textual.app import App
from textual.screen import Screen

ROOT = Path(__file__).parents[1]


def test_keys_doc_matches_the_bindings() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "keys.py"))
    expected = script["render"]()
    actual = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/keys.md is stale: run `python scripts/keys.py > docs/keys.md`"


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
