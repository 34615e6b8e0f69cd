"""The dashboard's aggregates, computed in SQL from the current data.

Written as the API's JSON without the models: the dashboard is the demo's first
answer, given before pydantic and the web framework load (see ``crm_tui.demo.early``).
The route answers the same body.
"""

from __future__ import annotations

from typing import Any

from crm_tui.api.vocabulary import ACTIVITY_TYPES, COMPANY_STATUSES, KNOWN_STAGES
from crm_tui.demo.context import Ctx
from crm_tui.demo.repo.activity_rows import NEWEST_FIRST, SELECT, wire_activity
from crm_tui.demo.times import db_timestamp, week_start

RECENT_ACTIVITY = 10


def dashboard(ctx: Ctx) -> dict[str, Any]:
    """The body of ``GET /dashboard`` (``api.models.Dashboard``, camelCase)."""
    pipeline = pipeline_by_stage(ctx)
    counts = {summary["stage"]: summary["count"] for summary in pipeline}
    closed = counts.get("won", 0) + counts.get("lost", 0)
    return {
        "pipeline": pipeline,
        "winRate": counts.get("won", 0) / closed if closed else None,
        "companiesByStatus": companies_by_status(ctx),
        "activitiesThisWeek": activities_this_week(ctx),
        "openTasks": _count(ctx, "SELECT count(*) FROM tasks WHERE status != 'done'"),
        "overdueTasks": _count(
            ctx,
            "SELECT count(*) FROM tasks WHERE status != 'done' AND due_date < ?",
            ctx.today_text,
        ),
        "recentActivity": recent_activity(ctx),
    }


def pipeline_by_stage(ctx: Ctx) -> list[dict[str, Any]]:
    """Count, value and weighted value per stage, in board order (others after)."""
    rows = ctx.conn.execute(
        "SELECT stage, count(*) AS count, total(value) AS value, "
        "total(coalesce(value, 0) * coalesce(probability, 0) / 100.0) AS weighted_value "
        "FROM leads GROUP BY stage"
    ).fetchall()
    by_stage = {row["stage"]: row for row in rows}
    stages = [*KNOWN_STAGES, *sorted(set(by_stage) - set(KNOWN_STAGES))]
    summaries = []
    for stage in stages:
        row = by_stage.get(stage)
        summaries.append(
            {
                "stage": stage,
                "count": row["count"] if row else 0,
                "value": round(row["value"], 2) if row else 0.0,
                "weightedValue": round(row["weighted_value"], 2) if row else 0.0,
            }
        )
    return summaries


def companies_by_status(ctx: Ctx) -> dict[str, int]:
    counts = dict.fromkeys(COMPANY_STATUSES, 0)
    for row in ctx.conn.execute("SELECT status, count(*) FROM companies GROUP BY status"):
        counts[row[0]] = row[1]
    return counts


def activities_this_week(ctx: Ctx) -> dict[str, int]:
    """Activities by type since Monday 00:00 UTC of the current week."""
    counts = dict.fromkeys(ACTIVITY_TYPES, 0)
    rows = ctx.conn.execute(
        "SELECT type, count(*) FROM activities WHERE occurred_at >= ? GROUP BY type ORDER BY type",
        (db_timestamp(week_start(ctx.now)),),
    )
    for row in rows:
        counts[row[0]] = row[1]
    return counts


def recent_activity(ctx: Ctx) -> list[dict[str, Any]]:
    """The newest activities, as the activities list writes them."""
    rows = ctx.conn.execute(f"{SELECT} {NEWEST_FIRST} LIMIT ?", (RECENT_ACTIVITY,))
    return [wire_activity(row) for row in rows]


def _count(ctx: Ctx, query: str, *params: str) -> int:
    return int(ctx.conn.execute(query, params).fetchone()[0])
