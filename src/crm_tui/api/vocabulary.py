"""The values the API documents for a few fields (the server may send others).

Standard library only: the Dashboard orders its charts by them before the models load,
and the demo backend seeds and sums its data by them before they load.
"""

from __future__ import annotations

COMPANY_STATUSES: tuple[str, ...] = ("prospect", "active", "inactive")
ACTIVITY_TYPES: tuple[str, ...] = ("call", "email", "meeting", "note", "task")
TASK_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")
#: Stages in board order.  The server may send others: they are kept, never refused.
KNOWN_STAGES: tuple[str, ...] = (
    "new",
    "contacted",
    "qualified",
    "proposal",
    "negotiation",
    "won",
    "lost",
)
