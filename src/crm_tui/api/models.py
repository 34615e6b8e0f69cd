"""Our reading of the Axiomatic CRM contract, as pydantic models.

The reference documents paths and a few request fields; every response shape is
ours to define.  The rules (see ``docs/api.md``):

* camelCase on the wire, snake_case in Python (``alias_generator=to_camel``);
* reading is tolerant: unknown fields are kept (``extra="allow"``), every field but
  ``id`` may be missing;
* request bodies only send what was set (``exclude_unset``), so a PATCH never
  clears a field the user did not touch;
* records are frozen (:class:`Record`): a record is a value, changed by
  ``model_copy``.

The demo backend serves exactly these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

# Still read from here by the forms and filters; defined where no pydantic is needed.
from .vocabulary import ACTIVITY_TYPES as ACTIVITY_TYPES
from .vocabulary import COMPANY_STATUSES as COMPANY_STATUSES
from .vocabulary import KNOWN_STAGES as KNOWN_STAGES
from .vocabulary import TASK_STATUSES as TASK_STATUSES

#: The stages that close a lead (the win/loss automation).
CLOSED_STAGES: frozenset[str] = frozenset({"won", "lost"})
#: The last open stage: ``>`` from there closes the lead as won.
LAST_OPEN_STAGE = "negotiation"


def stage_order(extra: Iterable[str] = ()) -> list[str]:
    """The known stages in board order, then any other stage seen, sorted by name."""
    unknown = sorted({stage for stage in extra if stage and stage not in KNOWN_STAGES})
    return [*KNOWN_STAGES, *unknown]


def neighbour_stage(stage: str, offset: int, order: Sequence[str]) -> str | None:
    """The stage ``offset`` places away in ``order``, or None past either end."""
    if stage not in order:
        return None
    index = order.index(stage) + offset
    return order[index] if 0 <= index < len(order) else None


def open_stages(order: Sequence[str]) -> list[str]:
    """``order`` without the closing stages: what ``<`` and ``>`` step through."""
    return [stage for stage in order if stage not in CLOSED_STAGES]


class WireModel(BaseModel):
    """Base for everything that crosses the wire."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        str_strip_whitespace=True,
        # Each model's validator is built the first time it is used, not at import:
        # start-up then builds only the few the first screen needs.
        defer_build=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON body to send: camelCase, only the fields that were set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --------------------------------------------------------------------- records


class Record(WireModel):
    """A record the server sent: a value, changed by ``model_copy``, never in place.

    Frozen, so that nothing can change in place what a list's records may share (see
    :mod:`crm_tui.api.parsing`): an assignment raises instead.
    """

    model_config = ConfigDict(frozen=True)


class Company(Record):
    id: str
    name: str = ""
    status: str | None = None
    owner_user_id: str | None = None
    owner_name: str | None = None
    domain: str | None = None
    industry: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    country: str | None = None
    notes: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Contact(Record):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    notes: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.email or "(unnamed contact)"


class CompanyMembership(Record):
    id: str
    contact_id: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    role: str | None = None
    is_primary: bool = False
    started_on: date | None = None
    created_at: datetime | None = None


class Lead(Record):
    id: str
    title: str = ""
    stage: str = "new"
    value: float | None = None
    currency: str | None = None
    probability: int | None = None
    company_id: str | None = None
    company_name: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    owner_user_id: str | None = None
    owner_name: str | None = None
    expected_close_date: date | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    notes: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def weighted_value(self) -> float:
        """Value times probability; an unknown probability counts as zero."""
        return (self.value or 0.0) * (self.probability or 0) / 100


class Activity(Record):
    id: str
    type: str = "note"
    subject: str = ""
    body: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    lead_id: str | None = None
    lead_title: str | None = None
    user_name: str | None = None
    due_at: datetime | None = None
    occurred_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def when(self) -> datetime | None:
        return self.occurred_at or self.created_at


class TimelineEntry(Record):
    """One line of a lead's timeline: an activity, a stage change or a sent email."""

    id: str
    kind: str = "activity"  # "activity" | "stage_change" | "email" | anything new
    type: str | None = None  # the activity type, for kind == "activity"
    subject: str | None = None
    body: str | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    user_name: str | None = None
    occurred_at: datetime | None = None


class Task(Record):
    id: str
    title: str = ""
    status: str | None = None
    project_id: str | None = None
    project_name: str | None = None
    assignee_name: str | None = None
    priority: str | None = None
    due_date: date | None = None
    completed_at: datetime | None = None


