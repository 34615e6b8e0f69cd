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
from ..validation import is_domain, is_email, is_phone, is_uuid
from .form import FieldErrors, field
from .record_form import RecordForm, changed_fields, find_written

#: The owner choice that reveals the free UUID field.
OTHER_OWNER = "__other__"

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


class CompanyForm(RecordForm[Company]):
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
            yield field("Owner", self._owner_select(company))
        yield field(
            "Owner id",
            Input(placeholder="8-4-4-4-12 hex digits", id="owner_id"),
            hint="The owner's user id (UUID), for an owner not in the list.",
        )
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

    def _owner_select(self, company: Company) -> Select[str]:
        """Owners saved under a name in the config, the current owner, or another id."""
        known: dict[str, str] = self.app.workspace.owners  # type: ignore[attr-defined]
        owners = {ident: name for name, ident in known.items()}
        current = company.owner_user_id
        if current and current not in owners:
            owners[current] = company.owner_name or current
        options = sorted(((name, ident) for ident, name in owners.items()), key=lambda o: o[0])
        options.append(("Another owner (type the id)", OTHER_OWNER))
        return Select(options, value=current or Select.NULL, prompt="(no owner)", id="owner")

    def on_mount(self) -> None:
        # FormScreen's own on_mount runs too (Textual calls each class's handler).
        self._show_owner_id()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "owner":
            self._show_owner_id()

    def _show_owner_id(self) -> None:
        """The UUID field is only there when the user chose to type an id."""
        wanted = self.query_one("#owner", Select).value == OTHER_OWNER
        self.query_one("#owner_id", Input).parent.display = wanted  # type: ignore[union-attr]

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
            errors["phone"] = "Use digits, spaces, + - ( ) . and an optional 'ext 12'."
        if result["domain"] and not is_domain(result["domain"]):
            errors["domain"] = "Not a domain (expected example.com, without http://)."
        result["status"] = values["status"]
        owner = values["owner"]
        if owner == OTHER_OWNER:
            owner = values["owner_id"]
            if not owner:
                errors["owner_id"] = "Type the owner's id, or pick an owner above."
            elif not is_uuid(owner):
                errors["owner_id"] = "Not a valid UUID (expected 8-4-4-4-12 hex digits)."
        result["owner_user_id"] = owner or None
        if errors:
            raise FieldErrors(errors)
        return result

    def build(self) -> CompanyCreate | CompanyUpdate:
        values = self.checked_values()
        if self.company is None:
            return CompanyCreate(**{k: v for k, v in values.items() if v is not None})
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
