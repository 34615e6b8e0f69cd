"""Create or edit a contact: a name, e-mail and phone checked for shape, a primary company."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, TextArea

from ...api.models import Contact, ContactCreate, ContactUpdate
from ..choices import company_search
from ..validation import PHONE_RULE, is_email, is_phone
from ..widgets.picker_field import PickerField
from .form import FieldErrors, field
from .record_form import RecordForm, changed_fields, find_written

TEXT_FIELDS: tuple[str, ...] = ("first_name", "last_name", "email", "phone", "title", "notes")


class ContactForm(RecordForm[Contact]):
    """``ContactForm()`` creates a contact; ``ContactForm(contact)`` edits it."""

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.editing = contact is not None
        self.form_title = "Edit contact" if contact else "New contact"
        self.saved_message = "Contact saved" if contact else "Contact created"

    def compose_fields(self) -> ComposeResult:
        contact = self.contact or Contact(id="")
        with Horizontal(classes="field-row"):
            yield field("First name", Input(contact.first_name or "", id="first_name"))
            yield field("Last name", Input(contact.last_name or "", id="last_name"))
        with Horizontal(classes="field-row"):
            yield field("Email", Input(contact.email or "", id="email"))
            yield field("Phone", Input(contact.phone or "", id="phone"))
        yield field("Title", Input(contact.title or "", id="title"))
        yield field(
            "Primary company",
            PickerField(
                id="company_id",
                title="Primary company",
                search=company_search(self.api),
                value=contact.company_id,
                value_label=contact.company_name,
                placeholder="Type to search companies",
            ),
            hint="enter to pick; the contact becomes a member of that company.",
        )
        yield field("Notes", TextArea(contact.notes or "", id="notes"))

    def values(self) -> dict[str, Any]:
        values = super().values()
        pickers = self.query("#company_id").results(PickerField)
        for picker in pickers:  # absent while composing
            values["company_id"] = picker.value
        return values

    def checked_values(self) -> dict[str, Any]:
        values = self.values()
        result: dict[str, Any] = {name: values[name] or None for name in TEXT_FIELDS}
        result["company_id"] = values["company_id"]
        errors: dict[str, str] = {}
        if not (result["first_name"] or result["last_name"]):
            errors["first_name"] = "A contact needs a first or a last name."
        if result["email"] and not is_email(result["email"]):
            errors["email"] = "Not an e-mail address (expected name@example.com)."
        if result["phone"] and not is_phone(result["phone"]):
            errors["phone"] = PHONE_RULE
        if errors:
            raise FieldErrors(errors)
        return result

    def build(self) -> ContactCreate | ContactUpdate:
        values = self.checked_values()
        if self.contact is None:
            return ContactCreate(**{k: v for k, v in values.items() if v is not None})
        return ContactUpdate(**changed_fields(values, self.contact))

    async def send(self, body: ContactCreate | ContactUpdate) -> Contact:
        if isinstance(body, ContactUpdate):
            assert self.contact is not None
            return await self.api.update_contact(self.contact.id, body)
        return await self.api.create_contact(body)

    async def find_saved(
        self, body: ContactCreate | ContactUpdate, since: datetime
    ) -> Contact | None:
        if self.contact is not None:
            contact_id = self.contact.id
            return await find_written(body, since, edited=lambda: self.api.get_contact(contact_id))
        return await find_written(
            body, since, made=lambda: self.api.list_contacts(company_id=body.company_id)
        )
