"""One contact: its fields, its company memberships, leads and activities in tabs.

On the memberships tab ``a`` links the contact to another company, ``e`` changes the
selected link's role or primary flag, ``x`` removes it (after a confirm); ``enter``
opens the company.  ``ctrl+e`` edits the contact itself (``E`` exports the tab in view,
as on every list).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import TabbedContent
from textual.worker import Worker

from ...api import NotFound, queries
from ...api.models import CompanyMembership, Contact
from ..formatting import timestamp
from ..widgets.dialogs import ConfirmDialog
from ..widgets.field_list import FieldItem
from ..widgets.record_list import RecordList
from ..workers import api_worker
from .contact_form import ContactForm
from .membership_form import MembershipForm
from .record import LeadsAndActivitiesScreen, Section, activities_section, leads_section
from .related import MEMBERSHIP_COLUMNS

MEMBERSHIPS = "memberships"


def contact_fields(contact: Contact) -> list[FieldItem]:
    return [
        FieldItem("Email", contact.email),
        FieldItem("Phone", contact.phone),
        FieldItem("Title", contact.title),
        FieldItem("Company", contact.company_name or contact.company_id),
        FieldItem("Created", timestamp(contact.created_at)),
        FieldItem("Updated", timestamp(contact.updated_at)),
        FieldItem("Notes", contact.notes, wide=True),
    ]


def contact_title(contact: Contact) -> Text:
    title = Text(contact.display_name, style="bold")
    role = " at ".join(part for part in (contact.title, contact.company_name) if part)
    if role:
        title.append("  ·  ", style="dim")
        title.append(role)
    return title


class ContactScreen(LeadsAndActivitiesScreen):
    screen_title = "Contact"
    noun = "contact"
    other_noun = "company"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_membership",
            "Add",
            tooltip="Link the contact to a company",
            id="add_membership",
        ),
        Binding(
            "e",
            "edit_membership",
            "Edit",
            tooltip="Change the selected membership",
            id="edit_membership",
        ),
        Binding(
            "x",
            "remove_membership",
            "Remove",
            tooltip="Remove the selected membership",
            id="remove_membership",
        ),
        # Out of the footer so that the memberships keys fit at 80 columns; listed in help.
        Binding("ctrl+e", "edit_contact", "Edit contact", show=False, id="edit_contact"),
    ]
    SECTIONS = (
        Section(
            MEMBERSHIPS,
            "Companies",
            lambda _: MEMBERSHIP_COLUMNS,
            "Not linked to any company: a adds.",
        ),
        leads_section("contact"),
        activities_section("contact"),
    )

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id)
        self.contact: Contact | None = None
        ahead = self.reads_ahead
        ahead.start("contact", self.api.get_contact, record_id)
        ahead.start("memberships", self.api.list_memberships, record_id)
        ahead.start("leads", self.api.list_leads, contact_id=record_id)
        ahead.start("activities", self.api.list_activities, contact_id=record_id)
        self.memberships: dict[str, CompanyMembership] = {}

    # ------------------------------------------------------------------ loads

    async def show_cached(self) -> None:
        contact = await self.cached(queries.contact(self.record_id))
        if contact is not None:
            self.show_contact(contact)
        memberships = await self.cached(queries.memberships(self.record_id))
        if memberships is not None:
            self.show_memberships(memberships)
        await self.show_cached_leads_and_activities(contact_id=self.record_id)

    def action_refresh(self) -> None:
        self.load_contact()
        self.load_memberships()
        self.load_leads()
        self.load_activities()

    @api_worker("contact")
    async def load_contact(self) -> None:
        with self.indicate_loading(self.fields):
            contact = await self.reads_ahead.take("contact", self.api.get_contact, self.record_id)
            [contact] = await self.names.complete_contacts([contact])
        self.show_contact(contact)

    def show_contact(self, contact: Contact) -> None:
        self.contact = contact
        self.set_title(contact_title(contact))
        self.fields.show(contact_fields(contact))
        self.refresh_bindings()

    @api_worker("contact-memberships")
    async def load_memberships(self, keep: str | None = None) -> None:
        with self.indicate_loading(self.table(MEMBERSHIPS)):
            memberships = await self.reads_ahead.take(
                "memberships", self.api.list_memberships, self.record_id
            )
            memberships = await self.names.complete_memberships(memberships)
        self.show_memberships(memberships, keep)

    def show_memberships(
        self, memberships: list[CompanyMembership], keep: str | None = None
    ) -> None:
        self.memberships = {membership.id: membership for membership in memberships}
        self.table(MEMBERSHIPS).set_records(memberships, keep=keep)
        self.set_count(MEMBERSHIPS, len(memberships))
        self.refresh_bindings()

    @api_worker("contact-leads")
    async def load_leads(self) -> None:
        with self.indicate_loading(self.table("leads")):
            leads = await self.reads_ahead.take(
                "leads", self.api.list_leads, contact_id=self.record_id
            )
            await self.show_leads(leads)

    @api_worker("contact-activities")
    async def load_activities(self) -> None:
        with self.indicate_loading(self.table("activities")):
            activities = await self.reads_ahead.take(
                "activities", self.api.list_activities, contact_id=self.record_id
            )
            await self.show_activities(activities)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        # The contact's own 404 means it is gone: the screen says so in place.
        if isinstance(error, NotFound) and worker.group in ("contact", "contact-memberships"):
            self.show_gone(error)
            return True
        return False

    # ------------------------------------------------------------------ keys

    def copy_record(self) -> Contact | None:
        return self.contact

    @property
    def record_name(self) -> str | None:
        return self.contact.display_name if self.contact else None

    @property
    def selected_membership(self) -> CompanyMembership | None:
        if self.active_section != MEMBERSHIPS:
            return None
        key = self.table(MEMBERSHIPS).current_key
        return self.memberships.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_membership", "remove_membership"):
            # Keys of the memberships tab: hidden elsewhere, dimmed with nothing selected.
            if self.active_section != MEMBERSHIPS or self.gone:
                return False
            return self.selected_membership is not None or None
        if action in ("add_membership", "edit_contact"):
            return None if self.contact is None or self.gone else True
        return super().check_action(action, parameters)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # RecordScreen's handler runs too (Textual calls each class's); this one adds
        # that the footer's membership keys come and go with their tab.
        self.refresh_bindings()

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        record_id = event.key
        if event.record_list.id == MEMBERSHIPS:
            membership = self.memberships.get(record_id)
            if membership is not None and membership.company_id:
                self.open_record("company", membership.company_id)
        elif event.record_list.id == "leads":
            self.open_record("lead", record_id)
        elif event.record_list.id == "activities":
            self.open_activity(record_id)

    # ------------------------------------------------------------ memberships

    def action_add_membership(self) -> None:
        if self.contact is None:
            return
        self.query_one("#tabs", TabbedContent).active = f"{MEMBERSHIPS}-tab"
        form = MembershipForm(
            self.record_id,
            contact_name=self.contact.display_name,
            primary=not self.memberships,  # a first link is the primary one
        )
        self.app.push_screen(form, self._membership_saved)

    def action_edit_membership(self) -> None:
        membership = self.selected_membership
        if membership is None or self.contact is None:
            return
        form = MembershipForm(self.record_id, membership, contact_name=self.contact.display_name)
        self.app.push_screen(form, self._membership_saved)

    def _membership_saved(self, membership: CompanyMembership | None) -> None:
        if membership is not None:
            # The primary flag may have moved: the contact's company and the list change.
            self.load_memberships(keep=membership.id)
            self.load_contact()

    def action_remove_membership(self) -> None:
        membership = self.selected_membership
        if membership is None or self.contact is None:
            return
        company = membership.company_name or membership.company_id or "this company"

        def answer(yes: bool | None) -> None:
            if yes:
                self.remove_membership(membership)

        question = f"Remove {self.contact.display_name} from {company}?"
        self.app.push_screen(ConfirmDialog(question, confirm_label="Remove", danger=True), answer)

    @api_worker("membership-remove")
    async def remove_membership(self, membership: CompanyMembership) -> None:
        await self.api.remove_membership(self.record_id, membership.id)
        company = membership.company_name or membership.company_id or "the company"
        self.notify(f"No longer linked to {company}.", title="Membership removed", markup=False)
        self.load_memberships()
        self.load_contact()

    def action_edit_contact(self) -> None:
        if self.contact is None:
            return

        def saved(contact: Contact | None) -> None:
            if contact is not None:
                self.action_refresh()

        self.app.push_screen(ContactForm(self.contact), saved)
