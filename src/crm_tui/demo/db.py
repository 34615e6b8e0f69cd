"""The demo backend's SQLite database: schema, connection, seeding and query helpers.

One connection per app (``check_same_thread=False``; every endpoint is ``async def``
and never awaits while it holds a cursor, so requests never interleave inside a
query).  SQLite's private temporary database by default (see :func:`connect`); a
file path keeps changes between runs and is seeded only when it holds no data yet.

Timestamps are fixed-width UTC text (see ``times.py``).  ``seq`` on activities,
stage changes and sent e-mails is one counter across the three tables: it orders
a lead's timeline when two entries share a timestamp (a fixed test clock).
"""

from __future__ import annotations

import functools
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from crm_tui.demo.fixtures import RECORD_TABLES, Change, Row, Step, stream_fixtures
from crm_tui.demo.times import Clock, as_utc

if TYPE_CHECKING:
    # Only the records' helpers below take models: seeding and the dashboard's sums
    # need no pydantic (see ``crm_tui.demo.early``).
    from pydantic import BaseModel

SCHEMA_VERSION = 1
#: The largest amount (a lead's value) the demo stores: sums of amounts stay exact
#: enough and finite.
MAX_AMOUNT = 1e15

TABLES = f"""
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT
);
CREATE TABLE IF NOT EXISTS companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,   -- casefold(name): what q searches
    name_sort TEXT NOT NULL,   -- accent- and case-folded name: the list order
    status TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users(id),
    domain TEXT,
    industry TEXT,
    phone TEXT,
    email TEXT,
    city TEXT,
    country TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS contacts (
    id TEXT PRIMARY KEY,
    first_name TEXT,
    last_name TEXT,
    email TEXT,
    sort_key TEXT NOT NULL,    -- last name, first name (folded): the list order
    phone TEXT,
    title TEXT,
    company_id TEXT REFERENCES companies(id),  -- the primary membership's company
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS memberships (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    role TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0,
    started_on TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (contact_id, company_id)
);

CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    stage TEXT NOT NULL,
    -- The bounds the API checks, so that the dashboard's sums stay finite.
    value REAL CHECK (value IS NULL OR value BETWEEN 0 AND {MAX_AMOUNT!r}),
    currency TEXT,
    probability INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    company_id TEXT REFERENCES companies(id),
    contact_id TEXT REFERENCES contacts(id),
    owner_user_id TEXT REFERENCES users(id),
    expected_close_date TEXT,
    closed_at TEXT,
    lost_reason TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS stage_changes (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    body TEXT,
    user_id TEXT REFERENCES users(id),
    occurred_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS activities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT,
    company_id TEXT REFERENCES companies(id),
    contact_id TEXT REFERENCES contacts(id),
    lead_id TEXT REFERENCES leads(id) ON DELETE SET NULL,
    user_id TEXT REFERENCES users(id),
    due_at TEXT,
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    project_id TEXT REFERENCES projects(id),
    assignee_user_id TEXT REFERENCES users(id),
    priority TEXT,
    due_date TEXT,
    completed_at TEXT
);

CREATE TABLE IF NOT EXISTS email_connections (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    email TEXT,
    display_name TEXT
);
CREATE TABLE IF NOT EXISTS sent_emails (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    connection_id TEXT NOT NULL REFERENCES email_connections(id),
    channel TEXT NOT NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    html_body TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    status TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    seq INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS marketing_lists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS marketing_list_members (
    list_id TEXT NOT NULL REFERENCES marketing_lists(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (list_id, company_id)
);
"""

