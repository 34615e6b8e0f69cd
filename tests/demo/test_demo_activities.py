"""Activities, tasks, e-mail connections, marketing lists and the dashboard."""

from __future__ import annotations

import importlib
from collections import Counter

import httpx
import pytest
from demo_support import NOW, NOW_WIRE, all_companies, error_of

from crm_tui import collector
from crm_tui.api.models import ACTIVITY_TYPES, KNOWN_STAGES, Activity, Dashboard
from crm_tui.demo import DEMO_USER_NAME
from crm_tui.demo.fixtures import build_fixtures
from crm_tui.demo.identity import NEWSLETTER_LIST_ID, PROJECTS, WEBINAR_LIST_ID
from crm_tui.demo.repo.activity_rows import wire_timestamp
from crm_tui.demo.times import db_timestamp

MISSING = "00000000-0000-4000-8000-00000000dead"


async def test_activities_are_newest_first_with_names(client: httpx.AsyncClient) -> None:
    activities = (await client.get("/activities")).json()
    assert len(activities) == 120
    times = [a["occurredAt"] for a in activities]
    assert times == sorted(times, reverse=True)
    assert {a["type"] for a in activities} == {"call", "email", "meeting", "note", "task"}
    for activity in activities:
        assert activity["userName"]
        assert (activity["companyId"] is None) == (activity["companyName"] is None)
        assert (activity["leadId"] is None) == (activity["leadTitle"] is None)
        assert (activity["contactId"] is None) == (activity["contactName"] is None)


async def test_activity_filters(client: httpx.AsyncClient) -> None:
    activities = (await client.get("/activities")).json()
    sample = next(a for a in activities if a["contactId"])
    by_company = (await client.get("/activities", params={"companyId": sample["companyId"]})).json()
    assert by_company == [a for a in activities if a["companyId"] == sample["companyId"]]
    both = (
        await client.get(
            "/activities",
            params={"companyId": sample["companyId"], "contactId": sample["contactId"]},
        )
    ).json()
    assert both == [
        a
        for a in activities
        if a["companyId"] == sample["companyId"] and a["contactId"] == sample["contactId"]
    ]


async def test_create_activity_fills_links_from_the_lead(client: httpx.AsyncClient) -> None:
    lead = next(x for x in (await client.get("/leads")).json() if x["contactId"])
    response = await client.post(
        "/activities", json={"type": "site-visit", "subject": "Walked the warehouse",
                             "leadId": lead["id"]}
    )  # fmt: skip
    assert response.status_code == 201
    activity = response.json()
    assert activity["type"] == "site-visit"  # types are open strings
    assert (activity["companyId"], activity["contactId"]) == (lead["companyId"], lead["contactId"])
    assert (activity["userName"], activity["occurredAt"]) == (DEMO_USER_NAME, NOW_WIRE)
    assert (await client.get("/activities")).json()[0] == activity


async def test_create_activity_fills_company_from_the_contact(client: httpx.AsyncClient) -> None:
    contact = next(c for c in (await client.get("/contacts")).json() if c["companyId"])
    activity = (
        await client.post(
            "/activities", json={"type": "note", "subject": "Met", "contactId": contact["id"]}
        )
    ).json()
    assert (activity["companyId"], activity["companyName"]) == (
        contact["companyId"],
        contact["companyName"],
    )
    assert activity["leadId"] is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"subject": "x"}, "'type'"),
        ({"type": "call"}, "'subject'"),
        ({"type": "call", "subject": "x", "leadId": MISSING}, "leadId: no lead"),
        ({"type": "call", "subject": "x", "contactId": MISSING}, "contactId: no contact"),
        ({"type": "call", "subject": "x", "companyId": MISSING}, "companyId: no company"),
        ({"type": "call", "subject": "x", "dueAt": "tomorrow"}, "dueAt must be"),
    ],
)
async def test_create_activity_refuses_bad_bodies(
    client: httpx.AsyncClient, body: dict[str, object], fragment: str
) -> None:
    assert fragment in error_of(await client.post("/activities", json=body), 400)


