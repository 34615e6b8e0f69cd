"""Leads: the pipeline, stage moves with win/loss automation, timeline, e-mail."""

from __future__ import annotations

import httpx
import pytest
from demo_support import NOW_WIRE, all_companies, error_of

from crm_tui.demo import DEMO_USER_ID, DEMO_USER_NAME
from crm_tui.demo.identity import EMAIL_CONNECTIONS

MISSING = "00000000-0000-4000-8000-00000000dead"
GMAIL_ID = EMAIL_CONNECTIONS[0][0]
OUTLOOK_ID = EMAIL_CONNECTIONS[1][0]


async def leads(client: httpx.AsyncClient, **params: str) -> list[dict]:
    response = await client.get("/leads", params=params)
    assert response.status_code == 200, response.text
    return list(response.json())


async def prospect_with_lead(client: httpx.AsyncClient, stage: str = "proposal") -> dict:
    """A fresh prospect company, a contact there, and an open lead for both."""
    company = (await client.post("/companies", json={"name": "Gamma Prospect"})).json()
    contact = (
        await client.post(
            "/contacts",
            json={
                "firstName": "Gia",
                "lastName": "Moss",
                "email": "gia@gamma.example",
                "companyId": company["id"],
            },
        )
    ).json()
    response = await client.post(
        "/leads",
        json={"title": "Gamma rollout", "stage": stage, "value": 12000, "currency": "eur",
              "contactId": contact["id"]},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    return dict(response.json())


async def timeline(client: httpx.AsyncClient, lead_id: str) -> list[dict]:
    response = await client.get(f"/leads/{lead_id}/timeline")
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_leads_are_newest_first_with_names_filled(client: httpx.AsyncClient) -> None:
    everything = await leads(client)
    assert len(everything) == 45
    created = [lead["createdAt"] for lead in everything]
    assert created == sorted(created, reverse=True)
    for lead in everything:
        assert lead["companyName"] and lead["ownerName"]
        if lead["contactId"]:
            assert lead["contactName"] and "@" in lead["contactEmail"]


async def test_lead_filters(client: httpx.AsyncClient) -> None:
    everything = await leads(client)
    sample = next(lead for lead in everything if lead["contactId"])
    by_company = await leads(client, companyId=sample["companyId"])
    assert by_company == [x for x in everything if x["companyId"] == sample["companyId"]]
    by_contact = await leads(client, contactId=sample["contactId"])
    assert by_contact == [x for x in everything if x["contactId"] == sample["contactId"]]
    assert await leads(client, companyId=MISSING) == []
    assert "'contactId'" in error_of(await client.get("/leads", params={"contactId": "x"}), 400)


async def test_create_lead_defaults_and_links(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client, stage="new")
    assert (lead["stage"], lead["probability"], lead["currency"]) == ("new", 10, "EUR")
    assert lead["companyName"] == "Gamma Prospect"  # taken from the contact
    assert (lead["contactName"], lead["contactEmail"]) == ("Gia Moss", "gia@gamma.example")
    assert (lead["ownerUserId"], lead["ownerName"]) == (DEMO_USER_ID, DEMO_USER_NAME)
    assert lead["closedAt"] is None and lead["createdAt"] == NOW_WIRE
    assert (await leads(client))[0]["id"] == lead["id"]
    plain = (await client.post("/leads", json={"title": "Bare"})).json()
    assert (plain["stage"], plain["companyId"], plain["value"]) == ("new", None, None)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "'title'"),
        ({"title": "  "}, "'title' cannot be blank"),
        ({"title": "X", "stage": "dreaming"}, "stage must be one of"),
        ({"title": "X", "probability": 101}, "'probability'"),
        ({"title": "X", "probability": -1}, "probability cannot be negative"),
        ({"title": "X", "value": -5}, "value cannot be negative"),
        ({"title": "X", "currency": "euro"}, "currency"),
        ({"title": "X", "companyId": MISSING}, "companyId: no company"),
        ({"title": "X", "contactId": MISSING}, "contactId: no contact"),
        ({"title": "X", "expectedCloseDate": "soon"}, "expectedCloseDate must be"),
    ],
)
async def test_create_lead_refuses_bad_bodies(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    assert fragment in error_of(await client.post("/leads", json=body), 400)


async def test_win_stamps_close_and_activates_the_prospect(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    before = (await client.get(f"/companies/{lead['companyId']}")).json()
    assert before["status"] == "prospect"
    response = await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "won"})
    assert response.status_code == 200
    won = response.json()
    assert (won["stage"], won["probability"], won["closedAt"]) == ("won", 100, NOW_WIRE)
    assert (await client.get(f"/leads/{lead['id']}")).json() == won
    after = (await client.get(f"/companies/{lead['companyId']}")).json()
    assert after["status"] == "active"
    entries = await timeline(client, lead["id"])
    assert entries[0]["kind"] == "stage_change"
    assert (entries[0]["fromStage"], entries[0]["toStage"]) == ("proposal", "won")
    assert (entries[0]["userName"], entries[0]["occurredAt"]) == (DEMO_USER_NAME, NOW_WIRE)


