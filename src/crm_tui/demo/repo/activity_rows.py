"""Activities as the demo selects them, and as the API writes them, without the models.

The activity routes build ``api.models.Activity`` from these rows.  The dashboard's
recent activity is written from them directly: the dashboard is the demo's first
answer, given before pydantic loads (see ``crm_tui.demo.early``), in the same JSON
the models would write.
"""

from __future__ import annotations

import sqlite3
from typing import Any

SELECT = """
SELECT a.id, a.type, a.subject, a.body, a.company_id, c.name AS company_name,
       a.contact_id,
       nullif(trim(coalesce(k.first_name, '') || ' ' || coalesce(k.last_name, '')), '')
           AS contact_name,
       a.lead_id, l.title AS lead_title, u.name AS user_name, a.due_at, a.occurred_at,
       a.created_at
FROM activities a
LEFT JOIN companies c ON c.id = a.company_id
LEFT JOIN contacts k ON k.id = a.contact_id
LEFT JOIN leads l ON l.id = a.lead_id
LEFT JOIN users u ON u.id = a.user_id
"""
NEWEST_FIRST = "ORDER BY a.occurred_at DESC, a.seq DESC"

#: The columns holding timestamps (``times.db_timestamp``'s fixed-width text).
_TIMESTAMPS = frozenset({"due_at", "occurred_at", "created_at"})
#: What the database's fixed width adds to a whole second, which the models leave out.
_WHOLE_SECOND = ".000000Z"


def camel_case(name: str) -> str:
    """``company_name`` as the API names it: ``companyName``."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def wire_timestamp(stored: str) -> str:
    """A stored timestamp as the models write it (``...09:30:00Z``, or with the
    microseconds when there are any)."""
    if stored.endswith(_WHOLE_SECOND):
        return stored[: -len(_WHOLE_SECOND)] + "Z"
    return stored


def wire_activity(row: sqlite3.Row) -> dict[str, Any]:
    """One row of :data:`SELECT` as the API's JSON: camelCase names, timestamps as the
    models write them, every field present (``null`` when empty)."""
    return {
        camel_case(column): (
            wire_timestamp(row[column])
            if column in _TIMESTAMPS and row[column] is not None
            else row[column]
        )
        for column in row.keys()  # noqa: SIM118  (a Row iterates over its values)
    }