async def test_tasks_by_due_date_with_filters(client: httpx.AsyncClient) -> None:
    tasks = (await client.get("/tasks")).json()
    assert len(tasks) == 24
    dated = [t["dueDate"] for t in tasks if t["dueDate"]]
    assert dated == sorted(dated)
    assert tasks[-1]["dueDate"] is None  # undated last
    assert {t["projectName"] for t in tasks} == {name for _, name in PROJECTS}
    for status in ("todo", "in_progress", "done"):
        subset = (await client.get("/tasks", params={"status": status})).json()
        assert subset == [t for t in tasks if t["status"] == status]
    project_id, project_name = PROJECTS[0]
    subset = (await client.get("/tasks", params={"projectId": project_id})).json()
    assert subset and {t["projectName"] for t in subset} == {project_name}
    assert all(t["completedAt"] for t in tasks if t["status"] == "done")
    assert "'status'" in error_of(await client.get("/tasks", params={"status": "later"}), 400)


async def test_email_connections(client: httpx.AsyncClient) -> None:
    connections = (await client.get("/outbound-email-connections")).json()
    assert [c["channel"] for c in connections] == ["gmail", "outlook"]
    assert all("@" in c["email"] and c["displayName"] for c in connections)


async def test_marketing_list_counts_added_and_already_present(client: httpx.AsyncClient) -> None:
    prospects = await all_companies(client, status="prospect")
    ids = [c["id"] for c in prospects[:3]]
    url = "/prospecting/add-to-marketing-list"
    first = await client.post(url, json={"listId": WEBINAR_LIST_ID, "companyIds": ids[:2]})
    assert first.status_code == 200
    assert first.json() == {"listId": WEBINAR_LIST_ID, "added": 2, "alreadyPresent": 0}
    again = await client.post(url, json={"listId": WEBINAR_LIST_ID, "companyIds": [*ids, ids[2]]})
    assert again.json() == {"listId": WEBINAR_LIST_ID, "added": 1, "alreadyPresent": 2}
    other = await client.post(url, json={"listId": NEWSLETTER_LIST_ID, "companyIds": ids})
    assert other.json()["added"] == 3


async def test_marketing_list_refusals_add_nothing(client: httpx.AsyncClient) -> None:
    url = "/prospecting/add-to-marketing-list"
    known = (await all_companies(client, status="prospect"))[0]["id"]
    unknown = await client.post(
        url, json={"listId": WEBINAR_LIST_ID, "companyIds": [known, MISSING]}
    )
    assert MISSING in error_of(unknown, 400) and known not in unknown.json()["error"]
    # nothing was added by the refused request
    retry = await client.post(url, json={"listId": WEBINAR_LIST_ID, "companyIds": [known]})
    assert retry.json()["added"] == 1
    no_list = await client.post(url, json={"listId": MISSING, "companyIds": [known]})
    assert error_of(no_list, 404) == f"No marketing list with id '{MISSING}'"
    empty = await client.post(url, json={"listId": WEBINAR_LIST_ID, "companyIds": []})
    assert "companyIds" in error_of(empty, 400)
    assert "'listId'" in error_of(await client.post(url, json={"companyIds": [known]}), 400)


def expected_dashboard() -> dict:
    """The dashboard computed straight from the fixture rows, without SQL."""
    data = build_fixtures(now=NOW, seed=7)
    pipeline = []
    for stage in KNOWN_STAGES:
        rows = [lead for lead in data.leads if lead["stage"] == stage]
        pipeline.append(
            {
                "stage": stage,
                "count": len(rows),
                "value": sum(lead["value"] for lead in rows),
                "weightedValue": sum(lead["value"] * lead["probability"] / 100 for lead in rows),
            }
        )
    won = sum(lead["stage"] == "won" for lead in data.leads)
    lost = sum(lead["stage"] == "lost" for lead in data.leads)
    monday = "2025-03-10T00:00:00"  # NOW is Friday 2025-03-14
    week = dict.fromkeys(ACTIVITY_TYPES, 0)  # every known type, even at zero
    week.update(Counter(a["type"] for a in data.activities if a["occurred_at"] >= monday))
    open_tasks = [t for t in data.tasks if t["status"] != "done"]
    return {
        "pipeline": pipeline,
        "winRate": won / (won + lost),
        "companiesByStatus": dict(Counter(c["status"] for c in data.companies)),
        "activitiesThisWeek": week,
        "openTasks": len(open_tasks),
        "overdueTasks": sum(
            1 for t in open_tasks if t["due_date"] and t["due_date"] < "2025-03-14"
        ),
        "recentTimes": sorted((a["occurred_at"] for a in data.activities), reverse=True)[:10],
    }


