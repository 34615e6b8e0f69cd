"""A lead's timeline: its activities, stage changes and sent e-mails, newest first."""

from __future__ import annotations

from crm_tui.api.models import TimelineEntry
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists, to_models
from crm_tui.demo.errors import NotFound

TIMELINE = """
SELECT a.id, 'activity' AS kind, a.type, a.subject, a.body, NULL AS from_stage,
       NULL AS to_stage, u.name AS user_name, a.occurred_at, a.seq
FROM activities a LEFT JOIN users u ON u.id = a.user_id
WHERE a.lead_id = :lead
UNION ALL
SELECT s.id, 'stage_change', NULL,
       'Stage changed from ' || coalesce(s.from_stage, '(none)') || ' to ' || s.to_stage,
       s.body, s.from_stage, s.to_stage, u.name, s.occurred_at, s.seq
FROM stage_changes s LEFT JOIN users u ON u.id = s.user_id
WHERE s.lead_id = :lead
UNION ALL
SELECT e.id, 'email', NULL, e.subject, e.html_body, NULL, NULL, u.name, e.sent_at, e.seq
FROM sent_emails e LEFT JOIN users u ON u.id = e.user_id
WHERE e.lead_id = :lead
ORDER BY occurred_at DESC, seq DESC
"""


def lead_timeline(ctx: Ctx, lead_id: str) -> list[TimelineEntry]:
    if not exists(ctx.conn, "leads", lead_id):
        raise NotFound("lead", lead_id)
    return to_models(TimelineEntry, ctx.conn.execute(TIMELINE, {"lead": lead_id}))
