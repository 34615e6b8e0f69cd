"""Activities: calls, e-mails, meetings, notes, tasks (types are open strings)."""

from __future__ import annotations

from typing import Any

from crm_tui.api.models import Activity
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import insert, new_id, next_seq, to_model, to_models
from crm_tui.demo.errors import NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.repo.activity_rows import NEWEST_FIRST, SELECT
from crm_tui.demo.requests import ActivityCreate, LeadActivityCreate
from crm_tui.demo.times import db_timestamp


def list_activities(
    ctx: Ctx,
    company_id: str | None = None,
    contact_id: str | None = None,
    limit: int | None = None,
) -> list[Activity]:
    clauses: list[str] = []
    params: list[Any] = []
    if company_id is not None:
        clauses.append("a.company_id = ?")
        params.append(company_id)
    if contact_id is not None:
        clauses.append("a.contact_id = ?")
        params.append(contact_id)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    tail = ""
    if limit is not None:
        tail = " LIMIT ?"
        params.append(limit)
    return to_models(Activity, ctx.conn.execute(f"{SELECT} {where} {NEWEST_FIRST}{tail}", params))


def get_activity(ctx: Ctx, activity_id: str) -> Activity:
    row = ctx.conn.execute(f"{SELECT} WHERE a.id = ?", (activity_id,)).fetchone()
    if row is None:
        raise NotFound("activity", activity_id)
    return to_model(Activity, row)


def create_activity(ctx: Ctx, body: ActivityCreate) -> Activity:
    """Log an activity by the key's user, now.

    Links that are not given are filled in: from the lead (its company and contact),
    then from the contact (its primary company).
    """
    lead_id = checks.reference(ctx, "leads", "lead", "leadId", body.lead_id)
    contact_id = checks.reference(ctx, "contacts", "contact", "contactId", body.contact_id)
    company_id = checks.reference(ctx, "companies", "company", "companyId", body.company_id)
    if lead_id is not None:
        row = ctx.conn.execute(
            "SELECT company_id, contact_id FROM leads WHERE id = ?", (lead_id,)
        ).fetchone()
        company_id = company_id or row["company_id"]
        contact_id = contact_id or row["contact_id"]
    if company_id is None and contact_id is not None:
        row = ctx.conn.execute(
            "SELECT company_id FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        company_id = row["company_id"]
    return _insert(ctx, body, company_id=company_id, contact_id=contact_id, lead_id=lead_id)


def add_lead_activity(ctx: Ctx, lead_id: str, body: LeadActivityCreate) -> Activity:
    """Log an activity on a lead, linked to the lead's company and contact."""
    row = ctx.conn.execute(
        "SELECT company_id, contact_id FROM leads WHERE id = ?", (lead_id,)
    ).fetchone()
    if row is None:
        raise NotFound("lead", lead_id)
    return _insert(
        ctx, body, company_id=row["company_id"], contact_id=row["contact_id"], lead_id=lead_id
    )


def _insert(
    ctx: Ctx,
    body: LeadActivityCreate,
    *,
    company_id: str | None,
    contact_id: str | None,
    lead_id: str | None,
) -> Activity:
    activity_id = new_id()
    insert(
        ctx.conn,
        "activities",
        {
            "id": activity_id,
            "type": body.type,
            "subject": body.subject,
            "body": checks.text(body.body),
            "company_id": company_id,
            "contact_id": contact_id,
            "lead_id": lead_id,
            "user_id": ctx.user_id,
            "due_at": db_timestamp(body.due_at) if body.due_at else None,
            "occurred_at": ctx.stamp,
            "created_at": ctx.stamp,
            "seq": next_seq(ctx.conn),
        },
    )
    return get_activity(ctx, activity_id)
