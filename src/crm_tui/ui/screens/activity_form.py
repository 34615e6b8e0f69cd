"""Log an activity (call, email, meeting, note, task).

Two callers: the lead screen, ``ActivityForm(lead=lead)``, which posts it on the
lead (``add_lead_activity``); and the Activities screen, ``ActivityForm()``, which
creates a free-standing one (``create_activity``) linked to a company, contact or
lead chosen with pickers (``company_id``/``contact_id`` preset them).  Either way the
form returns the created :class:`Activity`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static, TextArea

from ...api.models import (
    ACTIVITY_TYPES,
    Activity,
    ActivityCreate,
    Lead,
    LeadActivityCreate,
)
from ..choices import lead_search
from ..formatting import label
from ..widgets.picker_field import PickerField
from ..workers import api_worker
from .form import FieldErrors, FormScreen, field
from .link_fields import company_and_contact_fields, picked_values
from .record_form import find_written

_DUE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?")


def parse_due(text: str) -> datetime:
    """'2026-12-01' (midnight) or '2026-12-01 14:30', in UTC like every time on screen."""
    match = _DUE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    day, hour, minute = match.groups()
    moment = datetime.fromisoformat(day).replace(tzinfo=UTC)
    if hour is not None:
        moment = moment.replace(hour=int(hour), minute=int(minute))
    return moment


class ActivityForm(FormScreen[Activity]):
    form_title = "Log activity"
    saved_message = "Activity logged"

    def __init__(
        self,
        *,
        lead: Lead | None = None,
        company_id: str | None = None,
        contact_id: str | None = None,
    ) -> None:
        super().__init__()
        self.lead = lead
        self.company_id = company_id
        self.contact_id = contact_id

    # ------------------------------------------------------------------ layout

    def compose_fields(self) -> ComposeResult:
        if self.lead is not None:
            on = Text("On lead: ", style="dim")
            on.append(self.lead.title or self.lead.id)
            yield Static(on, id="activity-lead", classes="activity-lead")
        with Horizontal(classes="field-row"):
            yield field(
                "Type",
                Select(
                    [(label(kind), kind) for kind in ACTIVITY_TYPES],
                    value=ACTIVITY_TYPES[0],
                    allow_blank=False,
                    id="type",
                ),
            )
            yield field(
                "Due (optional)",
                Input(id="due", placeholder="YYYY-MM-DD [HH:MM]"),
            )
        yield field("Subject (required)", Input(id="subject", max_length=200))
        if self.lead is None:
            yield from self._link_fields()
        yield field("Notes", TextArea(id="body"))

    def _link_fields(self) -> ComposeResult:
        yield from company_and_contact_fields(
            self.api, company_id=self.company_id, contact_id=self.contact_id
        )
        yield field(
            "Lead",
            PickerField(
                id="lead", title="Lead", search=lead_search(self.api), placeholder="Type to search"
            ),
        )

    def on_mount(self) -> None:
        super().on_mount()
        if self.lead is None and (self.company_id or self.contact_id):
            self.name_links()

    @api_worker("activity-form-names")
    async def name_links(self) -> None:
        """Preset links arrive as ids: show their names instead."""
        if self.company_id:
            company = await self.api.get_company(self.company_id)
            self.query_one("#company", PickerField).set_value(company.id, company.name)
        if self.contact_id:
            contact = await self.api.get_contact(self.contact_id)
            self.query_one("#contact", PickerField).set_value(contact.id, contact.display_name)

    def values(self) -> dict[str, Any]:
        return {**super().values(), **picked_values(self)}

    # ------------------------------------------------------------------ checks

    def build(self) -> LeadActivityCreate | ActivityCreate:
        values = self.values()
        errors: dict[str, str] = {}
        if not values["subject"]:
            errors["subject"] = "An activity needs a subject."
        due = None
        if values["due"]:
            try:
                due = parse_due(values["due"])
            except ValueError:
                errors["due"] = "A date, YYYY-MM-DD, or a date and time, YYYY-MM-DD HH:MM."
        if errors:
            raise FieldErrors(errors)
        given: dict[str, Any] = {"type": values["type"], "subject": values["subject"]}
        if values["body"]:
            given["body"] = values["body"]
        if due is not None:
            given["due_at"] = due
        if self.lead is not None:
            return LeadActivityCreate(**given)
        links = {"company_id": "company", "contact_id": "contact", "lead_id": "lead"}
        given.update({name: values[key] for name, key in links.items() if values[key]})
        return ActivityCreate(**given)

    async def send(self, body: Any) -> Activity:
        if self.lead is not None:
            return await self.api.add_lead_activity(self.lead.id, body)
        return await self.api.create_activity(body)

    async def find_saved(self, body: Any, since: datetime) -> Activity | None:
        lead = self.lead
        if lead is not None:
            # The activity takes the lead's company and contact: list those.
            company_id, contact_id = lead.company_id, lead.contact_id
        else:
            company_id, contact_id = body.company_id, body.contact_id
        return await find_written(
            body,
            since,
            made=lambda: self.api.list_activities(company_id=company_id, contact_id=contact_id),
        )
