"""Project tasks (read-only through the API)."""

from __future__ import annotations

from typing import Any

from crm_tui.api.models import Task
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import to_models

SELECT = """
SELECT t.id, t.title, t.status, t.project_id, p.name AS project_name,
       u.name AS assignee_name, t.priority, t.due_date, t.completed_at
FROM tasks t
LEFT JOIN projects p ON p.id = t.project_id
LEFT JOIN users u ON u.id = t.assignee_user_id
"""
BY_DUE_DATE = "ORDER BY t.due_date IS NULL, t.due_date, t.title, t.id"


def list_tasks(ctx: Ctx, project_id: str | None = None, status: str | None = None) -> list[Task]:
    """Tasks by due date (undated last), optionally of one project and/or status."""
    clauses: list[str] = []
    params: list[Any] = []
    if project_id is not None:
        clauses.append("t.project_id = ?")
        params.append(project_id)
    if status is not None:
        clauses.append("t.status = ?")
        params.append(status)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return to_models(Task, ctx.conn.execute(f"{SELECT} {where} {BY_DUE_DATE}", params))
