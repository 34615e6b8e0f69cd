"""SVG snapshots of the Dashboard and the Companies list, at 80x24 and 120x40.

The demo data and the clock are fixed, so the pictures are stable.  After a change
that is meant to alter them: ``pytest tests/ui/test_snapshots_workbench.py
--snapshot-update``, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from crm_tui.ui.screens.companies import CompaniesScreen

from .conftest import after, at_each_size, make_app


@pytest.fixture(autouse=True)
def no_search_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompaniesScreen, "search_debounce", 0.0)


@at_each_size
def test_dashboard(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after())


@at_each_size
def test_companies(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after("2"))


def test_companies_filtered_with_a_selection(snap_compare: Any) -> None:
    keys = ("2", "s", "s", "space", "space")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after(*keys))


def test_marketing_list_dialog(snap_compare: Any) -> None:
    keys = ("2", "space", "space", "M")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after(*keys))
