"""Create or edit a company.

Edits send only the fields that changed (a PATCH never overwrites what the user did
not touch); a field emptied on purpose is sent as null, which clears it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, TextArea

from ...api.models import COMPANY_STATUSES, Company, CompanyCreate, CompanyUpdate
from ..formatting import label
from ..validation import PHONE_RULE, is_domain, is_email, is_phone
from .form import FieldErrors, field
from .owner_field import OwnerFieldMixin, checked_owner, owner_id_field, owner_select
from .record_form import RecordForm, changed_fields, find_written

#: Text fields, in the order they are checked: id -> model attribute (the same name).
TEXT_FIELDS: tuple[str, ...] = (
    "name",
    "domain",
    "industry",
    "phone",
    "email",
    "city",
    "country",
    "notes",
)


class CompanyForm(OwnerFieldMixin, RecordForm[Company]):
    """``CompanyForm()`` creates a company; ``CompanyForm(company)`` edits it."""

    def __init__(self, company: Company | None = None) -> None:
        super().__init__()
        self.company = company
        self.editing = company is not None
        # Not the name: titles are markup, and a name may hold "[".
        self.form_title = "Edit company" if company else "New company"
        self.saved_message = "Company saved" if company else "Company created"

    # ----------------------------------------------------------------- layout

    def compose_fields(self) -> ComposeResult:
        company = self.company or Company(id="", status="prospect")
        yield field("Name (required)", Input(company.name, id="name", max_length=200))
        with Horizontal(classes="field-row"):
            yield field("Status", self._status_select(company))
            yield field(
                "Owner",
                owner_select(
                    self.app.workspace,  # type: ignore[attr-defined]
                    company.owner_user_id,
                    company.owner_name,
                    new=self.company is None,
                ),
            )
        yield owner_id_field()
        with Horizontal(classes="field-row"):
            yield field("Domain", Input(company.domain or "", id="domain"))
            yield field("Industry", Input(company.industry or "", id="industry"))
        with Horizontal(classes="field-row"):
            yield field("Phone", Input(company.phone or "", id="phone"))
            yield field("Email", Input(company.email or "", id="email"))
        with Horizontal(classes="field-row"):
            yield field("City", Input(company.city or "", id="city"))
            yield field("Country", Input(company.country or "", id="country"))
        yield field("Notes", TextArea(company.notes or "", id="notes"))

    def _status_select(self, company: Company) -> Select[str]:
        statuses = list(COMPANY_STATUSES)
        if company.status and company.status not in statuses:
            statuses.append(company.status)  # an open string the server knows: keep it
        return Select(
            [(label(status), status) for status in statuses],
            value=company.status or Select.NULL,
            prompt="(no status)",
            id="status",
        )

    # ----------------------------------------------------------------- values

    def checked_values(self) -> dict[str, Any]:
        """The form as model fields (blank text as None); raise FieldErrors when wrong."""
        values = self.values()
        errors: dict[str, str] = {}
        result: dict[str, Any] = {name: values[name] or None for name in TEXT_FIELDS}
        if not result["name"]:
            errors["name"] = "A company needs a name."
        if result["email"] and not is_email(result["email"]):
            errors["email"] = "Not an e-mail address (expected name@example.com)."
        if result["phone"] and not is_phone(result["phone"]):
            errors["phone"] = PHONE_RULE
        if result["domain"] and not is_domain(result["domain"]):
            errors["domain"] = "Not a domain (expected example.com, without http://)."
        result["status"] = values["status"]
        result["owner_user_id"] = checked_owner(values, errors)
        if errors:
            raise FieldErrors(errors)
        return result

    def build(self) -> CompanyCreate | CompanyUpdate:
        values = self.checked_values()
        if self.company is None:
            given = {k: v for k, v in values.items() if v is not None and k != "owner_user_id"}
            # "(no owner)" is sent as null: left out, the server makes the key's user
            # the owner.
            return CompanyCreate(**given, owner_user_id=values["owner_user_id"])
        return CompanyUpdate(**changed_fields(values, self.company))

    async def send(self, body: CompanyCreate | CompanyUpdate) -> Company:
        if isinstance(body, CompanyUpdate):
            assert self.company is not None
            return await self.api.update_company(self.company.id, body)
        return await self.api.create_company(body)

    async def find_saved(
        self, body: CompanyCreate | CompanyUpdate, since: datetime
    ) -> Company | None:
        if self.company is not None:
            company_id = self.company.id
            return await find_written(body, since, edited=lambda: self.api.get_company(company_id))

        async def named_alike() -> list[Company]:
            return (await self.api.list_companies(q=body.name, page_size=100)).items

        return await find_written(body, since, made=named_alike)
