"""Columns of the related-record lists on the company and contact screens.

Every cell is plain text read from the record (never markup), cut with an ellipsis
when its column is too narrow; the list's detail line gives it in full.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..formatting import DASH, day, label, money, relative
from ..widgets.columns import Column

if TYPE_CHECKING:  # the Dashboard's first frame uses these columns, before the models load
    from ...api.models import Activity, CompanyMembership, Contact, Lead

#: Where an activity with no date sorts: after every dated one.
UNDATED = datetime.min.replace(tzinfo=UTC)

Clock = Callable[[], datetime]


class Dated(Protocol):
    """An activity, or the Dashboard's figures of one read before the models load."""

    @property
    def when(self) -> datetime | None: ...


D = TypeVar("D", bound=Dated)


def text(value: str | None) -> str:
    """A value as a cell shows it: the text, or a dash when there is none."""
    return value or DASH


CONTACT_COLUMNS: tuple[Column[Contact], ...] = (
    Column("name", "Name", lambda c: text(c.display_name), 14, grow=2),
    Column("title", "Title", lambda c: text(c.title), 10, grow=1),
    Column("email", "Email", lambda c: text(c.email), 14, grow=2),
    Column("phone", "Phone", lambda c: text(c.phone), 16, min_table_width=100),
)


def probability(lead: Lead) -> str:
    return DASH if lead.probability is None else f"{lead.probability}%"


LEAD_COLUMNS: tuple[Column[Lead], ...] = (
    Column("title", "Lead", lambda lead: text(lead.title), 14, grow=3),
    Column("stage", "Stage", lambda lead: label(lead.stage), 11),
    Column(
        "value",
        "Value",
        lambda lead: money(lead.value, lead.currency),
        9,
        grow=1,
        align="right",
        sort_key=lambda lead: lead.value,
    ),
    Column(
        "probability",
        "Prob.",
        probability,
        5,
        align="right",
        sort_key=lambda lead: lead.probability,
    ),
    Column(
        "close",
        "Close by",
        lambda lead: day(lead.closed_at or lead.expected_close_date),
        10,
        min_table_width=100,
    ),
    Column("owner", "Owner", lambda lead: text(lead.owner_name), 12, grow=1, min_table_width=110),
)


def moment(activity: Dated) -> datetime:
    """When an activity happened, comparable with any other (undated: the earliest)."""
    when = activity.when
    if when is None:
        return UNDATED
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def when_column(clock: Clock, width: int) -> Column[D]:
    """'5m ago', '2d ago': relative to the workspace clock; sorts by the moment itself."""
    return Column(
        "when",
        "When",
        lambda activity: relative(activity.when, clock()),
        width,
        sort_key=lambda activity: None if activity.when is None else moment(activity),
    )


def activity_columns(clock: Clock, *, skip: str) -> tuple[Column[Activity], ...]:
    """An activity's columns; Regarding names its lead, or the contact/company not ``skip``."""
    return (
        when_column(clock, 8),
        Column("type", "Type", lambda a: label(a.type), 7),
        Column("subject", "Subject", lambda a: text(a.subject), 14, grow=3),
        Column("regarding", "Regarding", lambda a: regarding(a, skip=skip), 12, grow=2),
        Column("who", "Who", lambda a: text(a.user_name), 12, grow=1, min_table_width=110),
    )


def regarding(activity: Activity, *, skip: str) -> str:
    """What else the activity is about: its lead first, then a contact or a company."""
    parts: list[tuple[str, str | None]] = [("lead", activity.lead_title)]
    if skip != "contact":
        parts.append(("contact", activity.contact_name))
    if skip != "company":
        parts.append(("company", activity.company_name))
    for kind, name in parts:
        if name:
            return f"{kind} {name}"
    return DASH


def newest_first(activities: list[Activity]) -> list[Activity]:
    return sorted(activities, key=moment, reverse=True)


#: Words, not only a glyph: it must read on a monochrome terminal too.
PRIMARY_MARK = "✓ yes"

MEMBERSHIP_COLUMNS: tuple[Column[CompanyMembership], ...] = (
    Column("company", "Company", lambda m: text(m.company_name or m.company_id), 16, grow=3),
    Column("role", "Role", lambda m: text(m.role), 12, grow=2),
    Column(
        "primary",
        "Primary",
        lambda m: PRIMARY_MARK if m.is_primary else "",
        7,
        style=lambda m: "bold" if m.is_primary else None,
    ),
    Column("started", "Started", lambda m: day(m.started_on), 10),
)
