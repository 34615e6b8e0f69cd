"""Every one of the 29 client methods against the demo backend, in-process.

The assertions are about content: what was written is read back, filters narrow
results and totals, pages page, the win/loss automation does what it says.
The data is the demo's deterministic fixture set; tests look records up by their
properties rather than by hard-coded ids.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from crm_tui.api import Conflict, CrmClient, InvalidRequest, NotFound, NotSupported
from crm_tui.api.models import (
    CLOSED_STAGES,
    COMPANY_STATUSES,
    KNOWN_STAGES,
    ActivityCreate,
    Company,
    CompanyCreate,
    CompanyUpdate,
    ContactCreate,
    ContactUpdate,
    Lead,
    LeadActivityCreate,
    LeadCreate,
    LeadUpdate,
    MembershipCreate,
    MembershipUpdate,
    OutboundEmail,
)

from .conftest import FIXED_NOW

MISSING = "00000000-0000-4000-8000-000000000000"


async def all_companies(client: CrmClient) -> list[Company]:
    return [company async for company in client.iter_companies(page_size=200)]


async def open_lead_with(client: CrmClient, **wanted: Any) -> Lead:
    """An open lead whose fields match ``wanted`` (``company_status`` is the company's)."""
    company_status = wanted.pop("company_status", None)
    statuses = {c.id: c.status for c in await all_companies(client)}
    for lead in await client.list_leads():
        if lead.stage in CLOSED_STAGES or not lead.company_id:
            continue
        if company_status and statuses.get(lead.company_id) != company_status:
            continue
        if all(getattr(lead, key) == value for key, value in wanted.items()):
            return lead
    raise AssertionError(f"the demo has no open lead with {wanted}")


# ----------------------------------------------------------------- dashboard


async def test_get_dashboard_agrees_with_the_records(client: CrmClient) -> None:
    dashboard = await client.get_dashboard()
    leads = await client.list_leads()
    companies = await all_companies(client)

    assert dashboard.pipeline is not None
    by_stage = {summary.stage: summary for summary in dashboard.pipeline}
    assert set(by_stage) >= set(KNOWN_STAGES)
    for stage, count in Counter(lead.stage for lead in leads).items():
        assert by_stage[stage].count == count
        value = sum(lead.value or 0 for lead in leads if lead.stage == stage)
        assert by_stage[stage].value == pytest.approx(value)
    assert dashboard.companies_by_status == dict(Counter(c.status for c in companies))
    won, lost = by_stage["won"].count, by_stage["lost"].count
    assert dashboard.win_rate == pytest.approx(won / (won + lost))
    tasks = await client.list_tasks()
    assert dashboard.open_tasks == sum(1 for task in tasks if task.status != "done")


# ----------------------------------------------------------------- companies


async def test_list_companies_first_page_and_total(client: CrmClient) -> None:
    page = await client.list_companies()
    assert page.page == 1
    assert page.total is not None and page.total >= 30
    assert page.page_size is not None and len(page.items) == min(page.page_size, page.total)
    assert len({company.id for company in page.items}) == len(page.items)


@pytest.mark.parametrize("status", COMPANY_STATUSES)
async def test_list_companies_status_filter_narrows_items_and_total(
    client: CrmClient, status: str
) -> None:
    everything = await client.list_companies(page_size=200)
    page = await client.list_companies(status=status, page_size=200)
    assert page.items, f"the demo has {status} companies"
    assert {company.status for company in page.items} == {status}
    assert page.total == len(page.items) < (everything.total or 0)
    expected = {c.id for c in everything.items if c.status == status}
    assert {c.id for c in page.items} == expected


async def test_list_companies_status_totals_add_up(client: CrmClient) -> None:
    total = (await client.list_companies(page_size=1)).total
    per_status = [
        (await client.list_companies(status=s, page_size=1)).total for s in COMPANY_STATUSES
    ]
    assert sum(t or 0 for t in per_status) == total


async def test_list_companies_owner_filters(client: CrmClient, demo_identity: Any) -> None:
    mine = await client.list_companies(owner_user_id="me", page_size=200)
    assert mine.items
    assert {c.owner_user_id for c in mine.items} == {demo_identity.DEMO_USER_ID}
    by_uuid = await client.list_companies(owner_user_id=demo_identity.DEMO_USER_ID, page_size=200)
    assert [c.id for c in by_uuid.items] == [c.id for c in mine.items]
    unassigned = await client.list_companies(owner_user_id="unassigned", page_size=200)
    assert unassigned.items
    assert {c.owner_user_id for c in unassigned.items} == {None}
    everything = await client.list_companies(page_size=200)
    assert (mine.total or 0) + (unassigned.total or 0) < (everything.total or 0)


async def test_list_companies_search(client: CrmClient) -> None:
    everything = await all_companies(client)
    target = everything[len(everything) // 2]
    fragment = target.name[1:5].upper()
    page = await client.list_companies(q=fragment, page_size=200)
    assert target.id in {c.id for c in page.items}
    assert all(fragment.casefold() in c.name.casefold() for c in page.items)
    assert page.total == len(page.items) < len(everything)
    none = await client.list_companies(q="zzz-no-such-company-zzz")
    assert (none.items, none.total) == ([], 0)


async def test_list_companies_search_treats_wildcards_literally(client: CrmClient) -> None:
    everything = await all_companies(client)
    with_percent = [c for c in everything if "%" in c.name]
    page = await client.list_companies(q="%", page_size=200)
    assert [c.id for c in page.items] == [c.id for c in with_percent]


async def test_list_companies_pages_do_not_overlap(client: CrmClient) -> None:
    first = await client.list_companies(page=1, page_size=10)
    second = await client.list_companies(page=2, page_size=10)
    assert (first.page, second.page, first.page_size) == (1, 2, 10)
    assert len(first.items) == len(second.items) == 10
    assert not {c.id for c in first.items} & {c.id for c in second.items}
    assert first.total == second.total
    assert first.has_next
    last_number = first.page_count
    assert last_number is not None
    last = await client.list_companies(page=last_number, page_size=10)
    assert len(last.items) == (first.total or 0) - 10 * (last_number - 1)
    assert not last.has_next
    beyond = await client.list_companies(page=last_number + 1, page_size=10)
    assert beyond.items == []


async def test_list_companies_legacy_limit(client: CrmClient) -> None:
    page = await client.list_companies(limit=3)
    assert len(page.items) == 3


@pytest.mark.parametrize("page_size", [1, 7, 25, 200])
async def test_iter_companies_yields_every_company_exactly_once(
    client: CrmClient, page_size: int
) -> None:
    total = (await client.list_companies()).total
    before = client.request_count
    ids = [company.id async for company in client.iter_companies(page_size=page_size)]
    assert len(ids) == len(set(ids)) == total
    assert client.request_count - before == max(1, -(-(total or 0) // page_size))


async def test_iter_companies_honours_filters(client: CrmClient) -> None:
    prospects = await client.list_companies(status="prospect", page_size=200)
    ids = [c.id async for c in client.iter_companies(status="prospect", page_size=3)]
    assert ids == [c.id for c in prospects.items]


async def test_create_company_then_get_returns_the_same_fields(
    client: CrmClient, demo_identity: Any
) -> None:
    body = CompanyCreate(
        name="Quayside Robotics",
        status="prospect",
        owner_user_id=demo_identity.DEMO_USER_ID,
        domain="quayside-robotics.example",
        industry="Manufacturing",
        phone="+44 117 496 0000",
        email="hello@quayside-robotics.example",
        city="Bristol",
        country="GB",
        notes="Met at the trade fair.",
    )
    created = await client.create_company(body)
    fetched = await client.get_company(created.id)
    sent = body.model_dump(exclude_unset=True)
    for model in (created, fetched):
        assert model.model_dump(include=set(sent)) == sent
        assert model.owner_name == demo_identity.DEMO_USER_NAME
        assert model.created_at == FIXED_NOW
    found = await client.list_companies(q="Quayside")
    assert [c.id for c in found.items] == [created.id]


async def test_update_company_changes_only_what_was_sent(client: CrmClient) -> None:
    before = (await client.list_companies(status="prospect", page_size=1)).items[0]
    updated = await client.update_company(before.id, CompanyUpdate(city="Utrecht", status="active"))
    assert (updated.city, updated.status) == ("Utrecht", "active")
    fetched = await client.get_company(before.id)
    assert fetched.model_dump(exclude={"city", "status", "updated_at"}) == before.model_dump(
        exclude={"city", "status", "updated_at"}
    )
    assert (fetched.city, fetched.status, fetched.updated_at) == ("Utrecht", "active", FIXED_NOW)


async def test_list_company_contacts_matches_the_contacts_filter(client: CrmClient) -> None:
    contacts = await client.list_contacts()
    company_id = Counter(c.company_id for c in contacts if c.company_id).most_common(1)[0][0]
    linked = await client.list_company_contacts(company_id)
    assert len(linked) >= 2
    filtered = await client.list_contacts(company_id=company_id)
    assert [c.id for c in linked] == [c.id for c in filtered]
    for contact in linked:
        memberships = await client.list_memberships(contact.id)
        assert company_id in {m.company_id for m in memberships}


# ------------------------------------------------------------------ contacts


async def test_list_contacts_all_and_by_company(client: CrmClient) -> None:
    everyone = await client.list_contacts()
    assert len(everyone) >= 40
    assert len({c.id for c in everyone}) == len(everyone)
    company_id = next(c.company_id for c in everyone if c.company_id)
    some = await client.list_contacts(company_id=company_id)
    assert 0 < len(some) < len(everyone)
    assert {c.id for c in some} <= {c.id for c in everyone}


async def test_create_contact_then_get_returns_the_same_fields(client: CrmClient) -> None:
    company = (await client.list_companies(page_size=1)).items[0]
    body = ContactCreate(
        first_name="Ines",
        last_name="Okafor",
        email="ines.okafor@example.org",
        phone="+31 20 555 0101",
        title="Procurement Lead",
        company_id=company.id,
        notes="Prefers e-mail.",
    )
    created = await client.create_contact(body)
    fetched = await client.get_contact(created.id)
    sent = body.model_dump(exclude_unset=True)
    for model in (created, fetched):
        assert model.model_dump(include=set(sent)) == sent
        assert model.company_name == company.name
        assert model.display_name == "Ines Okafor"
    [membership] = await client.list_memberships(created.id)
    assert (membership.company_id, membership.is_primary) == (company.id, True)
    assert created.id in {c.id for c in await client.list_company_contacts(company.id)}


async def test_update_contact_changes_only_what_was_sent(client: CrmClient) -> None:
    before = (await client.list_contacts())[3]
    updated = await client.update_contact(before.id, ContactUpdate(title="Chief of Staff"))
    assert updated.title == "Chief of Staff"
    fetched = await client.get_contact(before.id)
    keep = {"first_name", "last_name", "email", "phone", "company_id"}
    assert fetched.model_dump(include=keep) == before.model_dump(include=keep)


async def test_delete_contact_is_not_supported(client: CrmClient) -> None:
    contact = (await client.list_contacts())[0]
    with pytest.raises(NotSupported) as caught:
        await client.delete_contact(contact.id)
    assert caught.value.status == 405
    assert caught.value.message == "Deleting contacts is not supported by the Axiomatic CRM API"
    assert (await client.get_contact(contact.id)).id == contact.id


async def test_memberships_add_update_list_remove(client: CrmClient) -> None:
    contact = (await client.list_contacts())[0]
    before = await client.list_memberships(contact.id)
    linked = {m.company_id for m in before}
    other = next(c for c in await all_companies(client) if c.id not in linked)

    added = await client.add_membership(
        contact.id, MembershipCreate(company_id=other.id, role="Advisor")
    )
    assert (added.contact_id, added.company_id, added.company_name) == (
        contact.id,
        other.id,
        other.name,
    )
    assert (added.role, added.is_primary) == ("Advisor", False)
    assert added.started_on == FIXED_NOW.date()
    assert {m.id for m in await client.list_memberships(contact.id)} == {
        *(m.id for m in before),
        added.id,
    }

    with pytest.raises(Conflict):
        await client.add_membership(contact.id, MembershipCreate(company_id=other.id))

    updated = await client.update_membership(
        contact.id, added.id, MembershipUpdate(role="Board member", is_primary=True)
    )
    assert (updated.role, updated.is_primary) == ("Board member", True)
    assert (await client.get_contact(contact.id)).company_id == other.id
    others = [m for m in await client.list_memberships(contact.id) if m.id != added.id]
    assert not any(m.is_primary for m in others)

    await client.remove_membership(contact.id, added.id)
    after = await client.list_memberships(contact.id)
    assert added.id not in {m.id for m in after}
    with pytest.raises(NotFound):
        await client.remove_membership(contact.id, added.id)


# --------------------------------------------------------------------- leads


async def test_list_leads_filters_narrow(client: CrmClient) -> None:
    leads = await client.list_leads()
    assert len(leads) >= 20
    assert set(KNOWN_STAGES) <= {lead.stage for lead in leads}
    company_id = Counter(lead.company_id for lead in leads).most_common(1)[0][0]
    assert company_id is not None
    by_company = await client.list_leads(company_id=company_id)
    assert {lead.id for lead in by_company} == {x.id for x in leads if x.company_id == company_id}
    contact_id = next(lead.contact_id for lead in leads if lead.contact_id)
    by_contact = await client.list_leads(contact_id=contact_id)
    assert by_contact
    assert {lead.contact_id for lead in by_contact} == {contact_id}
    assert len(by_contact) < len(leads)


async def test_create_lead_then_get_returns_the_same_fields(client: CrmClient) -> None:
    contact = next(c for c in await client.list_contacts() if c.company_id)
    body = LeadCreate(
        title="Fleet telematics pilot",
        stage="qualified",
        value=48000,
        currency="EUR",
        probability=40,
        company_id=contact.company_id,
        contact_id=contact.id,
        owner_user_id="me",
        notes="Pilot for 20 vans.",
    )
    created = await client.create_lead(body)
    fetched = await client.get_lead(created.id)
    for lead in (created, fetched):
        assert (lead.title, lead.stage, lead.value, lead.currency, lead.probability) == (
            "Fleet telematics pilot",
            "qualified",
            48000,
            "EUR",
            40,
        )
        assert (lead.company_id, lead.contact_id) == (contact.company_id, contact.id)
        assert lead.contact_name == contact.display_name
        assert lead.closed_at is None
        assert lead.created_at == FIXED_NOW
        assert lead.weighted_value == pytest.approx(19200)
    assert created.id in {lead.id for lead in await client.list_leads()}


async def test_update_lead_changes_only_what_was_sent(client: CrmClient) -> None:
    before = await open_lead_with(client)
    updated = await client.update_lead(before.id, LeadUpdate(value=12345.5, probability=35))
    assert (updated.value, updated.probability) == (12345.5, 35)
    fetched = await client.get_lead(before.id)
    keep = {"title", "stage", "company_id", "contact_id", "currency"}
    assert fetched.model_dump(include=keep) == before.model_dump(include=keep)
    assert (fetched.value, fetched.probability) == (12345.5, 35)


async def test_delete_lead(client: CrmClient) -> None:
    lead = await client.create_lead(LeadCreate(title="Short-lived"))
    await client.delete_lead(lead.id)
    with pytest.raises(NotFound):
        await client.get_lead(lead.id)
    assert lead.id not in {x.id for x in await client.list_leads()}
    with pytest.raises(NotFound):
        await client.delete_lead(lead.id)


async def test_move_to_won_runs_the_win_automation(client: CrmClient) -> None:
    lead = await open_lead_with(client, company_status="prospect")
    assert lead.company_id is not None
    moved = await client.move_lead_stage(lead.id, "won")
    assert moved.stage == "won"
    assert moved.probability == 100
    assert moved.closed_at == FIXED_NOW
    assert (await client.get_company(lead.company_id)).status == "active"
    assert (await client.get_lead(lead.id)).model_dump() == moved.model_dump()

    latest = (await client.get_timeline(lead.id))[0]
    assert (latest.kind, latest.from_stage, latest.to_stage) == ("stage_change", lead.stage, "won")
    assert latest.occurred_at == FIXED_NOW


async def test_move_to_lost_keeps_the_reason_and_reopening_clears_it(client: CrmClient) -> None:
    lead = await open_lead_with(client)
    lost = await client.move_lead_stage(lead.id, "lost", lost_reason="Chose a competitor")
    assert (lost.stage, lost.probability, lost.closed_at) == ("lost", 0, FIXED_NOW)
    assert lost.lost_reason == "Chose a competitor"
    latest = (await client.get_timeline(lead.id))[0]
    assert (latest.kind, latest.to_stage) == ("stage_change", "lost")
    assert latest.body is not None and "Chose a competitor" in latest.body

    reopened = await client.move_lead_stage(lead.id, "negotiation")
    assert reopened.stage == "negotiation"
    assert (reopened.closed_at, reopened.lost_reason) == (None, None)
    timeline = await client.get_timeline(lead.id)
    assert [(t.from_stage, t.to_stage) for t in timeline[:2]] == [
        ("lost", "negotiation"),
        (lead.stage, "lost"),
    ]


async def test_move_to_an_unknown_stage_is_refused(client: CrmClient) -> None:
    lead = await open_lead_with(client)
    with pytest.raises(InvalidRequest) as caught:
        await client.move_lead_stage(lead.id, "on_hold")
    assert "stage" in caught.value.message
    assert (await client.get_lead(lead.id)).stage == lead.stage


async def test_timeline_is_newest_first_and_mixes_kinds(client: CrmClient) -> None:
    kinds: Counter[str] = Counter()
    for lead in (await client.list_leads())[:15]:
        timeline = await client.get_timeline(lead.id)
        stamps = [entry.occurred_at for entry in timeline]
        assert all(stamps), "every entry has a time"
        assert stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]
        kinds.update(entry.kind for entry in timeline)
    assert {"activity", "stage_change", "email"} <= set(kinds)


async def test_add_lead_activity_lands_on_timeline_and_activity_log(client: CrmClient) -> None:
    lead = await open_lead_with(client)
    activity = await client.add_lead_activity(
        lead.id, LeadActivityCreate(type="call", subject="Discovery call", body="Went well.")
    )
    assert (activity.type, activity.subject, activity.body) == (
        "call",
        "Discovery call",
        "Went well.",
    )
    assert (activity.lead_id, activity.company_id) == (lead.id, lead.company_id)
    assert activity.when == FIXED_NOW
    latest = (await client.get_timeline(lead.id))[0]
    assert (latest.kind, latest.type, latest.subject) == ("activity", "call", "Discovery call")
    logged = await client.list_activities(company_id=lead.company_id)
    assert activity.id in {a.id for a in logged}


# ---------------------------------------------------------------- activities


async def test_list_activities_filters_narrow(client: CrmClient) -> None:
    everything = await client.list_activities()
    assert len(everything) >= 50
    assert {a.type for a in everything} >= {"call", "email", "meeting", "note"}
    company_id = Counter(a.company_id for a in everything if a.company_id).most_common(1)[0][0]
    by_company = await client.list_activities(company_id=company_id)
    assert {a.id for a in by_company} == {a.id for a in everything if a.company_id == company_id}
    contact_id = next(a.contact_id for a in everything if a.contact_id)
    by_contact = await client.list_activities(contact_id=contact_id)
    assert by_contact and {a.contact_id for a in by_contact} == {contact_id}


async def test_create_activity_fills_links_from_the_contact(client: CrmClient) -> None:
    contact = next(c for c in await client.list_contacts() if c.company_id)
    created = await client.create_activity(
        ActivityCreate(type="meeting", subject="Site visit", contact_id=contact.id)
    )
    assert (created.type, created.subject) == ("meeting", "Site visit")
    assert (created.contact_id, created.company_id) == (contact.id, contact.company_id)
    assert created.when == FIXED_NOW
    newest = (await client.list_activities(contact_id=contact.id))[0]
    assert newest.id == created.id


# --------------------------------------------------------------------- tasks


async def test_list_tasks_filters(client: CrmClient, demo_identity: Any) -> None:
    tasks = await client.list_tasks()
    assert len(tasks) >= 10
    for status in ("todo", "in_progress", "done"):
        some = await client.list_tasks(status=status)
        assert {t.id for t in some} == {t.id for t in tasks if t.status == status}
    project_id = demo_identity.PROJECTS[0][0]
    in_project = await client.list_tasks(project_id=project_id)
    assert in_project and {t.project_id for t in in_project} == {project_id}
    assert {t.project_name for t in in_project} == {demo_identity.PROJECTS[0][1]}


# --------------------------------------------------------------------- email


async def test_list_email_connections(client: CrmClient, demo_identity: Any) -> None:
    connections = await client.list_email_connections()
    assert {(c.id, c.channel, c.email) for c in connections} == {
        (cid, channel, email) for cid, channel, email, _ in demo_identity.EMAIL_CONNECTIONS
    }


async def test_send_outbound_email_is_recorded_on_the_timeline(
    client: CrmClient, demo_identity: Any
) -> None:
    lead = next(x for x in await client.list_leads() if x.contact_email)
    connection_id, channel, _, _ = demo_identity.EMAIL_CONNECTIONS[0]
    sent = await client.send_outbound_email(
        OutboundEmail(
            lead_id=lead.id,
            connection_id=connection_id,
            channel=channel,
            subject="Your proposal",
            html_body="<p>Please find the proposal attached.</p>",
        )
    )
    assert sent is not None
    assert (sent.lead_id, sent.status, sent.sent_at) == (lead.id, "sent", FIXED_NOW)
    assert client.request_count == 2
    latest = (await client.get_timeline(lead.id))[0]
    assert (latest.kind, latest.subject) == ("email", "Your proposal")


async def test_send_outbound_email_with_a_mismatched_channel_is_refused(
    client: CrmClient, demo_identity: Any
) -> None:
    lead = next(x for x in await client.list_leads() if x.contact_email)
    connection_id = demo_identity.EMAIL_CONNECTIONS[0][0]
    with pytest.raises(InvalidRequest, match="channel"):
        await client.send_outbound_email(
            OutboundEmail(
                lead_id=lead.id,
                connection_id=connection_id,
                channel="carrier-pigeon",
                subject="Hi",
                html_body="<p>Hi</p>",
            )
        )


# ----------------------------------------------------------------- marketing


async def test_add_to_marketing_list_reports_added_and_already_present(
    client: CrmClient, demo_identity: Any
) -> None:
    list_id = demo_identity.WEBINAR_LIST_ID
    ids = [c.id for c in (await client.list_companies(page_size=4)).items]
    first = await client.add_to_marketing_list(list_id, ids)
    assert first.list_id == list_id
    assert first.added + first.already_present == 4
    again = await client.add_to_marketing_list(list_id, ids)
    assert (again.added, again.already_present) == (0, 4)

    fresh = await client.create_company(CompanyCreate(name="Newcomer Ltd"))
    mixed = await client.add_to_marketing_list(list_id, [fresh.id, *ids[:2], fresh.id])
    assert (mixed.added, mixed.already_present) == (1, 2)


async def test_add_to_an_unknown_marketing_list_is_not_found(client: CrmClient) -> None:
    company = (await client.list_companies(page_size=1)).items[0]
    with pytest.raises(NotFound) as caught:
        await client.add_to_marketing_list(MISSING, [company.id])
    assert MISSING in caught.value.message


# --------------------------------------------------------------------- reads


@pytest.mark.parametrize(
    "call",
    [
        "get_company",
        "get_contact",
        "get_lead",
        "get_timeline",
        "list_memberships",
        "list_company_contacts",
    ],
)
async def test_unknown_ids_are_not_found_with_the_servers_message(
    client: CrmClient, call: str
) -> None:
    with pytest.raises(NotFound) as caught:
        await getattr(client, call)(MISSING)
    assert caught.value.status == 404
    assert MISSING in caught.value.message
    assert client.request_count == 1  # a 404 is final: not retried
