"""Contacts (key 3): a table of every contact, filtered by company on the server.

The API lists contacts as one bare array, not paged, and has no text search for
them; so the whole list is loaded once per company filter, and ``/`` filters the
loaded rows on the client (the search box says so).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Header, Static

from ...api.models import Contact
from ..choices import ANY_COMPANY, company_filter_picker
from ..export_view import ExportSource
from ..formatting import count
from ..loading import loading_indicator
from ..widgets.columns import Column
from ..widgets.pickers import Choice
from ..widgets.record_list import RecordList
from ..widgets.screen_footer import ScreenFooter
from ..widgets.search_box import SearchBox
from ..workers import api_worker
from .contact_form import ContactForm
from .loaded_rows import LEAVE_SEARCH, LoadedRowsScreen, searchable
from .record import SectionTable
from .related import text

SEARCH_PLACEHOLDER = "Filter loaded contacts (the API has no contact search)"
NO_DELETE = (
    "The Axiomatic API does not support deleting contacts, so crm-tui cannot. "
    "Open the contact (enter) to remove its company memberships, or edit it (e)."
)

COLUMNS: tuple[Column[Contact], ...] = (
    Column("name", "Name", lambda c: text(c.display_name), 14, grow=2),
    Column("email", "Email", lambda c: text(c.email), 14, grow=2),
    Column("phone", "Phone", lambda c: text(c.phone), 15),
    Column("company", "Company", lambda c: text(c.company_name), 12, grow=2),
    Column("title", "Title", lambda c: text(c.title), 10, grow=1),
)


def search_text(contact: Contact) -> str:
    parts = (contact.display_name, contact.email, contact.phone, contact.company_name)
    return searchable((*parts, contact.title))


class ContactsScreen(LoadedRowsScreen[Contact]):
    top_level = True
    screen_title = "Contacts"
    load_group = "contacts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "pick_company",
            "Company",
            tooltip="Show one company's contacts",
            id="filter_company",
        ),
        # Offered while a company filters the list, as on Activities (check_action).
        Binding(
            "C", "clear_company", "Clear", tooltip="Clear the company filter", id="clear_filters"
        ),
        Binding("n", "new", "New", tooltip="New contact", id="new"),
        Binding("e", "edit", "Edit", id="edit"),
        # Not a delete: the API has none for contacts.  Out of the footer; help lists it.
        # Its id is delete's: a key given to delete in [keys] explains here.
        Binding(
            "x",
            "explain_no_delete",
            "No delete",
            show=False,
            tooltip="Why contacts cannot be deleted",
            id="delete",
        ),
        LEAVE_SEARCH,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.contacts: list[Contact] = []
        #: The company whose contacts are listed, or None for every contact.
        self.company: Choice | None = None
        self.loaded = False
        self._under_modal = False
        self.reads_ahead.start("contacts", self.api.list_contacts, company_id=None)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Contacts", id="contacts-header", classes="list-header")
        yield SearchBox(placeholder=SEARCH_PLACEHOLDER, id="search", classes="search-box")
        yield Static("", id="contacts-empty", classes="empty-note", markup=False)
        yield SectionTable(COLUMNS, id="contacts")
        yield ScreenFooter()

    def on_screen_suspend(self) -> None:
        self._under_modal = isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        # Shown for the first time, or back from a screen where the contacts may have
        # changed (a contact's memberships, another mode).  Not after a dialog: what a
        # dialog changes, its own callback reloads, keeping the cursor where it wants.
        if not self.loaded or not self._under_modal:
            self.action_refresh()

    @property
    def table(self) -> SectionTable:
        return self.query_one("#contacts", SectionTable)

    # ------------------------------------------------------------------ loads

    def action_refresh(self) -> None:
        self.load(keep=self.table.current_key)

    @api_worker("contacts")
    async def load(self, keep: str | None = None) -> None:
        company_id = self.company.value if self.company else None
        with loading_indicator(self.table):
            # A bare array of every matching contact: the API does not page this list.
            contacts = await self.reads_ahead.take(
                "contacts", self.api.list_contacts, company_id=company_id
            )
            self.contacts = await self.names.complete_contacts(contacts)
        self.rows_loaded()
        await self.filter_loaded()
        self.show_rows(keep=keep)

    def server_filters(self) -> object:
        return self.company.value if self.company else None

    def forget_rows(self) -> None:
        self.contacts = []
        self.loaded = False

    def loaded_rows(self) -> list[Contact]:
        return self.contacts

    def row_text(self, row: Contact) -> str:
        return search_text(row)

    def export_source(self) -> ExportSource | None:
        company = f"company: {self.company.label}" if self.company else None
        return self.export_rows("contacts", company)

    def show_rows(self, *, keep: str | None = None) -> None:
        needle = self.needle
        shown = self.visible_rows()
        self.put_rows(shown, keep=keep)
        self.show_header(len(shown), needle)
        empty = self.query_one("#contacts-empty", Static)
        empty.display = self.loaded and not shown
        if not self.contacts:
            empty.update("No contacts at this company." if self.company else "No contacts yet.")
        else:
            empty.update("No loaded contact matches the filter.")
        self.refresh_bindings()

    def show_header(self, shown: int, needle: str) -> None:
        header = Text("Contacts", style="bold")
        header.append(" · company: ")
        header.append(self.company.label if self.company else "any", style="bold")
        if needle:
            header.append(f" · {count(shown)} of {count(len(self.contacts))} match ")
            header.append(repr(needle))
        else:
            noun = "contact" if len(self.contacts) == 1 else "contacts"
            header.append(f" · {count(len(self.contacts))} {noun}")
        self.query_one("#contacts-header", Static).update(header)

    # -------------------------------------------------------- company filter

    def action_pick_company(self) -> None:
        picker = company_filter_picker(self.api, "Show the contacts of a company")
        self.app.push_screen(picker, self._company_picked)

    def _company_picked(self, choice: Choice | None) -> None:
        if choice is None:
            return
        self.set_company(None if choice == ANY_COMPANY else choice)

    def action_clear_company(self) -> None:
        self.set_company(None)

    def set_company(self, company: Choice | None) -> None:
        self.company = company
        self.show_header(0, "")
        self.load()

    # ----------------------------------------------------------------- records

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.current_row() is not None
        if action == "clear_company":
            return self.company is not None
        return super().check_action(action, parameters)

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        self.app.open_record("contact", event.key)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        self.app.push_screen(ContactForm(), self._saved)

    def action_edit(self) -> None:
        contact = self.current_row()
        if contact is not None:
            self.app.push_screen(ContactForm(contact), self._saved)

    def _saved(self, contact: Contact | None) -> None:
        if contact is not None:
            self.load(keep=contact.id)

    def action_explain_no_delete(self) -> None:
        """The API documents deleting a contact as unsupported: say so, send nothing."""
        self.notify(NO_DELETE, title="Contacts cannot be deleted", severity="warning")