# Created after seeding (a fresh database fills faster without them).  The folded
# name rides along in the name order's index: a search then reads the index alone
# until it meets a match, instead of every company's row.
INDEXES = """
CREATE INDEX IF NOT EXISTS companies_by_name_searchable ON companies (name_sort, id, name_fold);
CREATE INDEX IF NOT EXISTS companies_by_status ON companies (status, name_sort, id);
CREATE INDEX IF NOT EXISTS companies_by_owner ON companies (owner_user_id, name_sort, id);
CREATE INDEX IF NOT EXISTS contacts_by_name ON contacts (sort_key, id);
CREATE INDEX IF NOT EXISTS contacts_by_company ON contacts (company_id);
CREATE INDEX IF NOT EXISTS memberships_by_company ON memberships (company_id, contact_id);
CREATE INDEX IF NOT EXISTS leads_by_created ON leads (created_at);
CREATE INDEX IF NOT EXISTS leads_by_company ON leads (company_id, created_at);
CREATE INDEX IF NOT EXISTS leads_by_contact ON leads (contact_id, created_at);
CREATE INDEX IF NOT EXISTS leads_by_stage ON leads (stage);
CREATE INDEX IF NOT EXISTS stage_changes_by_lead ON stage_changes (lead_id);
CREATE INDEX IF NOT EXISTS activities_by_time ON activities (occurred_at, seq);
CREATE INDEX IF NOT EXISTS activities_by_company ON activities (company_id, occurred_at);
CREATE INDEX IF NOT EXISTS activities_by_contact ON activities (contact_id, occurred_at);
CREATE INDEX IF NOT EXISTS activities_by_lead ON activities (lead_id);
CREATE INDEX IF NOT EXISTS tasks_by_project ON tasks (project_id, due_date);
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, due_date);
CREATE INDEX IF NOT EXISTS sent_emails_by_lead ON sent_emails (lead_id);
"""

# The tables whose rows share the ``seq`` counter, with the column holding their time.
_EVENT_TABLES = {
    "stage_changes": "occurred_at",
    "activities": "occurred_at",
    "sent_emails": "sent_at",
}


class DatabaseError(Exception):
    """The database file cannot be used (not SQLite, or another program's schema)."""


#: Page cache of a database without a file of its own (KiB): what stays in memory.
TEMPORARY_CACHE_KIB = 16 * 1024


