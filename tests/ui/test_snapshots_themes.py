"""SVG snapshots in other themes: the terminal's own colours (textual-ansi) and a light one.

The board's stages, the dashboard's bars and overdue tasks take their colours from the
theme's variables; these pictures show them readable in both.  After a change meant
to alter them: ``pytest tests/ui/test_snapshots_themes.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from crm_tui.preferences import Preferences
from crm_tui.ui.app import CrmApp
from crm_tui.workspace import Workspace

from .conftest import after, fixed_clock

THEMES = pytest.mark.parametrize("theme", ["textual-ansi", "textual-light"])


def themed_app(theme: str) -> CrmApp:
    return CrmApp(Workspace.for_demo(clock=fixed_clock), Preferences(theme=theme))


@THEMES
def test_dashboard(snap_compare: Any, theme: str) -> None:
    assert snap_compare(themed_app(theme), terminal_size=(80, 24), run_before=after())


@THEMES
def test_board(snap_compare: Any, theme: str) -> None:
    assert snap_compare(themed_app(theme), terminal_size=(80, 24), run_before=after("4", "j"))


@THEMES
def test_tasks_with_overdue_ones(snap_compare: Any, theme: str) -> None:
    assert snap_compare(themed_app(theme), terminal_size=(80, 24), run_before=after("6"))