async def test_dashboard_matches_the_fixture_data(client: httpx.AsyncClient) -> None:
    expected = expected_dashboard()
    dashboard = (await client.get("/dashboard")).json()
    assert [s["stage"] for s in dashboard["pipeline"]] == list(KNOWN_STAGES)
    for got, want in zip(dashboard["pipeline"], expected["pipeline"], strict=True):
        assert got["count"] == want["count"] > 0
        assert got["value"] == pytest.approx(want["value"])
        assert got["weightedValue"] == pytest.approx(want["weightedValue"], abs=0.01)
    assert dashboard["winRate"] == pytest.approx(expected["winRate"])
    assert dashboard["companiesByStatus"] == expected["companiesByStatus"]
    assert dashboard["activitiesThisWeek"] == expected["activitiesThisWeek"]
    assert sum(dashboard["activitiesThisWeek"].values()) > 0
    assert (dashboard["openTasks"], dashboard["overdueTasks"]) == (
        expected["openTasks"],
        expected["overdueTasks"],
    )
    assert dashboard["overdueTasks"] >= 2
    recent = [a["occurredAt"].removesuffix("Z") for a in dashboard["recentActivity"]]
    assert recent == [t.removesuffix(".000000Z") for t in expected["recentTimes"]]


async def test_dashboard_follows_writes(client: httpx.AsyncClient) -> None:
    before = (await client.get("/dashboard")).json()
    lead = next(x for x in (await client.get("/leads")).json() if x["stage"] == "negotiation")
    await client.patch(f"/leads/{lead['id']}/stage", json={"stage": "won"})
    activity = (
        await client.post(f"/leads/{lead['id']}/activities", json={"type": "note", "subject": "🎉"})
    ).json()
    after = (await client.get("/dashboard")).json()
    counts = {s["stage"]: s["count"] for s in after["pipeline"]}
    old = {s["stage"]: s["count"] for s in before["pipeline"]}
    assert counts["won"] == old["won"] + 1 and counts["negotiation"] == old["negotiation"] - 1
    assert after["winRate"] == pytest.approx(counts["won"] / (counts["won"] + counts["lost"]))
    assert after["activitiesThisWeek"]["note"] == before["activitiesThisWeek"]["note"] + 1
    assert after["recentActivity"][0]["id"] == activity["id"]
    assert len(after["recentActivity"]) == 10


async def test_dashboard_is_written_as_the_models_write_it(client: httpx.AsyncClient) -> None:
    """The dashboard is written without the models (the demo's first answer comes before
    they load): its body is still theirs, and its recent activity the activity list's."""
    await client.post("/activities", json={"type": "call", "subject": "Newest"})
    dashboard = (await client.get("/dashboard")).json()
    assert Dashboard.model_validate(dashboard).model_dump(mode="json", by_alias=True) == dashboard
    activities = (await client.get("/activities")).json()
    assert dashboard["recentActivity"] == activities[:10]
    assert dashboard["recentActivity"][0]["subject"] == "Newest"


@pytest.mark.parametrize("microsecond", [0, 120_000, 5])
def test_a_stored_timestamp_is_written_as_the_models_write_it(microsecond: int) -> None:
    moment = NOW.replace(microsecond=microsecond)
    written = Activity(id="a", occurred_at=moment).model_dump(mode="json", by_alias=True)
    assert wire_timestamp(db_timestamp(moment)) == written["occurredAt"]


@pytest.mark.parametrize(
    ("path", "module", "builder"),
    [
        ("/activities", "activities", "list_activities"),
        ("/contacts", "contacts", "list_contacts"),
        ("/leads", "leads", "list_leads"),
        ("/tasks", "misc", "list_tasks"),
    ],
)
async def test_long_lists_are_built_with_full_collections_held_off(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, path: str, module: str, builder: str
) -> None:
    """In demo mode the backend builds them in the app's process: a full collection
    meanwhile would walk every row and all the app holds."""
    routes = importlib.import_module(f"crm_tui.demo.routes.{module}")
    owner = routes.repo if hasattr(routes, "repo") else routes
    real = getattr(owner, builder)
    holds: list[int] = []

    def building(*args: object, **kwargs: object) -> object:
        holds.append(collector.holding())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, builder, building)
    assert (await client.get(path)).status_code == 200
    assert holds == [1] and collector.holding() == 0
