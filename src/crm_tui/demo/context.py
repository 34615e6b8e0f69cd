"""What one request works with: the database, one reading of the clock, the caller."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from crm_tui.demo.times import db_date, db_timestamp


@dataclass(frozen=True)
class Ctx:
    conn: sqlite3.Connection
    now: datetime  # UTC; read once per request, so one write has one timestamp
    user_id: str  # the API key's user ("me")

    @property
    def stamp(self) -> str:
        """``now`` as the database stores timestamps."""
        return db_timestamp(self.now)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def today_text(self) -> str:
        return db_date(self.today)
