"""Columns and cells of the related-record tables on the company and contact screens.

Every cell built from user data is a ``Text`` (never markup), cut with an ellipsis
when its column is too narrow.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text

from ...api.models import Activity, CompanyMembership, Contact, Lead
from ..formatting import DASH, day, label, money, relative
from ..widgets.fitted_table import ColumnSpec, Row

#: Where an activity with no date sorts: after every dated one.
UNDATED = datetime.min.replace(tzinfo=UTC)


def cell(value: str | None) -> Text:
    return Text(value or DASH, no_wrap=True, overflow="ellipsis")


CONTACT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", 14, grow=2),
    ColumnSpec("title", "Title", 10, grow=1),
    ColumnSpec("email", "Email", 14, grow=2),
    ColumnSpec("phone", "Phone", 16, min_table_width=100),
)


def contact_row(contact: Contact) -> Row:
    return (
        contact.id,
        {
            "name": cell(contact.display_name),
            "title": cell(contact.title),
            "email": cell(contact.email),
            "phone": cell(contact.phone),
        },
    )


LEAD_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("title", "Lead", 14, grow=3),
    ColumnSpec("stage", "Stage", 11),
    ColumnSpec("value", "Value", 9),
    ColumnSpec("probability", "Prob.", 5),
    ColumnSpec("close", "Close by", 10, min_table_width=100),
    ColumnSpec("owner", "Owner", 12, grow=1, min_table_width=110),
)


def lead_row(lead: Lead) -> Row:
    probability = DASH if lead.probability is None else f"{lead.probability}%"
    return (
        lead.id,
        {
            "title": cell(lead.title),
            "stage": label(lead.stage),
            "value": Text(money(lead.value, lead.currency), justify="right"),
            "probability": Text(probability, justify="right"),
            "close": day(lead.closed_at or lead.expected_close_date),
            "owner": cell(lead.owner_name),
        },
    )


ACTIVITY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("when", "When", 8),
    ColumnSpec("type", "Type", 7),
    ColumnSpec("subject", "Subject", 14, grow=3),
    ColumnSpec("regarding", "Regarding", 12, grow=2),
    ColumnSpec("who", "Who", 12, min_table_width=110),
)


def activity_row(activity: Activity, now: datetime, *, skip: str) -> Row:
    """An activity; ``regarding`` names its lead, or the contact/company not ``skip``."""
    return (
        activity.id,
        {
            "when": relative(activity.when, now),
            "type": label(activity.type),
            "subject": cell(activity.subject),
            "regarding": regarding(activity, skip=skip),
            "who": cell(activity.user_name),
        },
    )


def regarding(activity: Activity, *, skip: str) -> Text:
    """What else the activity is about: its lead first, then a contact or a company."""
    parts: list[tuple[str, str | None]] = [("lead", activity.lead_title)]
    if skip != "contact":
        parts.append(("contact", activity.contact_name))
    if skip != "company":
        parts.append(("company", activity.company_name))
    for kind, name in parts:
        if name:
            return Text.assemble((f"{kind} ", "dim"), name, no_wrap=True, overflow="ellipsis")
    return Text(DASH)


def newest_first(activities: list[Activity]) -> list[Activity]:
    def moment(activity: Activity) -> datetime:
        when = activity.when
        if when is None:
            return UNDATED
        return when if when.tzinfo else when.replace(tzinfo=UTC)

    return sorted(activities, key=moment, reverse=True)


MEMBERSHIP_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("company", "Company", 16, grow=3),
    ColumnSpec("role", "Role", 12, grow=2),
    ColumnSpec("primary", "Primary", 7),
    ColumnSpec("started", "Started", 10),
)

PRIMARY_MARK = "✓ yes"


def membership_row(membership: CompanyMembership) -> Row:
    return (
        membership.id,
        {
            "company": cell(membership.company_name or membership.company_id),
            "role": cell(membership.role),
            # Words, not only a glyph: it must read on a monochrome terminal too.
            "primary": Text(PRIMARY_MARK, style="bold") if membership.is_primary else "",
            "started": day(membership.started_on),
        },
    )
