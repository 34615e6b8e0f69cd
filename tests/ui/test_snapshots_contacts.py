"""Snapshots: the company screen and form, the contacts list, a contact, the membership dialog.

Each at 80x24 (the smallest size we support) and 120x40.  Update with
``pytest tests/ui/test_snapshots_contacts.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.company_form import CompanyForm

from .conftest import make_app, then_still
from .records_helpers import build_world, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Setup = Callable[[Pilot[None]], Awaitable[None]]


def app_of(pilot: Pilot[None]) -> CrmApp:
    assert isinstance(pilot.app, CrmApp)
    return pilot.app


async def company_screen(pilot: Pilot[None]) -> None:
    app = app_of(pilot)
    await settle(app, pilot)
    app.open_record("company", (await build_world(app)).fjord.id)
    await settle(app, pilot)


async def company_form(pilot: Pilot[None]) -> None:
    app = app_of(pilot)
    await company_screen(pilot)
    await pilot.press("e")
    await settle(app, pilot)
    assert isinstance(app.screen, CompanyForm)


async def contacts_list(pilot: Pilot[None]) -> None:
    """Filtered to the built company, so that the picture does not follow the demo's seed."""
    app = app_of(pilot)
    await settle(app, pilot)
    await build_world(app)
    await pilot.press("3")
    await settle(app, pilot)
    await pilot.press("c")
    await settle(app, pilot)
    await pilot.press(*"fjordline")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)


async def contact_screen(pilot: Pilot[None]) -> None:
    app = app_of(pilot)
    await settle(app, pilot)
    app.open_record("contact", (await build_world(app)).astrid.id)
    await settle(app, pilot)


async def membership_dialog(pilot: Pilot[None]) -> None:
    app = app_of(pilot)
    await contact_screen(pilot)
    await pilot.press("a")
    await settle(app, pilot)
    await pilot.press("enter")  # the company picker
    await settle(app, pilot)
    await pilot.press(*"tern bay")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    app.screen.query_one("#role", Input).value = "Buyer"
    await settle(app, pilot)


VIEWS = {
    "company": company_screen,
    "company_form": company_form,
    "contacts": contacts_list,
    "contact": contact_screen,
    "membership_dialog": membership_dialog,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_snapshot(snap_compare: Callable[..., bool], view: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=then_still(VIEWS[view]))
