"""The data set: coverage, determinism, generated sizes, and a database file."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from demo_support import NOW, api_client, fixed_clock

from crm_tui.api.models import ACTIVITY_TYPES, COMPANY_STATUSES, KNOWN_STAGES
from crm_tui.demo import DEMO_USER_ID, create_app
from crm_tui.demo.db import TEMPORARY_CACHE_KIB, DatabaseError, open_database
from crm_tui.demo.fixtures import build_fixtures, stream_fixtures

ENDPOINTS = ("/contacts", "/leads", "/activities", "/tasks", "/dashboard")


async def snapshot(client: httpx.AsyncClient) -> dict[str, object]:
    """Everything the API shows, endpoint by endpoint."""
    shown: dict[str, object] = {
        "companies": (await client.get("/companies", params={"pageSize": 200})).json()
    }
    for path in ENDPOINTS:
        shown[path] = (await client.get(path)).json()
    return shown


async def test_two_apps_on_the_same_clock_serve_identical_data() -> None:
    async with api_client(create_app(now=fixed_clock)) as one:
        first = await snapshot(one)
    async with api_client(create_app(now=fixed_clock)) as two:
        second = await snapshot(two)
    assert first == second
    async with api_client(create_app(now=fixed_clock, seed=8)) as other:
        assert (await snapshot(other))["companies"] != first["companies"]


def test_fixtures_are_byte_identical_for_the_same_clock_and_seed() -> None:
    assert build_fixtures(now=NOW) == build_fixtures(now=NOW)
    assert build_fixtures(now=NOW) != build_fixtures(now=NOW + timedelta(days=1))


async def test_default_data_covers_every_state(client: httpx.AsyncClient) -> None:
    companies = (await client.get("/companies", params={"pageSize": 200})).json()["items"]
    assert len(companies) == 40
    assert {c["status"] for c in companies} == set(COMPANY_STATUSES)
    owners = {c["ownerUserId"] for c in companies}
    assert None in owners and DEMO_USER_ID in owners and len(owners - {None}) >= 4
    assert all(c["industry"] and c["city"] and c["domain"] for c in companies)

    leads = (await client.get("/leads")).json()
    assert {lead["stage"] for lead in leads} == set(KNOWN_STAGES)
    for lead in leads:
        closed = lead["stage"] in ("won", "lost")
        assert (lead["closedAt"] is not None) == closed
        assert (lead["lostReason"] is not None) == (lead["stage"] == "lost")
        assert lead["value"] > 0 and lead["currency"]
        if lead["stage"] == "won":
            assert lead["probability"] == 100
        elif lead["stage"] == "lost":
            assert lead["probability"] == 0
        else:
            assert 0 < lead["probability"] < 100
    won_companies = {lead["companyId"] for lead in leads if lead["stage"] == "won"}
    assert all(c["status"] != "prospect" for c in companies if c["id"] in won_companies)

    activities = (await client.get("/activities")).json()
    assert {a["type"] for a in activities} == set(ACTIVITY_TYPES)
    oldest = (NOW - timedelta(days=36)).isoformat()
    assert all(
        oldest <= a["occurredAt"] <= NOW.isoformat().replace("+00:00", "Z") for a in activities
    )

    tasks = (await client.get("/tasks")).json()
    assert {t["status"] for t in tasks} == {"todo", "in_progress", "done"}


#: The default data set on the test clock.  UI snapshots and data-dependent tests elsewhere
#: are recorded against exactly this data: a fixture change must re-record them too.
PINNED_DIGEST = "94cc2776d36677dcb7d07c003b9c246d6ed38d5f673c21bdfef16bee41fd4273"


def test_the_default_data_set_is_pinned() -> None:
    rows = dataclasses.asdict(build_fixtures(now=NOW))
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    assert digest == PINNED_DIGEST, (
        "The demo data changed: re-record the UI snapshots, then update PINNED_DIGEST"
    )


@pytest.mark.parametrize("size", [1, 7, 60])
def test_size_generates_proportional_data(size: int) -> None:
    data = build_fixtures(now=NOW, size=size)
    assert len(data.companies) == size
    assert len(data.contacts) == 2 * size
    assert len(data.leads) == size
    assert len(data.activities) == 3 * size
    assert len({c["name"] for c in data.companies}) == size


async def test_size_through_the_api() -> None:
    async with api_client(create_app(now=fixed_clock, size=60)) as client:
        page = (await client.get("/companies", params={"pageSize": 10})).json()
        assert (page["total"], len(page["items"])) == (60, 10)
        assert len((await client.get("/contacts")).json()) == 120
        assert len((await client.get("/leads")).json()) == 60
        assert len((await client.get("/activities")).json()) == 180


def test_ten_thousand_companies_seed_with_distinct_names() -> None:
    # How long this takes is a benchmark's figure (make bench), not a test's.
    conn = open_database(None, lambda: stream_fixtures(now=NOW, size=10_000))
    assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 10_000
    assert conn.execute("SELECT count(DISTINCT name) FROM companies").fetchone()[0] == 10_000
    assert conn.execute("SELECT count(*) FROM leads").fetchone()[0] == 10_000


def test_without_a_file_the_data_is_private_and_its_cache_bounded() -> None:
    """No path: SQLite's temporary database, whose pages beyond the cache go to disk."""
    first = open_database(None, lambda: stream_fixtures(now=NOW, size=5))
    second = open_database(None, lambda: stream_fixtures(now=NOW, size=7))
    assert first.execute("SELECT count(*) FROM companies").fetchone()[0] == 5
    assert second.execute("SELECT count(*) FROM companies").fetchone()[0] == 7
    assert first.execute("PRAGMA cache_size").fetchone()[0] == -TEMPORARY_CACHE_KIB
    # An in-memory database journals in memory; the temporary one journals to disk.
    assert first.execute("PRAGMA journal_mode").fetchone()[0] != "memory"