async def test_win_leaves_active_and_inactive_companies_alone(client: httpx.AsyncClient) -> None:
    inactive = (await all_companies(client, status="inactive"))[0]
    lead = (
        await client.post("/leads", json={"title": "Comeback", "companyId": inactive["id"]})
    ).json()
    await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "won"})
    company = (await client.get(f"/companies/{inactive['id']}")).json()
    assert company["status"] == "inactive"


async def test_loss_keeps_the_reason_and_reopening_clears_it(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    lost = (
        await client.patch(
            f"/leads/{lead['id']}/stage", json={"stage": "lost", "lostReason": "Price too high"}
        )
    ).json()
    assert (lost["probability"], lost["closedAt"], lost["lostReason"]) == (
        0,
        NOW_WIRE,
        "Price too high",
    )
    entry = (await timeline(client, lead["id"]))[0]
    assert (entry["kind"], entry["toStage"]) == ("stage_change", "lost")
    assert "Price too high" in entry["body"]
    company = (await client.get(f"/companies/{lead['companyId']}")).json()
    assert company["status"] == "prospect"

    reopened = (
        await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "negotiation"})
    ).json()
    assert (reopened["closedAt"], reopened["lostReason"], reopened["probability"]) == (
        None,
        None,
        80,
    )
    stages = [(e["fromStage"], e["toStage"]) for e in await timeline(client, lead["id"])]
    assert stages[:2] == [("lost", "negotiation"), ("proposal", "lost")]


async def test_open_moves_keep_probability_and_log_each_change(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client, stage="new")
    await client.patch(f"/leads/{lead['id']}", json={"probability": 35})
    moved = (await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "qualified"})).json()
    assert (moved["stage"], moved["probability"], moved["closedAt"]) == ("qualified", 35, None)
    assert len(await timeline(client, lead["id"])) == 1


async def test_same_stage_is_a_no_op(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    response = await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "proposal"})
    assert response.status_code == 200
    assert response.json() == lead
    assert await timeline(client, lead["id"]) == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"stage": "dreaming"}, "stage must be one of new, contacted"),
        ({}, "'stage'"),
        ({"stage": ""}, "stage must be one of"),
    ],
)
async def test_bad_stage_moves_are_400(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    lead = (await leads(client))[0]
    response = await client.patch(f"/leads/{lead['id']}/stage", json=body)
    assert fragment in error_of(response, 400)


async def test_patch_lead(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    response = await client.patch(
        f"/leads/{lead['id']}",
        json={
            "title": "Gamma rollout, phase 2",
            "value": 20000.5,
            "expectedCloseDate": "2025-06-30",
        },
    )
    updated = response.json()
    assert (updated["title"], updated["value"], updated["expectedCloseDate"]) == (
        "Gamma rollout, phase 2",
        20000.5,
        "2025-06-30",
    )
    assert updated["stage"] == lead["stage"] and updated["contactId"] == lead["contactId"]
    refused = await client.patch(f"/leads/{lead['id']}", json={"stage": "won"})
    assert "PATCH /leads/{leadId}/stage" in error_of(refused, 400)
    assert "title cannot be null" in error_of(
        await client.patch(f"/leads/{lead['id']}", json={"title": None}), 400
    )


async def test_delete_lead(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    response = await client.delete(f"/leads/{lead['id']}")
    assert response.status_code == 200
    assert response.json() == {"deleted": True, "id": lead["id"]}
    for gone in (
        await client.get(f"/leads/{lead['id']}"),
        await client.get(f"/leads/{lead['id']}/timeline"),
        await client.delete(f"/leads/{lead['id']}"),
        await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "won"}),
    ):
        assert error_of(gone, 404) == f"No lead with id '{lead['id']}'"


async def test_lead_activity_is_linked_and_on_the_timeline(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    response = await client.post(
        f"/leads/{lead['id']}/activities",
        json={"type": "call", "subject": "Pricing call", "body": "Wants 3 sites",
              "dueAt": "2025-03-20T09:00:00Z"},
    )  # fmt: skip
    assert response.status_code == 201
    activity = response.json()
    assert (activity["leadId"], activity["leadTitle"]) == (lead["id"], "Gamma rollout")
    assert (activity["companyId"], activity["contactId"]) == (lead["companyId"], lead["contactId"])
    assert (activity["userName"], activity["occurredAt"]) == (DEMO_USER_NAME, NOW_WIRE)
    assert activity["dueAt"] == "2025-03-20T09:00:00Z"
    entry = (await timeline(client, lead["id"]))[0]
    assert (entry["id"], entry["kind"], entry["type"], entry["subject"], entry["body"]) == (
        activity["id"],
        "activity",
        "call",
        "Pricing call",
        "Wants 3 sites",
    )


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"subject": "No type"}, "'type'"),
        ({"type": " ", "subject": "Blank type"}, "'type' cannot be blank"),
        ({"type": "call"}, "'subject'"),
    ],
)
async def test_lead_activity_needs_type_and_subject(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    lead = (await leads(client))[0]
    response = await client.post(f"/leads/{lead['id']}/activities", json=body)
    assert fragment in error_of(response, 400)


async def test_activity_on_unknown_lead_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/leads/{MISSING}/activities", json={"type": "note", "subject": "x"}
    )
    assert error_of(response, 404) == f"No lead with id '{MISSING}'"


