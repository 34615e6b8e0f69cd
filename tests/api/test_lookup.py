"""Finding out whether a write whose answer never came was done (``crm_tui.api.lookup``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm_tui.api.lookup import CLOCK_SKEW, holds_sent, newest_made_since
from crm_tui.api.models import Company, CompanyCreate, CompanyUpdate, Lead, LeadUpdate

STARTED = datetime(2025, 6, 5, 14, 0, tzinfo=UTC)


def test_a_record_holds_what_was_sent_as_servers_tidy_it() -> None:
    company = Company(id="c-1", name="Acme GmbH", city="Köln", owner_user_id="u-7")
    assert holds_sent(company, CompanyUpdate(name="  acme gmbh ", city="köln"))
    # "me" is stored as the key's user id: it says nothing about whether it was saved.
    assert holds_sent(company, CompanyCreate(name="Acme GmbH", owner_user_id="me"))
    assert not holds_sent(company, CompanyUpdate(city="Bonn"))
    lead = Lead(id="l-1", value=1200.0, currency="EUR")
    assert holds_sent(lead, LeadUpdate(value=1200, currency="eur"))
    assert not holds_sent(lead, LeadUpdate(value=1300))


def made(name: str, created_at: datetime | None, record_id: str | None = None) -> Company:
    return Company(id=record_id or name, name=name, created_at=created_at)


def test_the_newest_match_made_since_the_write_started_is_the_one() -> None:
    sent = CompanyCreate(name="Acme")
    found = newest_made_since(
        [
            made("Acme", STARTED - timedelta(days=300), "old"),
            made("Acme", STARTED + timedelta(seconds=1), "new"),
            made("Other", STARTED + timedelta(seconds=2)),
        ],
        STARTED,
        matches=lambda c: holds_sent(c, sent),
        made_at=lambda c: c.created_at,
    )
    assert found is not None and found.id == "new"


def test_a_server_clock_a_little_behind_and_times_without_a_zone_still_match() -> None:
    behind = (STARTED - CLOCK_SKEW + timedelta(seconds=5)).replace(tzinfo=None)
    records = [made("Acme", behind), made("Acme", STARTED - 2 * CLOCK_SKEW, "too-old")]
    found = newest_made_since(
        records, STARTED, matches=lambda c: c.name == "Acme", made_at=lambda c: c.created_at
    )
    assert found is not None and found.id == "Acme"


def test_without_times_the_content_decides_and_nothing_found_is_none() -> None:
    assert newest_made_since(
        [made("Acme", None)], STARTED, matches=lambda c: True, made_at=lambda c: c.created_at
    )
    assert (
        newest_made_since(
            [made("Acme", STARTED)],
            STARTED,
            matches=lambda c: c.name == "Zeta",
            made_at=lambda c: c.created_at,
        )
        is None
    )
