"""Helpers for the company, contact and membership tests: settle, open, spy, find, read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from crm_tui.api.models import (
    ActivityCreate,
    Company,
    CompanyCreate,
    Contact,
    ContactCreate,
    LeadCreate,
    MembershipCreate,
)
from crm_tui.demo.identity import USERS
from crm_tui.ui.app import CrmApp
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import settle  # the record tests import it from here too

#: The records the tests lean on, made through the API (see :func:`build_world`), so
#: that the tests do not break when the demo's seeded fixtures change.
FJORD = "Fjordline [Ferries] AS"
KELP = "Kelp & Co"
TERN = "Tern Bay Hotel"  # linked to nobody: the company a test adds a membership for
ASTRID = "Astrid Berg"  # Fjordline's, primary; also Kelp & Co's advisor
OWNER_ID, OWNER_NAME = USERS[1][0], USERS[1][1]


@dataclass
class World:
    fjord: Company
    kelp: Company
    tern: Company
    astrid: Contact
    contacts: list[Contact]
    lead_ids: list[str]
    activity_ids: list[str]


async def build_world(app: CrmApp) -> World:
    """A company with three contacts, two leads and three activities; one contact in two."""
    client = app.workspace.client
    fjord = await client.create_company(
        CompanyCreate(
            name=FJORD,
            status="active",
            owner_user_id=OWNER_ID,
            domain="fjordline.example",
            industry="Transport",
            phone="+47 55 12 34 56",
            email="hello@fjordline.example",
            city="Bergen",
            country="NO",
            notes="Runs the coastal route; renewal due in spring.",
        )
    )
    kelp = await client.create_company(CompanyCreate(name=KELP, status="prospect", city="Oslo"))
    tern = await client.create_company(CompanyCreate(name=TERN, status="active", city="Ålesund"))
    people = [
        ("Astrid", "Berg", "Fleet Manager", "astrid@fjordline.example", "+47 900 11 222"),
        ("Lars", "[Ops] Holm", "Operations", "lars@fjordline.example", None),
        ("Mina", "Solberg", "CFO", "mina@fjordline.example", "+47 900 33 444"),
    ]
    contacts = [
        await client.create_contact(
            ContactCreate(
                first_name=first,
                last_name=last,
                title=title,
                email=email,
                phone=phone,
                company_id=fjord.id,
            )
        )
        for first, last, title, email, phone in people
    ]
    astrid = contacts[0]
    await client.add_membership(
        astrid.id, MembershipCreate(company_id=kelp.id, role="Advisor", is_primary=False)
    )
    leads = [
        await client.create_lead(
            LeadCreate(
                title="Fleet refit 2027",
                stage="proposal",
                value=120000,
                probability=60,
                company_id=fjord.id,
                contact_id=astrid.id,
            )
        ),
        await client.create_lead(
            LeadCreate(title="Ticketing kiosks", stage="new", value=18000, company_id=fjord.id)
        ),
    ]
    activities = [
        await client.create_activity(
            ActivityCreate(type="call", subject="Refit scope call", lead_id=leads[0].id)
        ),
        await client.create_activity(
            ActivityCreate(type="email", subject="Sent the brochure", contact_id=contacts[2].id)
        ),
        await client.create_activity(
            ActivityCreate(type="note", subject="Office moved to the harbour", company_id=fjord.id)
        ),
    ]
    astrid = await client.get_contact(astrid.id)
    return World(
        fjord=fjord,
        kelp=kelp,
        tern=tern,
        astrid=astrid,
        contacts=contacts,
        lead_ids=[lead.id for lead in leads],
        activity_ids=[activity.id for activity in activities],
    )


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def open_record_screen(
    app: CrmApp, pilot: Pilot[None], kind: str, record_id: str, screen: type[ScreenT]
) -> ScreenT:
    """Open the record's screen as the app does (``open_record``); return it once loaded."""
    app.open_record(kind, record_id)
    await settle(app, pilot)
    shown = app.screen
    assert isinstance(shown, screen)
    return shown


async def company_named(app: CrmApp, name: str) -> Company:
    page = await app.workspace.client.list_companies(q=name, page_size=5)
    return next(company for company in page.items if company.name == name)


async def contact_named(app: CrmApp, name: str) -> Contact:
    contacts = await app.workspace.client.list_contacts()
    return next(contact for contact in contacts if contact.display_name == name)


def column(source: RecordList[Any] | Screen[Any], key: str) -> list[str]:
    """The text of one column, top to bottom: of a list, or of a screen's own list."""
    table = source if isinstance(source, RecordList) else source.table  # type: ignore[attr-defined]
    return table.column_texts(key)


def text_of(source: Static | Screen[Any], selector: str | None = None) -> str:
    """What a Static shows: the one given, or the one ``selector`` finds in a screen."""
    static = source if selector is None else source.query_one(selector, Static)
    assert isinstance(static, Static)
    return str(static.render())