def connect(db_path: str | None) -> sqlite3.Connection:
    """Open (or create) the database and make sure the schema is there.

    Without ``db_path`` the database is SQLite's private temporary one (the empty
    name), not ``:memory:``: its pages beyond the cache go to a temporary file that
    SQLite deletes when the connection closes.  Ten thousand demo companies are
    some 60 MiB of pages; held in memory they would be counted against the app
    that runs the demo backend in-process, as a real server's data never is.
    """
    conn = sqlite3.connect(db_path or "", check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if not db_path:
            conn.execute(f"PRAGMA cache_size = -{TEMPORARY_CACHE_KIB}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise DatabaseError(
                f"{db_path} has schema version {version}; this demo needs {SCHEMA_VERSION}"
            )
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if version == 0 and tables:
            raise DatabaseError(f"{db_path} is a SQLite database of another program")
        conn.executescript(TABLES)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{db_path} is not a usable SQLite database ({exc})") from exc
    except DatabaseError:
        conn.close()
        raise
    return conn


def is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0


class SeedData(Protocol):
    """Rows to seed from: :class:`~crm_tui.demo.fixtures.FixtureStream` or ``Fixtures``."""

    def rows(self) -> Iterator[Step]: ...

    @property
    def changes(self) -> Sequence[Change]: ...

    @property
    def record_total(self) -> int: ...


class SeedProgress:
    """How far opening the database has got; written by the thread that seeds, read
    by another (the UI's) while it runs.  ``done`` and ``total`` count records (rows
    of :data:`~crm_tui.demo.fixtures.RECORD_TABLES`)."""

    def __init__(self) -> None:
        self.phase = "Opening the database"
        self.done = 0
        self.total = 0

    def step(self, phase: str) -> None:
        self.phase = phase


def open_database(
    db_path: str | None,
    fixtures: Callable[[], SeedData],
    progress: SeedProgress | None = None,
) -> sqlite3.Connection:
    """Connect, and seed from ``fixtures()`` when the database holds no data yet."""
    progress = progress or SeedProgress()
    conn = connect(db_path)
    if is_empty(conn):
        data = fixtures()
        progress.total = data.record_total
        progress.step("Writing demo records")
        seed(conn, data, progress)
    progress.step("Indexing")
    conn.executescript(INDEXES)
    progress.step("Ready")
    return conn


def open_demo_database(
    db_path: str | None,
    *,
    size: int | None,
    clock: Clock,
    seed: int = 7,
    progress: SeedProgress | None = None,
) -> sqlite3.Connection:
    """The demo's database, seeded when it holds no data yet with the fixtures of
    ``size`` and ``seed``, dated from ``clock()``."""
    return open_database(
        db_path, lambda: stream_fixtures(now=as_utc(clock()), seed=seed, size=size), progress
    )


#: Rows held back before they are written; rows are written in batches of about this many.
SEED_BATCH = 2_000


def seed(conn: sqlite3.Connection, data: SeedData, progress: SeedProgress | None = None) -> None:
    """Insert every fixture row, in one transaction, as the rows are generated.

    Rows wait in small per-table batches, written in the order their tables first
    appeared, so a row is never written before a row it refers to; once written, a
    row is let go (10,000 companies never sit in Python lists all at once).
    ``progress.done`` counts the records written so far.
    """
    progress = progress or SeedProgress()
    pending: dict[str, list[Row]] = {}
    waiting = 0
    with conn:
        for table, row in data.rows():
            batch = pending.get(table)
            if batch is None:
                batch = pending[table] = []
            batch.append(row)
            waiting += 1
            if waiting >= SEED_BATCH:
                progress.done += _write(conn, pending)
                waiting = 0
        progress.done += _write(conn, pending)
        progress.step("Numbering the timeline")
        for table, record_id, values in data.changes:
            update(conn, table, record_id, values)
        total = _number_events(conn)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('event_seq', ?)", (total,))


def _write(conn: sqlite3.Connection, pending: dict[str, list[Row]]) -> int:
    """Write the pending rows; returns how many of them were records."""
    records = 0
    for table, rows in pending.items():
        if rows:
            _insert_many(conn, table, rows)
            if table in RECORD_TABLES:
                records += len(rows)
            rows.clear()
    return records


def _insert_many(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    columns = list(rows[0])
    names = ", ".join(columns)
    marks = ", ".join(f":{column}" for column in columns)
    if table in _EVENT_TABLES:  # numbered by _number_events once every row is in
        names, marks = f"{names}, seq", f"{marks}, 0"
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _number_events(conn: sqlite3.Connection) -> int:
    """Give the seeded timeline rows their ``seq`` in the order they happened.

    Ties on the time go by table name, then by the order the rows were written.
    Returns how many rows were numbered.
    """
    events = " UNION ALL ".join(
        f"SELECT {column} AS at, '{table}' AS tab, rowid AS r FROM {table} WHERE seq = 0"
        for table, column in sorted(_EVENT_TABLES.items())
    )
    conn.execute(
        "CREATE TEMP TABLE seed_event_order (tab TEXT, r INTEGER, seq INTEGER, "
        "PRIMARY KEY (tab, r)) WITHOUT ROWID"
    )
    try:
        conn.execute(
            "INSERT INTO seed_event_order "
            f"SELECT tab, r, row_number() OVER (ORDER BY at, tab, r) FROM ({events})"
        )
        for table in _EVENT_TABLES:
            conn.execute(
                f"UPDATE {table} SET seq = (SELECT o.seq FROM seed_event_order o "
                f"WHERE o.tab = '{table}' AND o.r = {table}.rowid) WHERE seq = 0"
            )
        return int(conn.execute("SELECT count(*) FROM seed_event_order").fetchone()[0])
    finally:
        conn.execute("DROP TABLE temp.seed_event_order")


# ------------------------------------------------------------------- helpers

M = TypeVar("M", bound="BaseModel")


def new_id() -> str:
    return str(uuid.uuid4())


def next_seq(conn: sqlite3.Connection) -> int:
    """The next number of the timeline counter (call inside the write's transaction)."""
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'event_seq'")
    row = conn.execute("SELECT value FROM meta WHERE key = 'event_seq'").fetchone()
    if row is None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('event_seq', 1)")
        return 1
    return int(row[0])


@functools.cache
def _field_names(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model.model_fields)


def to_model(model: type[M], row: Mapping[str, Any]) -> M:
    """Build ``model`` from the row's columns that are fields of it (never extra columns)."""
    keys = row.keys() if isinstance(row, sqlite3.Row) else list(row)
    fields = _field_names(model)
    return model.model_validate({key: row[key] for key in keys if key in fields})


def to_models(model: type[M], rows: Iterable[Mapping[str, Any]]) -> list[M]:
    return [to_model(model, row) for row in rows]


def insert(conn: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> None:
    names = ", ".join(values)
    marks = ", ".join(f":{column}" for column in values)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", dict(values))


def update(conn: sqlite3.Connection, table: str, record_id: str, values: Mapping[str, Any]) -> None:
    """``UPDATE table SET ... WHERE id = ?``; column names come from our code, never the wire."""
    if not values:
        return
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = :_id", {**values, "_id": record_id})


def exists(conn: sqlite3.Connection, table: str, record_id: str) -> bool:
    query = f"SELECT 1 FROM {table} WHERE id = ?"
    return conn.execute(query, (record_id,)).fetchone() is not None


def placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)
