"""The values the API documents for a few fields (the server may send others).

Standard library only: the Dashboard orders its charts by them before the models load.
"""

from __future__ import annotations

COMPANY_STATUSES: tuple[str, ...] = ("prospect", "active", "inactive")
ACTIVITY_TYPES: tuple[str, ...] = ("call", "email", "meeting", "note", "task")
TASK_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")
