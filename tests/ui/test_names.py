"""A server that sends ids without the names: every screen still names what it shows.

The demo answers through a transport that strips every name a record gives of what it
links to (``companyName``, ``contactName``, ``ownerName``, ``leadTitle``) and the
address and name of the email connections.  The demo's users share all but the last
character of their ids: a first-8-characters fallback made them all look the same.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import httpx
import pytest

from crm_tui.api.models import CompanyCreate, ContactCreate, LeadCreate
from crm_tui.demo.identity import USERS
from crm_tui.ui import names as names_module
from crm_tui.ui.names import short_ids
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.compose_email import ComposeEmail
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.contacts import ContactsScreen
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.widgets.field_list import FieldList

from .changed_answers import ChangedAnswers, app_on, demo_transport
from .conftest import open_mode, settle
from .terminal import terminal_output

LINKED_NAMES = ("companyName", "contactName", "contactEmail", "ownerName", "leadTitle")
#: A user the config names; the server never does.
SAVED_OWNER_ID, SAVED_OWNER = USERS[1][0], "Priya from the config"


def without_names(request: httpx.Request, data: Any) -> Any:
    """Every linked record's name dropped, and the connections' address and name."""
    records = data.get("items", data) if isinstance(data, dict) else data
    for record in records if isinstance(records, list) else [records]:
        if isinstance(record, dict):
            for field in LINKED_NAMES:
                record.pop(field, None)
            if request.url.path.endswith("/outbound-email-connections"):
                record.pop("email", None)
                record.pop("displayName", None)
    return data


@pytest.fixture
def server() -> ChangedAnswers:
    return ChangedAnswers(demo_transport(size=3), rewrite=without_names)


def reads_of(server: ChangedAnswers, collection: str) -> Counter[str]:
    """How often each record of ``collection`` was read by id."""
    prefix = f"/api/crm/{collection}/"
    return Counter(
        path.removeprefix(prefix)
        for path in server.paths()
        if path.startswith(prefix) and "/" not in path.removeprefix(prefix)
    )


def test_short_ids_are_the_shortest_unique_prefixes() -> None:
    ids = ["0b5e2c1d-aa", "0b5e2c1d-ab", "1f00", "77a1b2c3d4"]
    assert short_ids(ids) == {
        "0b5e2c1d-aa": "0b5e2c1d-aa",
        "0b5e2c1d-ab": "0b5e2c1d-ab",
        "1f00": "1f00",
        "77a1b2c3d4": "77a1",
    }


async def test_the_lead_screen_names_its_company_contact_and_owner(
    server: ChangedAnswers,
) -> None:
    app = app_on(server, owners={SAVED_OWNER: SAVED_OWNER_ID})
    client = app.workspace.client
    company = await client.create_company(CompanyCreate(name="Nameless Works"))
    contact = await client.create_contact(
        ContactCreate(first_name="Ida", last_name="Quist", company_id=company.id)
    )
    lead = await client.create_lead(
        LeadCreate(
            title="Unnamed links",
            company_id=company.id,
            contact_id=contact.id,
            owner_user_id=SAVED_OWNER_ID,
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = reads_of(server, "contacts")[contact.id]
        await app.push_screen(LeadScreen(lead.id))
        await settle(app, pilot)
        fields = app.screen.query_one(FieldList)
        assert fields.value_of("Company").startswith("Nameless Works")
        assert fields.value_of("Contact") == "Ida Quist"
        assert fields.value_of("Owner") == SAVED_OWNER
        # The contact was read once to learn its name.
        assert reads_of(server, "contacts")[contact.id] == before + 1


async def test_contacts_name_their_companies_reading_each_once(server: ChangedAnswers) -> None:
    app = app_on(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mode(app, pilot, "3", ContactsScreen)
        companies = {c.company_id for c in screen.contacts if c.company_id}
        assert companies
        for contact in screen.contacts:
            if contact.company_id:
                assert contact.company_name and contact.company_id not in contact.company_name
        reads = reads_of(server, "companies")
        assert set(reads) == companies and set(reads.values()) == {1}
        # Drawn: no "—" where the company is.
        shown = terminal_output(app).text
        for company_id in companies:
            assert company_id[:8] not in shown
        # Filtering again reads nothing more: the names are known on this screen.
        await pilot.press("r")
        await settle(app, pilot)
        assert reads_of(server, "companies") == reads


async def test_a_long_list_is_named_the_same_from_a_thread(
    server: ChangedAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tens of thousands of contacts are scanned for names off the event loop."""
    monkeypatch.setattr(names_module, "OFF_LOOP_RECORDS", 2)
    threads: set[threading.Thread] = set()
    real_fill = names_module.NameBook._fill

    def spied_fill(book: Any, *args: Any) -> Any:
        threads.add(threading.current_thread())
        return real_fill(book, *args)

    monkeypatch.setattr(names_module.NameBook, "_fill", spied_fill)
    app = app_on(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mode(app, pilot, "3", ContactsScreen)
        assert len(screen.contacts) >= 2 and threading.current_thread() not in threads
        companies = {c.company_id for c in screen.contacts if c.company_id}
        for contact in screen.contacts:
            if contact.company_id:
                assert contact.company_name and contact.company_id not in contact.company_name
        reads = reads_of(server, "companies")
        assert set(reads) == companies and set(reads.values()) == {1}


async def test_memberships_name_their_companies(server: ChangedAnswers) -> None:
    app = app_on(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mode(app, pilot, "3", ContactsScreen)
        contact = next(c for c in screen.contacts if c.company_id)
        await app.push_screen(ContactScreen(contact.id))
        await settle(app, pilot)
        record = app.screen
        assert isinstance(record, ContactScreen)
        names = [m.company_name or "" for m in record.memberships.values()]
        assert names and all(name and "-" not in name[:9] for name in names)
        assert contact.company_id not in terminal_output(app).text


async def test_owners_are_named_from_the_config_or_told_apart_by_id(
    server: ChangedAnswers,
) -> None:
    app = app_on(server, owners={SAVED_OWNER: SAVED_OWNER_ID})
    client = app.workspace.client
    owned = await client.create_company(
        CompanyCreate(name="Aaa Owned", owner_user_id=SAVED_OWNER_ID)
    )
    await client.create_lead(
        LeadCreate(title="Owned lead", company_id=owned.id, owner_user_id=SAVED_OWNER_ID)
    )
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_mode(app, pilot, "2", CompaniesScreen)
        assert screen.page is not None
        owners = {c.owner_user_id: c.owner_name for c in screen.page.items if c.owner_user_id}
        assert owners.get(SAVED_OWNER_ID) == SAVED_OWNER
        others = [name for owner_id, name in owners.items() if owner_id != SAVED_OWNER_ID]
        # The demo's users differ in their last character only: their ids are told apart.
        assert len(set(others)) == len(others) >= 2
        board = await open_mode(app, pilot, "4", PipelineScreen)
        leads = board.board.all_leads
        assert all(lead.company_name for lead in leads if lead.company_id)
        saved = {lead.owner_name for lead in leads if lead.owner_user_id == SAVED_OWNER_ID}
        assert saved == {SAVED_OWNER}


async def test_the_email_names_a_bare_connection_by_channel_and_short_id(
    server: ChangedAnswers,
) -> None:
    app = app_on(server)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        [lead, *_] = await app.workspace.client.list_leads()
        await app.push_screen(ComposeEmail(lead))
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ComposeEmail)
        labels = list(dialog.connection_labels.values())
        assert labels and all(label.startswith("connection ") for label in labels)
        assert len(set(labels)) == len(labels)  # told apart
