"""The demo's first answer, the Dashboard's, given before FastAPI and pydantic load.

Demo mode runs the backend in-process.  Building it (FastAPI, its routes, their
models) costs more than a bare Textual app's whole start, yet the first screen needs
one answer: the dashboard's sums, a few SQL queries over the seeded database.  So
:class:`DemoData` opens and seeds the database and answers that one request itself;
the backend is built after, on the same database, and answers everything from then
on, the dashboard included, with the same body (``repo.dashboard``).

The standard library and the demo's SQL only: the import hygiene tests hold it to that.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from crm_tui.api.dashboard_figures import DASHBOARD_PATH
from crm_tui.api.errors import NetworkError
from crm_tui.api.safe_text import clean_tree
from crm_tui.demo.context import Ctx
from crm_tui.demo.identity import DEMO_USER_ID
from crm_tui.demo.repo.dashboard import dashboard
from crm_tui.demo.times import as_utc

T = TypeVar("T")


class DemoData:
    """The demo's database, opened and seeded once, for its first answer and its backend."""

    def __init__(
        self, open_database: Callable[[], sqlite3.Connection], clock: Callable[[], datetime]
    ) -> None:
        self._open_database = open_database
        self._clock = clock
        self._database: sqlite3.Connection | None = None
        # One connection, used by one thread at a time: the backend is handed it only
        # once an early answer being written is done.
        self._lock = threading.Lock()

    def database(self) -> sqlite3.Connection:
        """The database, opened and seeded on first use (that blocks: call it in a thread)."""
        with self._lock:
            return self._opened()

    def _opened(self) -> sqlite3.Connection:
        if self._database is None:
            self._database = self._open_database()
        return self._database

    async def request_read(
        self,
        method: str,
        path: str,
        read: Callable[[Any], T],
        *,
        params: Mapping[str, Any] | None = None,
    ) -> T:
        """``read`` of the answer to ``GET /dashboard``, the one request made before the
        backend is built, as the transport's ``request_read`` would give it."""
        if (method, path) != ("GET", DASHBOARD_PATH):
            raise ValueError(f"only GET {DASHBOARD_PATH} is answered before the backend is up")
        try:
            body = await asyncio.to_thread(self._dashboard)
        except Exception as error:
            # As the backend's transport says it (``ThreadedASGITransport.fail``).
            reason = f"the demo backend could not start ({type(error).__name__})"
            raise NetworkError(reason) from error
        # The demo's text is made safe to draw as any server's is.
        return read(clean_tree(body))

    def _dashboard(self) -> dict[str, Any]:
        with self._lock:
            return dashboard(Ctx(self._opened(), as_utc(self._clock()), DEMO_USER_ID))
