"""Leads: list, read, create, update, delete, and the stage move with its automation."""

from __future__ import annotations

from typing import Any

from crm_tui.api.models import CLOSED_STAGES, Lead
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists, insert, new_id, next_seq, to_model, to_models, update
from crm_tui.demo.errors import NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.repo.companies import activate_prospect
from crm_tui.demo.requests import LeadCreate, LeadUpdate, StageMove

SELECT = """
SELECT l.id, l.title, l.stage, l.value, l.currency, l.probability,
       l.company_id, c.name AS company_name,
       l.contact_id,
       nullif(trim(coalesce(k.first_name, '') || ' ' || coalesce(k.last_name, '')), '')
           AS contact_name,
       k.email AS contact_email,
       l.owner_user_id, u.name AS owner_name,
       l.expected_close_date, l.closed_at, l.lost_reason, l.notes, l.created_at, l.updated_at
FROM leads l
LEFT JOIN companies c ON c.id = l.company_id
LEFT JOIN contacts k ON k.id = l.contact_id
LEFT JOIN users u ON u.id = l.owner_user_id
"""
NEWEST_FIRST = "ORDER BY l.created_at DESC, l.rowid DESC"

#: The probability a lead gets when it enters a stage without one (and when reopened).
DEFAULT_PROBABILITY: dict[str, int] = {
    "new": 10,
    "contacted": 20,
    "qualified": 40,
    "proposal": 60,
    "negotiation": 80,
    "won": 100,
    "lost": 0,
}
DEFAULT_CURRENCY = "EUR"


def list_leads(
    ctx: Ctx, company_id: str | None = None, contact_id: str | None = None
) -> list[Lead]:
    clauses: list[str] = []
    params: list[Any] = []
    if company_id is not None:
        clauses.append("l.company_id = ?")
        params.append(company_id)
    if contact_id is not None:
        clauses.append("l.contact_id = ?")
        params.append(contact_id)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return to_models(Lead, ctx.conn.execute(f"{SELECT} {where} {NEWEST_FIRST}", params))


def get_lead(ctx: Ctx, lead_id: str) -> Lead:
    row = ctx.conn.execute(f"{SELECT} WHERE l.id = ?", (lead_id,)).fetchone()
    if row is None:
        raise NotFound("lead", lead_id)
    return to_model(Lead, row)


def create_lead(ctx: Ctx, body: LeadCreate) -> Lead:
    """A new lead.  Created straight into won/lost, it is closed as a stage move would."""
    sent = checks.sent_fields(body)
    stage = body.stage or "new"
    company_id = checks.reference(ctx, "companies", "company", "companyId", body.company_id)
    contact_id = checks.reference(ctx, "contacts", "contact", "contactId", body.contact_id)
    if company_id is None and contact_id is not None:
        company_id = _primary_company_of(ctx, contact_id)
    probability = body.probability
    if probability is None or stage in CLOSED_STAGES:
        probability = DEFAULT_PROBABILITY[stage]
    lead_id = new_id()
    values = {
        "id": lead_id,
        "title": body.title,
        "stage": stage,
        "value": body.value,
        "currency": _currency(body.currency) or DEFAULT_CURRENCY,
        "probability": probability,
        "company_id": company_id,
        "contact_id": contact_id,
        "owner_user_id": checks.owner(ctx, body.owner_user_id)
        if "owner_user_id" in sent
        else ctx.user_id,
        "expected_close_date": body.expected_close_date.isoformat()
        if body.expected_close_date
        else None,
        "closed_at": ctx.stamp if stage in CLOSED_STAGES else None,
        "lost_reason": None,
        "notes": checks.text(body.notes),
        "created_at": ctx.stamp,
        "updated_at": ctx.stamp,
    }
    insert(ctx.conn, "leads", values)
    if stage == "won":
        activate_prospect(ctx, company_id)
    return get_lead(ctx, lead_id)


def update_lead(ctx: Ctx, lead_id: str, body: LeadUpdate) -> Lead:
    """Change the sent fields.  The stage moves only through ``move_stage``."""
    get_lead(ctx, lead_id)
    changes: dict[str, Any] = {}
    for field, value in checks.sent_fields(body).items():
        if field == "title":
            changes["title"] = value
        elif field == "currency":
            changes["currency"] = _currency(value)
        elif field == "company_id":
            changes[field] = checks.reference(ctx, "companies", "company", "companyId", value)
        elif field == "contact_id":
            changes[field] = checks.reference(ctx, "contacts", "contact", "contactId", value)
        elif field == "owner_user_id":
            changes[field] = checks.owner(ctx, value)
        elif field == "expected_close_date":
            changes[field] = value.isoformat() if value else None
        elif field == "notes":
            changes[field] = checks.text(value)
        else:
            changes[field] = value
    if changes:
        changes["updated_at"] = ctx.stamp
        update(ctx.conn, "leads", lead_id, changes)
    return get_lead(ctx, lead_id)


def delete_lead(ctx: Ctx, lead_id: str) -> str:
    """Delete the lead with its stage changes and e-mails; its activities stay, unlinked."""
    if not exists(ctx.conn, "leads", lead_id):
        raise NotFound("lead", lead_id)
    ctx.conn.execute("DELETE FROM leads WHERE id = ?", (lead_id,))
    return lead_id


def move_stage(ctx: Ctx, lead_id: str, body: StageMove) -> Lead:
    """Move the lead to ``body.stage``, with the win/loss automation.

    * ``won``: closedAt = now, probability 100, the company goes prospect -> active;
    * ``lost``: closedAt = now, probability 0, lostReason kept;
    * out of won/lost: closedAt and lostReason cleared, the stage's default probability;
    * every real move writes a stage-change entry on the timeline; the same stage is a no-op.
    """
    lead = get_lead(ctx, lead_id)
    to_stage = body.stage
    if to_stage == lead.stage:
        return lead
    changes: dict[str, Any] = {"stage": to_stage, "updated_at": ctx.stamp}
    lost_reason = checks.text(body.lost_reason) if to_stage == "lost" else None
    if to_stage in CLOSED_STAGES:
        changes.update(
            closed_at=ctx.stamp,
            probability=DEFAULT_PROBABILITY[to_stage],
            lost_reason=lost_reason,
        )
    elif lead.stage in CLOSED_STAGES:
        changes.update(closed_at=None, lost_reason=None, probability=DEFAULT_PROBABILITY[to_stage])
    update(ctx.conn, "leads", lead_id, changes)
    if to_stage == "won":
        activate_prospect(ctx, lead.company_id)
    _record_stage_change(ctx, lead_id, lead.stage, to_stage, lost_reason)
    return get_lead(ctx, lead_id)


def _record_stage_change(
    ctx: Ctx, lead_id: str, from_stage: str, to_stage: str, lost_reason: str | None
) -> None:
    body = None
    if to_stage == "lost":
        body = f"Lost reason: {lost_reason}" if lost_reason else "Lost (no reason given)"
    insert(
        ctx.conn,
        "stage_changes",
        {
            "id": new_id(),
            "lead_id": lead_id,
            "from_stage": from_stage,
            "to_stage": to_stage,
            "body": body,
            "user_id": ctx.user_id,
            "occurred_at": ctx.stamp,
            "seq": next_seq(ctx.conn),
        },
    )


def _primary_company_of(ctx: Ctx, contact_id: str) -> str | None:
    row = ctx.conn.execute("SELECT company_id FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return None if row is None else row[0]


def _currency(value: str | None) -> str | None:
    """A blank currency is none (the code itself is checked by its field's pattern)."""
    return value or None
