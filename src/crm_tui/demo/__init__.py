"""The demo backend: the Axiomatic CRM API served in-process (or on a port) from SQLite.

Importing this package is cheap: FastAPI, uvicorn and the database load only
when ``create_app`` is called.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from crm_tui.demo.identity import (
    DEMO_API_KEY,
    DEMO_BASE_URL,
    DEMO_ENTITY_ID,
    DEMO_USER_ID,
    DEMO_USER_NAME,
    OTHER_ENTITY_ID,
)

if TYPE_CHECKING:
    import sqlite3

    from fastapi import FastAPI

    from crm_tui.demo.db import SeedProgress

__all__ = [
    "DEMO_API_KEY",
    "DEMO_BASE_URL",
    "DEMO_ENTITY_ID",
    "DEMO_USER_ID",
    "DEMO_USER_NAME",
    "OTHER_ENTITY_ID",
    "create_app",
]


def create_app(
    *,
    size: int | None = None,
    db_path: str | None = None,
    now: Callable[[], datetime] | None = None,
    seed: int = 7,
    api_key: str | None = None,
    progress: SeedProgress | None = None,
    database: sqlite3.Connection | None = None,
) -> FastAPI:
    """The demo ASGI app (see ``crm_tui.demo.app.create_app``)."""
    from crm_tui.demo.app import create_app as build

    return build(
        size=size,
        db_path=db_path,
        now=now,
        seed=seed,
        api_key=api_key,
        progress=progress,
        database=database,
    )
