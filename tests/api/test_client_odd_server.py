"""The client against a server that answers the odd ways others do (``tests/odd_server.py``).

Lists in other envelopes, records that do not fit, writes answered with less than a
record, and writes whose answer is lost after the server did them.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from crm_tui.api import CrmClient, NetworkError, OutcomeUnknown, UnexpectedResponse
from crm_tui.api.models import (
    CompanyCreate,
    CompanyUpdate,
    LeadActivityCreate,
    MembershipCreate,
    MembershipUpdate,
    OutboundEmail,
)
from crm_tui.demo.identity import DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID, EMAIL_CONNECTIONS
from odd_server import ENVELOPES, HTML_PAGE, KEY_FORMS, OddServer, key_form

#: The demo's default data: 40 companies.
COMPANIES = 40


async def first_lead_with_contact(client: CrmClient) -> Any:
    return next(lead for lead in await client.list_leads() if lead.contact_email)


# ------------------------------------------------------------------ paging


@pytest.mark.parametrize("envelope", ENVELOPES)
async def test_iter_companies_reaches_every_company_in_each_envelope(
    odd_server: OddServer, odd_client: CrmClient, envelope: str
) -> None:
    odd_server.envelope = envelope
    seen = [company.id async for company in odd_client.iter_companies(page_size=15)]
    assert len(seen) == len(set(seen)) == COMPANIES


@pytest.mark.parametrize(
    ("envelope", "total", "pages"),
    [
        ("demo", COMPANIES, 3),
        ("data+pagination", COMPANIES, 3),
        ("items+total", COMPANIES, 3),
        ("meta", COMPANIES, 3),
        ("hasMore", None, None),
        ("next", None, None),
        ("none", None, None),
    ],
)
async def test_a_page_says_what_the_envelope_says(
    odd_server: OddServer,
    odd_client: CrmClient,
    envelope: str,
    total: int | None,
    pages: int | None,
) -> None:
    odd_server.envelope = envelope
    first = await odd_client.list_companies(page=1, page_size=15)
    last = await odd_client.list_companies(page=3, page_size=15)
    assert (first.page, first.total, first.page_count) == (1, total, pages)
    assert len(first.items) == 15 and first.has_next
    assert last.page == 3 and len(last.items) == COMPANIES - 30
    # Paging metadata says it is the end; without any, a page not full does.
    assert not last.has_next


async def test_without_paging_metadata_an_empty_next_page_is_the_end(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    odd_server.envelope = "none"
    full = await odd_client.list_companies(page=2, page_size=20)
    assert len(full.items) == 20 and full.has_next  # full: there may be more
    past = await odd_client.list_companies(page=3, page_size=20)
    assert past.items == [] and not past.has_next


@pytest.mark.parametrize("envelope", ENVELOPES)
async def test_every_other_list_reads_in_each_envelope(
    odd_server: OddServer, odd_client: CrmClient, envelope: str
) -> None:
    odd_server.envelope = envelope
    leads = await odd_client.list_leads()
    assert len(leads) == 45
    assert len(await odd_client.list_contacts()) == 80
    assert len(await odd_client.get_timeline(leads[0].id)) >= 1
    assert len(await odd_client.list_email_connections()) == len(EMAIL_CONNECTIONS)


# ---------------------------------------------------------- odd records


@pytest.mark.parametrize(
    ("method", "path", "field", "read"),
    [
        ("list_companies", "/companies$", "name", lambda r: r.name),
        ("list_leads", "/leads$", "title", lambda r: r.title),
        ("list_activities", "/activities$", "subject", lambda r: r.subject),
        ("list_tasks", "/tasks$", "title", lambda r: r.title),
    ],
)
@pytest.mark.parametrize("spoilt", [None, "missing"])
async def test_a_record_with_a_null_or_missing_name_is_kept(
    odd_server: OddServer,
    odd_client: CrmClient,
    method: str,
    path: str,
    field: str,
    read: Any,
    spoilt: str | None,
) -> None:
    if spoilt is None:
        odd_server.spoil(field, None, path=path, index=1)
    else:
        odd_server.spoil(field, path=path, index=1)
    told: list[tuple[str, int]] = []
    odd_client.add_unreadable_listener(lambda what, count: told.append((what, count)))
    answer = await getattr(odd_client, method)()
    records = answer.items if hasattr(answer, "items") else answer
    assert read(records[1]) == ""
    assert all(read(record) for record in records[:1] + records[2:])
    assert told == []


async def test_unknown_enum_values_and_extra_fields_are_kept_as_sent(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    odd_server.spoil("status", "archived", path="/companies$")
    odd_server.spoil("loyaltyTier", {"level": 3}, path="/companies$", index=None)
    odd_server.spoil("stage", "on_hold", path="/leads$")
    page = await odd_client.list_companies()
    assert page.items[0].status == "archived"
    assert all(company.model_extra == {"loyaltyTier": {"level": 3}} for company in page.items)
    assert (await odd_client.list_leads())[0].stage == "on_hold"


async def test_fields_of_the_wrong_type_are_left_unknown_the_rest_is_read(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    odd_server.spoil("value", "a lot", path="/leads$", index=2)
    odd_server.spoil("createdAt", "yesterday", path="/leads$", index=2)
    odd_server.spoil("isPrimary", {"yes": True}, path="/company-memberships$")
    leads = await odd_client.list_leads()
    assert leads[2].value is None and leads[2].created_at is None
    assert leads[2].title and leads[2].stage
    contact = next(c for c in await odd_client.list_contacts() if c.company_id)
    [*memberships] = await odd_client.list_memberships(contact.id)
    assert memberships[0].is_primary is False and memberships[0].company_id


async def test_a_record_without_an_id_is_left_out_and_counted(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    odd_server.spoil("id", path="/companies$", index=3)
    odd_server.spoil("id", None, path="/leads$", index=0)
    told: list[tuple[str, int]] = []
    odd_client.add_unreadable_listener(lambda what, count: told.append((what, count)))
    page = await odd_client.list_companies(page_size=10)
    assert len(page.items) == 9 and page.unreadable == 1
    assert page.has_next  # the one left out still counts toward a full page
    leads = await odd_client.list_leads()
    assert len(leads) == 44
    assert told == [("companies", 1), ("leads", 1)]


async def test_a_dashboard_keeps_the_recent_activities_it_can_read(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    plain = await odd_client.get_dashboard()
    odd_server.spoil(
        "recentActivity",
        [{"subject": "no id"}, {"id": "a-1", "subject": None}],
        path="/dashboard",
        index=None,
    )
    odd_server.spoil("openTasks", "many", path="/dashboard", index=None)
    dashboard = await odd_client.get_dashboard()
    assert [a.id for a in dashboard.recent_activity or []] == ["a-1"]
    assert dashboard.open_tasks is None and dashboard.pipeline == plain.pipeline


@pytest.mark.parametrize("call", ["list_companies", "list_leads", "get_company"])
async def test_html_instead_of_json_is_an_error(
    odd_server: OddServer, odd_client: CrmClient, call: str
) -> None:
    companies = await odd_client.list_companies()
    odd_server.answer_html()
    calls = {
        "list_companies": odd_client.list_companies,
        "list_leads": odd_client.list_leads,
        "get_company": lambda: odd_client.get_company(companies.items[0].id),
    }
    with pytest.raises(UnexpectedResponse) as caught:
        await calls[call]()
    assert "not JSON" in caught.value.message


# ------------------------------------------------------------------ writes


async def test_update_membership_succeeds_on_204_without_a_body(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    contact = next(c for c in await odd_client.list_contacts() if c.company_id)
    [membership, *_] = await odd_client.list_memberships(contact.id)
    odd_server.answer_writes("empty", path="/company-memberships")
    updated = await odd_client.update_membership(
        contact.id, membership.id, MembershipUpdate(role="Chief buyer")
    )
    # Read again: the record as the server holds it.
    assert updated.id == membership.id and updated.role == "Chief buyer"
    assert updated.company_name == membership.company_name


async def test_add_membership_succeeds_on_201_with_only_an_id(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    contact = next(c for c in await odd_client.list_contacts() if c.company_id)
    held = {m.company_id for m in await odd_client.list_memberships(contact.id)}
    company = next(c for c in (await odd_client.list_companies()).items if c.id not in held)
    odd_server.answer_writes("id-only", path="/company-memberships")
    added = await odd_client.add_membership(
        contact.id, MembershipCreate(company_id=company.id, role="Advisor", is_primary=False)
    )
    assert added.id and added.company_id == company.id
    assert added.company_name == company.name and added.role == "Advisor"


async def test_send_outbound_email_succeeds_on_200_without_an_id(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    lead = await first_lead_with_contact(odd_client)
    odd_server.answer_writes("no-id", path="/outbound-email")
    sent = await odd_client.send_outbound_email(email_to(lead.id, "No id in the answer"))
    assert sent is None
    subjects = [e.subject for e in await odd_client.get_timeline(lead.id) if e.kind == "email"]
    assert subjects.count("No id in the answer") == 1


@pytest.mark.parametrize("form", ["empty", "id-only", "no-id", "html"])
async def test_any_2xx_to_a_write_is_a_success(
    odd_server: OddServer, odd_client: CrmClient, form: str
) -> None:
    company = (await odd_client.list_companies()).items[0]
    odd_server.answer_writes(form, path="/companies")
    updated = await odd_client.update_company(company.id, CompanyUpdate(city="Lisbon"))
    assert updated.id == company.id and updated.city == "Lisbon"
    assert updated.name == company.name  # read again, not made up from what was sent
    created = await odd_client.create_company(CompanyCreate(name=f"Odd answer {form}"))
    assert created.name == f"Odd answer {form}"
    if form == "id-only":
        assert created.id and created.status == "prospect"  # read again by its id
    page = await odd_client.list_companies(q=f"Odd answer {form}")
    assert [c.name for c in page.items] == [f"Odd answer {form}"]


async def test_a_created_activity_answered_with_an_id_only_holds_what_was_sent(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    lead = (await odd_client.list_leads())[0]
    odd_server.answer_writes("id-only", path="/activities")
    activity = await odd_client.add_lead_activity(
        lead.id, LeadActivityCreate(type="call", subject="Quick call")
    )
    assert activity.id and activity.subject == "Quick call" and activity.lead_id == lead.id


# ----------------------------------------------------------- lost answers


def email_to(lead_id: str, subject: str) -> OutboundEmail:
    connection_id, channel, _, _ = EMAIL_CONNECTIONS[0]
    return OutboundEmail(
        lead_id=lead_id,
        connection_id=connection_id,
        channel=channel,
        subject=subject,
        html_body="<p>Hello</p>",
    )


@pytest.mark.parametrize("how", ["reset", "timeout", "502", "504"])
async def test_an_email_whose_answer_is_lost_is_of_unknown_outcome_and_was_sent_once(
    odd_server: OddServer, odd_client: CrmClient, how: str
) -> None:
    lead = await first_lead_with_contact(odd_client)
    odd_server.lose_answer("/outbound-email", how=how)
    with pytest.raises(OutcomeUnknown) as caught:
        await odd_client.send_outbound_email(email_to(lead.id, f"Lost {how}"))
    assert "may have" in caught.value.message
    assert odd_server.requests.count("POST /api/crm/outbound-email") == 1
    subjects = [e.subject for e in await odd_client.get_timeline(lead.id)]
    assert subjects.count(f"Lost {how}") == 1  # the server did send it


async def test_a_stage_move_whose_answer_is_lost_was_applied(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    lead = next(lead for lead in await odd_client.list_leads() if lead.stage == "negotiation")
    odd_server.lose_answer("/stage$", method="PATCH", how="timeout")
    with pytest.raises(OutcomeUnknown):
        await odd_client.move_lead_stage(lead.id, "won")
    assert (await odd_client.get_lead(lead.id)).stage == "won"


async def test_a_read_whose_answer_is_lost_is_a_network_error_not_an_unknown_outcome(
    odd_server: OddServer, odd_client: CrmClient
) -> None:
    odd_server.lose_answer("/companies$", method="GET", how="reset")
    with pytest.raises(NetworkError) as caught:
        await odd_client.list_companies()
    assert not isinstance(caught.value, OutcomeUnknown)


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("no route")],
    ids=["refused", "connect-timeout"],
)
async def test_a_write_that_never_left_is_not_sent_rather_than_unknown(
    odd_server: OddServer, failure: Exception
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise failure

    client = CrmClient(
        base_url=DEMO_BASE_URL,
        api_key=DEMO_API_KEY,
        entity_id=DEMO_ENTITY_ID,
        transport=httpx.MockTransport(refuse),
    )
    async with client:
        with pytest.raises(NetworkError) as caught:
            await client.create_company(CompanyCreate(name="Never sent"))
    assert not isinstance(caught.value, OutcomeUnknown)


# ------------------------------------------------ the server's own options


async def test_hostile_text_reaches_every_text_field_and_error_message(
    odd_server: OddServer,
) -> None:
    odd_server.hostile = "\x1b[2J[bold]x[/]"
    async with httpx.AsyncClient(transport=odd_server.transport, base_url=DEMO_BASE_URL) as http:
        params = {"entityId": DEMO_ENTITY_ID}
        headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
        page = (await http.get("/api/crm/companies", params=params, headers=headers)).json()
        missing = await http.get("/api/crm/companies/nope", params=params, headers=headers)
    company = page["items"][0]
    assert company["name"].endswith(odd_server.hostile)
    assert company["city"].endswith(odd_server.hostile)
    assert not company["id"].endswith(odd_server.hostile)
    assert missing.json()["error"].endswith(odd_server.hostile)


@pytest.mark.parametrize("form", KEY_FORMS)
async def test_error_messages_echo_the_key_in_the_form_asked(
    odd_server: OddServer, form: str
) -> None:
    odd_server.echo_key = form
    odd_server.fail(401, "Unknown API key")
    async with httpx.AsyncClient(transport=odd_server.transport, base_url=DEMO_BASE_URL) as http:
        answer = await http.get(
            "/api/crm/companies",
            params={"entityId": DEMO_ENTITY_ID},
            headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
        )
    assert answer.status_code == 401
    assert key_form(DEMO_API_KEY, form) in answer.json()["error"]
    assert key_form(DEMO_API_KEY, "base64") == base64.b64encode(DEMO_API_KEY.encode()).decode()


async def test_html_answers_are_an_html_page(odd_server: OddServer) -> None:
    odd_server.answer_html(path="/tasks")
    async with httpx.AsyncClient(transport=odd_server.transport, base_url=DEMO_BASE_URL) as http:
        answer = await http.get("/api/crm/tasks")
    assert answer.content == HTML_PAGE and answer.headers["content-type"] == "text/html"


def test_an_envelope_inside_an_envelope_and_a_page_longer_than_asked_are_read() -> None:
    from crm_tui.api.models import Company
    from crm_tui.api.parsing import parse_page

    nested = {"data": {"items": [{"id": "a"}], "total": 31, "pageSize": 10}}
    page = parse_page(Company, nested, what="companies", requested_size=10)
    assert [c.id for c in page.items] == ["a"] and page.page_count == 4
    everything = [{"id": str(n)} for n in range(30)]
    page = parse_page(Company, everything, what="companies", requested_size=10)
    assert len(page.items) == 30 and not page.has_next  # the server does not page