async def test_a_database_file_keeps_changes_and_is_seeded_once(tmp_path: Path) -> None:
    path = str(tmp_path / "demo.db")
    async with api_client(create_app(now=fixed_clock, db_path=path)) as first:
        created = (await first.post("/companies", json={"name": "Persisted Ltd"})).json()
        lead = (await first.get("/leads")).json()[0]
        await first.patch(f"/leads/{lead['id']}/stage", json={"stage": "lost"})
    async with api_client(create_app(now=fixed_clock, db_path=path, size=5)) as second:
        page = (await second.get("/companies", params={"q": "persisted"})).json()
        assert page["items"] == [created]
        assert (await second.get("/companies")).json()["total"] == 41  # not re-seeded
        assert (await second.get(f"/leads/{lead['id']}")).json()["stage"] == "lost"


def test_a_foreign_database_file_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        create_app(db_path=str(garbage))
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(DatabaseError, match="another program"):
        create_app(db_path=str(foreign))


@pytest.mark.parametrize("size", [None, 60])
def test_streamed_seeding_writes_the_fixture_rows(size: int | None) -> None:
    """The database is seeded row by row from ``stream_fixtures``: it holds exactly the
    rows of ``build_fixtures``, and the timeline counter numbers them by time, then
    table name, then order of generation."""
    data = build_fixtures(now=NOW, size=size)
    conn = open_database(None, lambda: stream_fixtures(now=NOW, size=size))
    conn.row_factory = None
    for spec in dataclasses.fields(data):
        rows = getattr(data, spec.name)
        columns = ", ".join(rows[0]) if rows else "*"
        stored = conn.execute(f"SELECT {columns} FROM {spec.name} ORDER BY rowid").fetchall()
        assert stored == [tuple(row.values()) for row in rows], spec.name
    events = sorted(
        (row[column], table, index, row["id"])
        for table, column in (
            ("stage_changes", "occurred_at"),
            ("activities", "occurred_at"),
            ("sent_emails", "sent_at"),
        )
        for index, row in enumerate(getattr(data, table))
    )
    expected = {event[3]: seq for seq, event in enumerate(events, start=1)}
    stored_seq = dict(
        conn.execute(
            "SELECT id, seq FROM stage_changes UNION ALL SELECT id, seq FROM activities "
            "UNION ALL SELECT id, seq FROM sent_emails"
        ).fetchall()
    )
    assert stored_seq == expected
    assert conn.execute("SELECT value FROM meta WHERE key = 'event_seq'").fetchone() == (
        len(events),
    )
