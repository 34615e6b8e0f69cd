"""Link a contact to a company (a membership), or change a link's role and primary flag.

The company of an existing membership cannot change (the API's PATCH takes the role
and the primary flag only): remove the link and add another instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Static

from ...api.models import CompanyMembership, MembershipCreate, MembershipUpdate
from ..choices import company_search
from ..widgets.picker_field import PickerField
from .form import FieldErrors, field
from .record_form import RecordForm, changed_fields, find_written


class MembershipForm(RecordForm[CompanyMembership]):
    """``MembershipForm(contact_id)`` adds a membership; with ``membership`` it edits one."""

    def __init__(
        self,
        contact_id: str,
        membership: CompanyMembership | None = None,
        *,
        contact_name: str = "",
        primary: bool = False,
    ) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.membership = membership
        self.editing = membership is not None
        self.form_title = "Edit membership" if membership else "Add a company membership"
        self.saved_message = "Membership saved" if membership else "Membership added"
        self.contact_name = contact_name
        #: The checkbox's start when adding: the contact screen ticks it for a first link.
        self.primary = primary

    def compose_fields(self) -> ComposeResult:
        membership = self.membership
        if self.contact_name:
            yield Static(Text.assemble(("Contact  ", "dim"), self.contact_name))
        if membership is None:
            yield field(
                "Company (required)",
                PickerField(
                    id="company_id",
                    title="Company",
                    search=company_search(self.api),
                    optional=False,
                    none_label="(pick a company)",
                    placeholder="Type to search companies",
                ),
                hint="enter to pick; the server searches by name.",
            )
        else:
            yield field(
                "Company",
                Static(
                    Text(membership.company_name or membership.company_id or "—"),
                    id="company",
                    classes="membership-company",
                ),
            )
        role = membership.role if membership else None
        yield field("Role", Input(role or "", placeholder="e.g. Buyer, CFO", id="role"))
        yield field(
            "Primary",
            Checkbox(
                "The contact's primary company",
                value=membership.is_primary if membership else self.primary,
                id="is_primary",
            ),
        )

    def on_mount(self) -> None:
        # After FormScreen's on_mount (Textual runs both), which focuses the first Input.
        for picker in self.query("#company_id").results(PickerField):
            # The one field an added membership cannot do without.
            self.call_after_refresh(picker.focus)

    def values(self) -> dict[str, Any]:
        values = super().values()
        for picker in self.query("#company_id").results(PickerField):
            values["company_id"] = picker.value
        return values

    def build(self) -> MembershipCreate | MembershipUpdate:
        values = self.values()
        role = values["role"] or None
        if self.membership is not None:
            edited = {"role": role, "is_primary": values["is_primary"]}
            return MembershipUpdate(**changed_fields(edited, self.membership))
        if not values.get("company_id"):
            raise FieldErrors({"company_id": "Pick the company to link the contact to."})
        body = MembershipCreate(company_id=values["company_id"])
        if role:
            body.role = role
        # Sent either way: unticked means "not primary", not "let the server decide".
        body.is_primary = values["is_primary"]
        return body

    async def send(self, body: MembershipCreate | MembershipUpdate) -> CompanyMembership:
        if isinstance(body, MembershipUpdate):
            assert self.membership is not None
            return await self.api.update_membership(self.contact_id, self.membership.id, body)
        return await self.api.add_membership(self.contact_id, body)

    async def find_saved(
        self, body: MembershipCreate | MembershipUpdate, since: datetime
    ) -> CompanyMembership | None:
        contact_id = self.contact_id
        if self.membership is not None:
            membership_id = self.membership.id
            return await find_written(
                body, since, edited=lambda: self.api.get_membership(contact_id, membership_id)
            )
        return await find_written(body, since, made=lambda: self.api.list_memberships(contact_id))
