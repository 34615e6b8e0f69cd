"""The dashboard's aggregates, computed in SQL from the current data."""

from __future__ import annotations

from crm_tui.api.models import (
    ACTIVITY_TYPES,
    COMPANY_STATUSES,
    KNOWN_STAGES,
    Dashboard,
    StageSummary,
)
from crm_tui.demo.context import Ctx
from crm_tui.demo.repo.activities import list_activities
from crm_tui.demo.times import db_timestamp, week_start

RECENT_ACTIVITY = 10


def dashboard(ctx: Ctx) -> Dashboard:
    pipeline = pipeline_by_stage(ctx)
    counts = {summary.stage: summary.count for summary in pipeline}
    closed = counts.get("won", 0) + counts.get("lost", 0)
    return Dashboard(
        pipeline=pipeline,
        win_rate=counts.get("won", 0) / closed if closed else None,
        companies_by_status=companies_by_status(ctx),
        activities_this_week=activities_this_week(ctx),
        open_tasks=_count(ctx, "SELECT count(*) FROM tasks WHERE status != 'done'"),
        overdue_tasks=_count(
            ctx,
            "SELECT count(*) FROM tasks WHERE status != 'done' AND due_date < ?",
            ctx.today_text,
        ),
        recent_activity=list_activities(ctx, limit=RECENT_ACTIVITY),
    )


def pipeline_by_stage(ctx: Ctx) -> list[StageSummary]:
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
            StageSummary(
                stage=stage,
                count=row["count"] if row else 0,
                value=round(row["value"], 2) if row else 0.0,
                weighted_value=round(row["weighted_value"], 2) if row else 0.0,
            )
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


def _count(ctx: Ctx, query: str, *params: str) -> int:
    return int(ctx.conn.execute(query, params).fetchone()[0])
