"""One company: its fields, and its contacts, leads and activities in tabs.

``e`` edits the company, ``enter`` opens the contact, lead or activity's record under
the cursor, ``escape`` goes back.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.worker import Worker

from ...api import NotFound, queries
from ...api.models import Company, Contact
from ..formatting import NO_NAME, label, timestamp
from ..widgets.field_list import FieldItem
from ..widgets.record_list import RecordList
from ..workers import api_worker
from .company_form import CompanyForm
from .record import LeadsAndActivitiesScreen, Section, activities_section, leads_section
from .related import CONTACT_COLUMNS


def company_fields(company: Company) -> list[FieldItem]:
    owner = company.owner_name or company.owner_user_id
    place = ", ".join(part for part in (company.city, company.country) if part)
    return [
        FieldItem("Owner", owner or "unassigned"),
        FieldItem("Domain", company.domain),
        FieldItem("Industry", company.industry),
        FieldItem("Phone", company.phone),
        FieldItem("Email", company.email),
        FieldItem("Location", place),
        FieldItem("Created", timestamp(company.created_at)),
        FieldItem("Updated", timestamp(company.updated_at)),
        FieldItem("Notes", company.notes, wide=True),
    ]


def company_title(company: Company) -> Text:
    return Text.assemble(
        (company.name or NO_NAME, "bold"), ("  ·  ", "dim"), (label(company.status), "")
    )


class CompanyScreen(LeadsAndActivitiesScreen):
    screen_title = "Company"
    noun = "company"
    other_noun = "contact"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("e", "edit", "Edit", id="edit")]
    SECTIONS = (
        Section("contacts", "Contacts", lambda _: CONTACT_COLUMNS, "No contacts at this company."),
        leads_section("company"),
        activities_section("company"),
    )

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id)
        self.company: Company | None = None
        ahead = self.reads_ahead
        ahead.start("company", self.api.get_company, record_id)
        ahead.start("contacts", self.api.list_company_contacts, record_id)
        ahead.start("leads", self.api.list_leads, company_id=record_id)
        ahead.start("activities", self.api.list_activities, company_id=record_id)

    # ------------------------------------------------------------------ loads

    async def show_cached(self) -> None:
        company = await self.cached(queries.company(self.record_id))
        if company is not None:
            self.show_company(company)
        contacts = await self.cached(queries.company_contacts(self.record_id))
        if contacts is not None:
            self.show_contacts(contacts)
        await self.show_cached_leads_and_activities(company_id=self.record_id)

    def action_refresh(self) -> None:
        self.load_company()
        self.load_contacts()
        self.load_leads()
        self.load_activities()

    @api_worker("company")
    async def load_company(self) -> None:
        with self.indicate_loading(self.fields):
            company = await self.reads_ahead.take("company", self.api.get_company, self.record_id)
        self.show_company(company)

    @api_worker("company-contacts")
    async def load_contacts(self) -> None:
        with self.indicate_loading(self.table("contacts")):
            contacts = await self.reads_ahead.take(
                "contacts", self.api.list_company_contacts, self.record_id
            )
        self.show_contacts(contacts)

    def show_contacts(self, contacts: list[Contact]) -> None:
        self.table("contacts").set_records(contacts)
        self.set_count("contacts", len(contacts))

    @api_worker("company-leads")
    async def load_leads(self) -> None:
        with self.indicate_loading(self.table("leads")):
            leads = await self.reads_ahead.take(
                "leads", self.api.list_leads, company_id=self.record_id
            )
            await self.show_leads(leads)

    @api_worker("company-activities")
    async def load_activities(self) -> None:
        with self.indicate_loading(self.table("activities")):
            activities = await self.reads_ahead.take(
                "activities", self.api.list_activities, company_id=self.record_id
            )
            await self.show_activities(activities)

    @property
    def record_name(self) -> str | None:
        return self.company.name if self.company else None

    def show_company(self, company: Company) -> None:
        [company] = self.names.complete_companies([company])
        self.company = company
        self.set_title(company_title(company))
        self.fields.show(company_fields(company))
        self.refresh_bindings()

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        # The company's own 404 means it is gone: the screen says so in place.
        if isinstance(error, NotFound) and worker.group in ("company", "company-contacts"):
            self.show_gone(error)
            return True
        return False

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return None if self.company is None or self.gone else True
        return super().check_action(action, parameters)

    def copy_record(self) -> Company | None:
        return self.company

    def action_edit(self) -> None:
        if self.company is None:
            return

        def saved(company: Company | None) -> None:
            if company is not None:
                self.show_company(company)
                self.action_refresh()

        self.app.push_screen(CompanyForm(self.company), saved)

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        record_id = event.key
        table_id = event.record_list.id
        if table_id == "contacts":
            self.open_record("contact", record_id)
        elif table_id == "leads":
            self.open_record("lead", record_id)
        elif table_id == "activities":
            self.open_activity(record_id)
