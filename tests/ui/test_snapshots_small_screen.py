"""SVG snapshots of the small, low-colour terminal: each top-level screen at 80x24 under
``NO_COLOR=1``, and the Dashboard at 60x20.

The demo data and the clock are fixed, so the pictures are stable.  After a change that
is meant to alter them: ``pytest tests/ui/test_snapshots_small_screen.py
--snapshot-update``, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from crm_tui.ui.keymap import SCREENS

from .conftest import after, make_app


@pytest.mark.parametrize("key", [key for key, _, _ in SCREENS], ids=[m for _, m, _ in SCREENS])
def test_each_screen_without_colour(
    snap_compare: Any, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(key))


def test_dashboard_at_60x20(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(60, 20), run_before=after())
