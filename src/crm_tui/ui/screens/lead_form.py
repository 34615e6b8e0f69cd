"""Create or edit a lead.

``LeadForm()`` creates one (its stage is chosen here); ``LeadForm(lead=lead)`` edits
it and sends only the fields that changed (a field emptied on purpose is sent as
null, which clears it).  The stage is not edited here: it moves through the stage
move (``m`` on the board or the lead), which runs the win/loss automation.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, TextArea

from ...api.models import KNOWN_STAGES, Lead, LeadCreate, LeadUpdate
from ..formatting import label
from ..widgets.pickers import Choice
from .form import FieldErrors, FormScreen, field
from .link_fields import company_and_contact_fields, picked_values
from .owner_field import OwnerFieldMixin, checked_owner, owner_id_field, owner_select
from .record_form import find_written

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CURRENCY = re.compile(r"[A-Za-z]{3}")


def parse_amount(text: str) -> float:
    """'12,500', '12 500.50', '9000' -> a number >= 0; ValueError otherwise."""
    cleaned = re.sub(r"[\s,_]", "", text)
    amount = float(cleaned)
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(text)
    return amount


def parse_percent(text: str) -> int:
    """'40' or '40%' -> 40; a whole number from 0 to 100, ValueError otherwise."""
    number = int(text.removesuffix("%").strip())
    if not 0 <= number <= 100:
        raise ValueError(text)
    return number


def parse_date(text: str) -> date:
    """Exactly YYYY-MM-DD (``date.fromisoformat`` alone would take '20261130' too)."""
    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_currency(text: str) -> str:
    """'chf' -> 'CHF': a three-letter ISO 4217 code, ValueError otherwise."""
    if not _CURRENCY.fullmatch(text):
        raise ValueError(text)
    return text.upper()


def amount_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


class LeadForm(OwnerFieldMixin, FormScreen[Lead]):
    def __init__(self, *, lead: Lead | None = None, company: Choice | None = None) -> None:
        super().__init__()
        self.lead = lead
        #: The company a new lead starts with (the board's company filter, say).
        self.company = company
        self.form_title = "Edit lead" if lead else "New lead"
        self.saved_message = "Lead saved" if lead else "Lead created"

    # ------------------------------------------------------------------ layout

    def compose_fields(self) -> ComposeResult:
        lead = self.lead or Lead(id="", title="")
        company_id = lead.company_id or (self.company.value if self.company else None)
        company_name = lead.company_name or (self.company.label if self.company else None)
        yield field("Title (required)", Input(lead.title, id="title", max_length=200))
        yield from company_and_contact_fields(
            self.api,
            company_id=company_id,
            company_name=company_name,
            contact_id=lead.contact_id,
            contact_name=lead.contact_name,
        )
        with Horizontal(classes="field-row"):
            yield field(
                "Value",
                Input(amount_text(lead.value), id="value", placeholder="e.g. 12500"),
            )
            yield field(
                "Probability %",
                Input(
                    "" if lead.probability is None else str(lead.probability),
                    id="probability",
                    placeholder="0-100",
                ),
            )
        workspace = self.app.workspace  # type: ignore[attr-defined]
        default = workspace.default_currency
        with Horizontal(classes="field-row"):
            yield field(
                "Currency",
                Input(lead.currency or "", id="currency", placeholder=default, max_length=3),
                hint=f"Blank: the workspace default, {default}.",
            )
            yield field(
                "Owner",
                owner_select(workspace, lead.owner_user_id, lead.owner_name, new=self.lead is None),
            )
        yield owner_id_field()
        with Horizontal(classes="field-row"):
            if self.lead is None:
                yield field(
                    "Stage",
                    Select(
                        [(label(stage), stage) for stage in KNOWN_STAGES],
                        value="new",
                        allow_blank=False,
                        id="stage",
                    ),
                )
            yield field(
                "Expected close",
                Input(
                    lead.expected_close_date.isoformat() if lead.expected_close_date else "",
                    id="expected_close",
                    placeholder="YYYY-MM-DD",
                ),
            )
        yield field("Notes", TextArea(lead.notes or "", id="notes"))

    def values(self) -> dict[str, Any]:
        return {**super().values(), **picked_values(self)}

    # ------------------------------------------------------------------ checks

    def checked(self) -> dict[str, Any]:
        """The typed values as the API wants them, by LeadCreate field name."""
        values = self.values()
        errors: dict[str, str] = {}
        result: dict[str, Any] = {
            "title": values["title"],
            "company_id": values["company"],
            "contact_id": values["contact"],
            "notes": values["notes"] or None,
        }
        if not values["title"]:
            errors["title"] = "A lead needs a title."
        result["value"] = self._parse(
            values["value"], parse_amount, "value", "A number, 0 or more (e.g. 12500).", errors
        )
        result["probability"] = self._parse(
            values["probability"], parse_percent, "probability", "A whole number 0-100.", errors
        )
        result["expected_close_date"] = self._parse(
            values["expected_close"], parse_date, "expected_close", "A date: YYYY-MM-DD.", errors
        )
        result["currency"] = self._parse(
            values["currency"], parse_currency, "currency", "Three letters: EUR, USD, CHF…", errors
        )
        result["owner_user_id"] = checked_owner(values, errors)
        if errors:
            raise FieldErrors(errors)
        return result

    @staticmethod
    def _parse(text: str, parse: Any, field_id: str, why: str, errors: dict[str, str]) -> Any:
        if not text:
            return None
        try:
            return parse(text)
        except ValueError:
            errors[field_id] = why
            return None

    def build(self) -> LeadCreate | LeadUpdate:
        checked = self.checked()
        if self.lead is None:
            stage = self.values()["stage"] or "new"
            given = {
                name: value
                for name, value in checked.items()
                if value is not None and name != "owner_user_id"
            }
            # "(no owner)" is sent as null: left out, the server makes the key's user
            # the owner.
            return LeadCreate(stage=stage, owner_user_id=checked["owner_user_id"], **given)
        return LeadUpdate(**self._changes(checked))

    def _changes(self, checked: dict[str, Any]) -> dict[str, Any]:
        """Only what differs from the lead as loaded: a PATCH never touches the rest."""
        lead = self.lead
        assert lead is not None
        current = {
            "title": lead.title,
            "company_id": lead.company_id,
            "contact_id": lead.contact_id,
            "notes": lead.notes or None,
            "value": lead.value,
            "probability": lead.probability,
            "expected_close_date": lead.expected_close_date,
            "currency": lead.currency,
            "owner_user_id": lead.owner_user_id,
        }
        return {name: value for name, value in checked.items() if value != current[name]}

    def action_save(self) -> None:
        if self.lead is not None and not self.saving and not self.has_unsaved_input:
            self.app.notify("Nothing changed.", title=self.form_title, timeout=3)
            self.dismiss(None)
            return
        super().action_save()

    async def send(self, body: Any) -> Lead:
        if self.lead is None:
            return await self.api.create_lead(body)
        return await self.api.update_lead(self.lead.id, body)

    async def find_saved(self, body: Any, since: datetime) -> Lead | None:
        if self.lead is not None:
            lead_id = self.lead.id
            return await find_written(body, since, edited=lambda: self.api.get_lead(lead_id))
        return await find_written(
            body, since, made=lambda: self.api.list_leads(company_id=body.company_id)
        )
