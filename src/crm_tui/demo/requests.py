"""The request bodies the demo accepts: strict, and the source of their OpenAPI schemas.

The client's models (``crm_tui.api.models``) read tolerantly and send only what
was set; these are the server's side of the same bodies.  Field names are the
same, so the repositories read them alike.  What differs:

* unknown fields are refused (``additionalProperties: false``);
* every value has the type its schema gives, no coercion (see ``fields.py``);
* a field that may be left out but not cleared is not nullable (``omitted()``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from crm_tui.demo.fields import (
    Amount,
    Channel,
    CompanyStatus,
    Content,
    Currency,
    Day,
    Email,
    Flag,
    Id,
    Moment,
    Owner,
    Probability,
    RequiredText,
    Stage,
    Text,
    omitted,
)

#: How many companies one marketing-list request may add.
MAX_COMPANY_IDS = 1000


def _no_defaults(schema: dict[str, Any]) -> None:
    """A field left out is not changed (or not set): no default to document."""
    for field_schema in schema.get("properties", {}).values():
        field_schema.pop("default", None)


class RequestBody(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        defer_build=True,
        json_schema_extra=_no_defaults,
    )


class CompanyCreate(RequestBody):
    name: RequiredText
    status: CompanyStatus | None = None
    owner_user_id: Owner | None = None
    domain: Text | None = None
    industry: Text | None = None
    phone: Text | None = None
    email: Email | None = None
    city: Text | None = None
    country: Text | None = None
    notes: Text | None = None


class CompanyUpdate(CompanyCreate):
    name: RequiredText = omitted()
    status: CompanyStatus = omitted()


class ContactCreate(RequestBody):
    first_name: Text | None = None
    last_name: Text | None = None
    email: Email | None = None
    phone: Text | None = None
    title: Text | None = None
    company_id: Id | None = None
    notes: Text | None = None


class ContactUpdate(ContactCreate):
    pass


class MembershipUpdate(RequestBody):
    role: Text | None = None
    is_primary: Flag | None = None


class MembershipCreate(MembershipUpdate):
    company_id: Id


class LeadFields(RequestBody):
    """What a lead's create and update share."""

    value: Amount | None = None
    currency: Currency | None = None
    probability: Probability | None = None
    company_id: Id | None = None
    contact_id: Id | None = None
    owner_user_id: Owner | None = None
    expected_close_date: Day | None = None
    notes: Text | None = None


class LeadCreate(LeadFields):
    title: RequiredText
    stage: Stage | None = None


class LeadUpdate(LeadFields):
    title: RequiredText = omitted()

    @model_validator(mode="before")
    @classmethod
    def _stage_moves_elsewhere(cls, data: Any) -> Any:
        if isinstance(data, dict) and "stage" in data:
            raise ValueError("stage cannot be changed here: use PATCH /leads/{leadId}/stage")
        return data


class StageMove(RequestBody):
    stage: Stage
    lost_reason: Text | None = None


class LeadActivityCreate(RequestBody):
    type: RequiredText = Field(description="call, email, meeting, note, task, or another type.")
    subject: RequiredText
    body: Text | None = None
    due_at: Moment | None = None


class ActivityCreate(LeadActivityCreate):
    company_id: Id | None = None
    contact_id: Id | None = None
    lead_id: Id | None = None


class OutboundEmail(RequestBody):
    lead_id: Id
    connection_id: Id
    channel: Channel = Field(description="The connection's channel.")
    subject: RequiredText
    html_body: Content
    to: Email | None = Field(default=None, description="Default: the lead's contact's address.")


class MarketingListAdd(RequestBody):
    list_id: Id
    company_ids: list[Id] = Field(default_factory=list, max_length=MAX_COMPANY_IDS)
