"""Outbound e-mail (recorded, never sent) and marketing lists."""

from __future__ import annotations

import json

from crm_tui.api.models import EmailConnection, MarketingListResult, SentEmail
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists, insert, new_id, next_seq, to_model, to_models
from crm_tui.demo.errors import BadRequest, NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.requests import MarketingListAdd, OutboundEmail


def list_connections(ctx: Ctx) -> list[EmailConnection]:
    rows = ctx.conn.execute(
        "SELECT id, channel, email, display_name FROM email_connections ORDER BY channel, id"
    )
    return to_models(EmailConnection, rows)


def send_email(ctx: Ctx, body: OutboundEmail) -> SentEmail:
    """Record an e-mail for a lead and put it on the lead's timeline.

    ``to`` defaults to the lead's contact's address.
    """
    lead = ctx.conn.execute(
        "SELECT l.id, k.email FROM leads l LEFT JOIN contacts k ON k.id = l.contact_id "
        "WHERE l.id = ?",
        (body.lead_id,),
    ).fetchone()
    if lead is None:
        raise NotFound("lead", body.lead_id)
    connection = ctx.conn.execute(
        "SELECT channel FROM email_connections WHERE id = ?", (body.connection_id,)
    ).fetchone()
    if connection is None:
        raise BadRequest(
            f"connectionId: no outbound e-mail connection with id '{body.connection_id}'"
        )
    if body.channel != connection["channel"]:
        raise BadRequest(
            f"channel '{body.channel}' does not match the connection's channel "
            f"'{connection['channel']}'"
        )
    to = checks.text(body.to) or lead["email"]
    if not to:
        raise BadRequest("to: the lead has no contact with an e-mail address; give a recipient")
    email_id = new_id()
    insert(
        ctx.conn,
        "sent_emails",
        {
            "id": email_id,
            "lead_id": body.lead_id,
            "connection_id": body.connection_id,
            "channel": body.channel,
            "to_address": to,
            "subject": body.subject,
            "html_body": body.html_body,
            "user_id": ctx.user_id,
            "status": "sent",
            "sent_at": ctx.stamp,
            "seq": next_seq(ctx.conn),
        },
    )
    row = ctx.conn.execute(
        "SELECT id, lead_id, status, sent_at FROM sent_emails WHERE id = ?", (email_id,)
    ).fetchone()
    return to_model(SentEmail, row)


def add_to_marketing_list(ctx: Ctx, body: MarketingListAdd) -> MarketingListResult:
    """Add companies to a list; all ids must be known, none is added twice."""
    if not exists(ctx.conn, "marketing_lists", body.list_id):
        raise NotFound("marketing list", body.list_id)
    company_ids = list(dict.fromkeys(body.company_ids))
    if not company_ids:
        raise BadRequest("companyIds: give at least one company id")
    ids = json.dumps(company_ids)
    unknown = [
        row[0]
        for row in ctx.conn.execute(
            "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM companies) "
            "ORDER BY key",
            (ids,),
        )
    ]
    if unknown:
        raise BadRequest(f"companyIds: no company with id {', '.join(map(repr, unknown))}")
    present = ctx.conn.execute(
        "SELECT count(*) FROM marketing_list_members "
        "WHERE list_id = ? AND company_id IN (SELECT value FROM json_each(?))",
        (body.list_id, ids),
    ).fetchone()[0]
    ctx.conn.execute(
        "INSERT OR IGNORE INTO marketing_list_members (list_id, company_id, added_at) "
        "SELECT ?, value, ? FROM json_each(?)",
        (body.list_id, ctx.stamp, ids),
    )
    return MarketingListResult(
        list_id=body.list_id, added=len(company_ids) - present, already_present=present
    )