async def test_email_is_recorded_on_the_timeline(client: httpx.AsyncClient) -> None:
    lead = await prospect_with_lead(client)
    response = await client.post(
        "/outbound-email",
        json={"leadId": lead["id"], "connectionId": GMAIL_ID, "channel": "gmail",
              "subject": "Our offer", "htmlBody": "<p>Hello Gia</p>"},
    )  # fmt: skip
    assert response.status_code == 201
    sent = response.json()
    assert (sent["leadId"], sent["status"], sent["sentAt"]) == (lead["id"], "sent", NOW_WIRE)
    # a later stage move with the same (fixed) clock still sorts above the e-mail
    await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "negotiation"})
    entries = await timeline(client, lead["id"])
    assert [e["kind"] for e in entries] == ["stage_change", "email"]
    email = entries[1]
    assert (email["id"], email["subject"], email["body"], email["userName"]) == (
        sent["id"],
        "Our offer",
        "<p>Hello Gia</p>",
        DEMO_USER_NAME,
    )


@pytest.mark.parametrize(
    ("change", "status", "fragment"),
    [
        ({"channel": "outlook"}, 400, "does not match the connection's channel 'gmail'"),
        ({"connectionId": MISSING}, 400, "connectionId: no outbound e-mail connection"),
        ({"leadId": MISSING}, 404, f"No lead with id '{MISSING}'"),
        ({"to": "not-an-address"}, 400, "to is not an e-mail address"),
        ({"subject": ""}, 400, "'subject' cannot be blank"),
        ({"htmlBody": ""}, 400, "'htmlBody' cannot be blank"),
    ],
)
async def test_bad_emails_are_refused(
    client: httpx.AsyncClient, change: dict[str, str], status: int, fragment: str
) -> None:
    lead = await prospect_with_lead(client)
    body = {"leadId": lead["id"], "connectionId": GMAIL_ID, "channel": "gmail",
            "subject": "S", "htmlBody": "<p>B</p>", **change}  # fmt: skip
    assert fragment in error_of(await client.post("/outbound-email", json=body), status)
    assert await timeline(client, lead["id"]) == []


async def test_email_without_recipient_needs_to(client: httpx.AsyncClient) -> None:
    lead = (await client.post("/leads", json={"title": "No contact"})).json()
    body = {"leadId": lead["id"], "connectionId": OUTLOOK_ID, "channel": "outlook",
            "subject": "S", "htmlBody": "<p>B</p>"}  # fmt: skip
    assert "give a recipient" in error_of(await client.post("/outbound-email", json=body), 400)
    body["to"] = "buyer@example.org"
    assert (await client.post("/outbound-email", json=body)).status_code == 201


async def test_fixture_timelines_are_newest_first_and_consistent(
    client: httpx.AsyncClient,
) -> None:
    everything = await leads(client)
    won = next(lead for lead in everything if lead["stage"] == "won")
    entries = await timeline(client, won["id"])
    times = [e["occurredAt"] for e in entries]
    assert times == sorted(times, reverse=True)
    changes = [e for e in entries if e["kind"] == "stage_change"]
    assert changes[0]["toStage"] == "won"
    assert changes[-1]["fromStage"] == "new"
    lost = next(lead for lead in everything if lead["stage"] == "lost")
    assert lost["lostReason"] and lost["closedAt"] and lost["probability"] == 0
    last_change = next(e for e in await timeline(client, lost["id"]) if e["kind"] == "stage_change")
    assert last_change["toStage"] == "lost" and lost["lostReason"] in last_change["body"]