class EmailConnection(Record):
    id: str
    channel: str = ""
    email: str | None = None
    display_name: str | None = None


class SentEmail(WireModel):
    id: str
    lead_id: str | None = None
    status: str | None = None
    sent_at: datetime | None = None


class StageSummary(WireModel):
    stage: str
    count: int = 0
    value: float = 0.0
    weighted_value: float = 0.0


class Dashboard(WireModel):
    """The CRM's aggregates.  Any key may be missing: the screen leaves it out."""

    pipeline: list[StageSummary] | None = None
    win_rate: float | None = None  # 0..1, won / (won + lost)
    companies_by_status: dict[str, int] | None = None
    activities_this_week: dict[str, int] | None = None  # by activity type
    open_tasks: int | None = None
    overdue_tasks: int | None = None
    recent_activity: list[Activity] | None = None


class MarketingListResult(WireModel):
    list_id: str | None = None
    added: int = 0
    already_present: int = 0


T = TypeVar("T", bound=BaseModel)


class Page(BaseModel, Generic[T]):
    """One page of a list, with whatever paging the server said (None where it was silent).

    ``page_size`` is the server's, or the size asked for when it did not say;
    ``unreadable`` counts records left out because not even their id could be read.
    """

    # Generic models are otherwise built at import, with pydantic's plugin lookup.
    model_config = ConfigDict(defer_build=True)

    items: list[T]
    total: int | None = None
    page: int = 1
    page_size: int | None = None
    total_pages: int | None = None
    has_more: bool | None = None
    unreadable: int = 0

    @property
    def page_count(self) -> int | None:
        """The number of pages, when the server said it or said enough to count them."""
        if self.total_pages is not None:
            return max(1, self.total_pages)
        if self.total is None or not self.page_size:
            return None
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        """Whether a next page may hold more: as the server said, else if this one is full."""
        if self.has_more is not None:
            return self.has_more
        count = self.page_count
        if count is not None:
            return self.page < count
        return bool(self.page_size) and len(self.items) + self.unreadable >= (self.page_size or 0)


# --------------------------------------------------------------- request bodies


class CompanyCreate(WireModel):
    name: str = Field(min_length=1)
    status: str | None = None
    owner_user_id: str | None = None
    domain: str | None = None
    industry: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    country: str | None = None
    notes: str | None = None


class CompanyUpdate(WireModel):
    name: str | None = Field(default=None, min_length=1)
    status: str | None = None
    owner_user_id: str | None = None
    domain: str | None = None
    industry: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    country: str | None = None
    notes: str | None = None


class ContactCreate(WireModel):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    company_id: str | None = None
    notes: str | None = None


class ContactUpdate(ContactCreate):
    pass


class MembershipCreate(WireModel):
    company_id: str
    role: str | None = None
    is_primary: bool | None = None


class MembershipUpdate(WireModel):
    role: str | None = None
    is_primary: bool | None = None


class LeadCreate(WireModel):
    title: str = Field(min_length=1)
    stage: str | None = None
    value: float | None = None
    currency: str | None = None
    probability: int | None = Field(default=None, ge=0, le=100)
    company_id: str | None = None
    contact_id: str | None = None
    owner_user_id: str | None = None
    expected_close_date: date | None = None
    notes: str | None = None


class LeadUpdate(WireModel):
    title: str | None = Field(default=None, min_length=1)
    value: float | None = None
    currency: str | None = None
    probability: int | None = Field(default=None, ge=0, le=100)
    company_id: str | None = None
    contact_id: str | None = None
    owner_user_id: str | None = None
    expected_close_date: date | None = None
    notes: str | None = None


class StageMove(WireModel):
    stage: str = Field(min_length=1)
    lost_reason: str | None = None


class LeadActivityCreate(WireModel):
    type: str = Field(min_length=1)
    subject: str = Field(min_length=1)
    body: str | None = None
    due_at: datetime | None = None


class ActivityCreate(LeadActivityCreate):
    company_id: str | None = None
    contact_id: str | None = None
    lead_id: str | None = None


class OutboundEmail(WireModel):
    lead_id: str
    connection_id: str
    channel: str
    subject: str = Field(min_length=1)
    html_body: str
    to: str | None = None


class MarketingListAdd(WireModel):
    list_id: str
    company_ids: list[str] = Field(default_factory=list)
