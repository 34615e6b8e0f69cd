"""Hostile text from a server never acts on the terminal and is never read as markup.

Records whose names hold escape sequences of every kind, bidi overrides, markup and
10,000 characters are made through the demo's API (it stores any name), and what the
demo cannot hold (tasks, connections, an accepted contact deletion, error messages) a
transport in front of it answers.  Each screen, the palette, the notifications and
the dialogs are then read as the terminal would receive them: no control character
from the data, its placeholder instead, markup shown as typed, the app still running.

One app is shared by the checks of a group (each check a screen of it), so the whole
set of strings goes through each screen once.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui.api.models import (
    ActivityCreate,
    CompanyCreate,
    ContactCreate,
    LeadCreate,
    MembershipCreate,
)
from crm_tui.api.safe_text import safe_text
from crm_tui.demo.identity import DEMO_API_KEY
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.activities import ActivitiesScreen
from crm_tui.ui.screens.companies import CompaniesScreen
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.contacts import ContactsScreen
from crm_tui.ui.screens.dashboard import DashboardScreen
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.tasks import TasksScreen

from .changed_answers import ChangedAnswers, app_on, demo_transport
from .conftest import open_mode, settle
from .terminal import TerminalOutput, assert_nothing_acts_on_the_terminal, terminal_output

#: Room for every column: the fragments below are checked whole.
SIZE = (200, 60)

#: Short names, so that each fits its column whole; the long one is checked by its start.
HOSTILE: dict[str, str] = {
    "csi clear": "Clear\x1b[2JScreen Ltd",
    "osc 52 clipboard": "Clip\x1b]52;c;aGk=\x07board",
    "osc 0 title": "Title\x1b]0;pwned\x07Co",
    "osc 8 link": "\x1b]8;;https://evil.example/\x1b\\Link\x1b]8;;\x1b\\ Co",
    "sgr blink": "\x1b[5mBlink\x1b[0m Co",
    "c1 csi": "Cee\x9b2J One",
    "del": "Del\x7fete Co",
    "bidi": "Bidi \u202egnp.exe\u202c \u2066iso\u2069",
    "markup style": "Zyx [bold red]Red[/]",
    "markup close": "Aaa[/] Crash",
    "markup link": "Lnk [link=https://evil.example]here[/link]",
    "markup action": "Zyx [@click=app.quit]Quit[/]",
    "long": "Qwerty " * 1430,
}
LONG = HOSTILE["long"]


def seen(text: str) -> str:
    """What the screen shows of ``text``: its placeholders, at most one line's worth."""
    return safe_text(text)[:20].strip()


#: Fragments each list must show, one per hostile string (the long one by its start).
SHOWN = [seen(text) for text in HOSTILE.values()]


#: The records the others hang on: their screens list every hostile string.
HUB = "markup action"


@dataclass
class Seeded:
    app: CrmApp
    server: ChangedAnswers
    #: What each hostile string names, by kind ("company", "contact", "lead").
    ids: dict[str, dict[str, str]]

    def hub(self, kind: str) -> str:
        return self.ids[kind][HUB]


def hostile_tasks(request: httpx.Request, data: Any) -> Any:
    """Tasks and connections the demo cannot make through its API: hostile text put in."""
    path = request.url.path
    names = list(HOSTILE.values())
    if path.endswith("/tasks") and isinstance(data, list):
        for task, name in zip(data, names, strict=False):
            task.update(title=name, projectName=name, assigneeName=name, priority=name)
    if path.endswith("/outbound-email-connections") and isinstance(data, list):
        for connection in data:
            connection["displayName"] = HOSTILE["osc 8 link"]
    return data


def accept_contact_deletion(request: httpx.Request) -> httpx.Response | None:
    """A server that deletes contacts (the reference's does not)."""
    if request.method == "DELETE" and "/contacts/" in request.url.path:
        return httpx.Response(200, json={"deleted": True})
    return None


async def seed(app: CrmApp) -> dict[str, dict[str, str]]:
    """A company, a contact, a lead and an activity named by each hostile string.

    Every contact works at the hub company and the hub contact at every company; every
    lead is the hub company's and the hub contact's; every activity is on the hub lead.
    """
    client = app.workspace.client
    ids: dict[str, dict[str, str]] = {"company": {}, "contact": {}, "lead": {}}
    for key, text in HOSTILE.items():
        company = await client.create_company(CompanyCreate(name=text, industry=text, city=text))
        ids["company"][key] = company.id
    for key, text in HOSTILE.items():
        contact = await client.create_contact(
            ContactCreate(first_name=text, title=text, company_id=ids["company"][HUB])
        )
        ids["contact"][key] = contact.id
    for key, company_id in ids["company"].items():
        if key != HUB:
            await client.add_membership(
                ids["contact"][HUB], MembershipCreate(company_id=company_id, role=HOSTILE[key])
            )
    for key, text in HOSTILE.items():
        lead = await client.create_lead(
            LeadCreate(
                title=text,
                company_id=ids["company"][HUB],
                contact_id=ids["contact"][HUB],
                notes=text,
            )
        )
        ids["lead"][key] = lead.id
    for text in HOSTILE.values():
        activity = ActivityCreate(type=text, subject=text, body=text, lead_id=ids["lead"][HUB])
        await client.create_activity(activity)
    return ids


@pytest.fixture
async def seeded() -> AsyncIterator[Seeded]:
    server = ChangedAnswers(
        demo_transport(size=2), answer=accept_contact_deletion, rewrite=hostile_tasks
    )
    app = app_on(server)
    yield Seeded(app, server, await seed(app))


def check(app: CrmApp, fragments: list[str]) -> TerminalOutput:
    """The screen as written: nothing acts on the terminal, each fragment is shown."""
    assert app.is_running
    output = terminal_output(app)
    assert_nothing_acts_on_the_terminal(output)
    missing = [fragment for fragment in fragments if not output.shows(fragment)]
    assert missing == [], output.text
    return output


async def test_every_list_draws_hostile_names_as_plain_text(seeded: Seeded) -> None:
    app = seeded.app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        check(app, SHOWN[-8:])  # the recent activity: the newest ones
        await open_mode(app, pilot, "2", CompaniesScreen)
        check(app, SHOWN)
        await open_mode(app, pilot, "3", ContactsScreen)
        check(app, SHOWN)
        await open_mode(app, pilot, "4", PipelineScreen)
        # One column holds them all: the first cards, by title, fit the screen.
        check(app, [seen(HOSTILE[key]) for key in ("markup close", "bidi", "csi clear")])
        await open_mode(app, pilot, "5", ActivitiesScreen)
        check(app, SHOWN)
        await open_mode(app, pilot, "6", TasksScreen)
        check(app, SHOWN)


async def test_record_screens_draw_hostile_names_as_plain_text(seeded: Seeded) -> None:
    app = seeded.app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        # The hub company: its name and fields, then its contacts, leads and activities.
        await app.push_screen(CompanyScreen(seeded.hub("company")))
        await settle(app, pilot)
        check(app, [seen(HOSTILE[HUB]), *SHOWN])
        for _tab in ("leads", "activities"):
            await pilot.press("t")
            await settle(app, pilot)
            check(app, SHOWN)
        # The hub contact: its memberships of every company, then its leads.
        await app.push_screen(ContactScreen(seeded.hub("contact")))
        await settle(app, pilot)
        check(app, SHOWN)
        await pilot.press("t")
        await settle(app, pilot)
        check(app, SHOWN)
        # The hub lead: its fields and a timeline entry for each string (newest first).
        await app.push_screen(LeadScreen(seeded.hub("lead")))
        await settle(app, pilot)
        check(app, [seen(HOSTILE[HUB]), *SHOWN[-6:]])


async def wait_for(pilot: Pilot[Any], ready: Callable[[], bool]) -> None:
    """Let the app run until ``ready()`` (the palette gathers its hits in a worker)."""
    for _ in range(50):
        if ready():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the app never got there")


def palette_hits(app: CrmApp) -> list[str]:
    if not isinstance(app.screen, CommandPalette):
        return []
    options = app.screen.query_one(CommandList).options
    # A hit's prompt is its text, then its help on a line of its own.
    return [str(option.prompt).split("\n")[0] for option in options]


async def search_palette(pilot: Pilot[Any], query: str, expected: str) -> list[str]:
    app = pilot.app
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(Input).value = query
    await wait_for(pilot, lambda: any(expected in hit for hit in palette_hits(app)))
    return palette_hits(app)


async def test_the_palette_finds_hostile_names_and_shows_them_as_typed(seeded: Seeded) -> None:
    app = seeded.app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        hits = await search_palette(pilot, "Zyx", "Company: Zyx [bold red]Red[/]")
        assert "Company: Zyx [@click=app.quit]Quit[/]" in hits
        assert "Contact: Zyx [@click=app.quit]Quit[/]" in hits
        assert "Lead: Zyx [bold red]Red[/]" in hits
        check(app, ["Zyx [@click=app.quit]Quit[/]", "Zyx [bold red]Red[/]"])
        # A name with "[/]" no longer makes the search fail, nor a long one stall it.
        hits = await search_palette(pilot, "Qwerty", "Company: Qwerty")
        assert {"Company", "Contact", "Lead"} <= {hit.split(":")[0] for hit in hits}
        assert all(len(hit) <= 100 for hit in hits)
        hits = await search_palette(pilot, "Crash", "Company: Aaa[/] Crash")
        check(app, ["Aaa[/] Crash"])
        await search_palette(pilot, "Clear", "Company: Clear␛[2JScreen Ltd")
        check(app, ["Clear␛[2JScreen Ltd"])
        # Picking a hit whose name holds an action opens the record: nothing else runs.
        await search_palette(pilot, "Zyx [@click", "Company: Zyx [@click=app.quit]Quit[/]")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, CompanyScreen | ContactScreen | LeadScreen)
        check(app, ["Zyx [@click=app.quit]Quit[/]"])


async def press_and_settle(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot.app, pilot)  # type: ignore[arg-type]


async def test_notifications_and_dialogs_show_hostile_names_as_typed(seeded: Seeded) -> None:
    app = seeded.app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        # Deleting a lead: the confirm, then "… deleted", named as typed ("Aaa[/] Crash"
        # crashed a notification once) and cut when long, so that the sentence ends on
        # screen.  Each says so in a toast of its own: no earlier one is left to match.
        for key in ("markup close", "long"):
            app.clear_notifications()
            await app.push_screen(LeadScreen(seeded.ids["lead"][key]))
            await settle(app, pilot)
            await press_and_settle(pilot, "x")
            check(app, [f"“{seen(HOSTILE[key])}"])
            await press_and_settle(pilot, "y")
            check(app, [f"“{seen(HOSTILE[key])}", "” deleted."])
        # The hub contact: removing a membership, and the membership form.
        await app.push_screen(ContactScreen(seeded.hub("contact")))
        await settle(app, pilot)
        hub = safe_text(HOSTILE[HUB])
        await press_and_settle(pilot, "x")
        check(app, [f"Remove {hub} from"])
        await press_and_settle(pilot, "y")
        check(app, ["No longer linked to"])
        await press_and_settle(pilot, "a")
        check(app, [f"Contact  {hub}"])
        await press_and_settle(pilot, "escape")
        # The hub lead: a stage move, the stage picker, the forms, the deletion.
        await app.push_screen(LeadScreen(seeded.hub("lead")))
        await settle(app, pilot)
        await press_and_settle(pilot, "greater_than_sign")
        check(app, [f"“{hub}” moved to Contacted."])
        for key, shown in (
            ("m", hub),  # the stage picker
            ("a", f"On lead: {hub}"),  # logging an activity
            ("w", seen(HOSTILE["osc 8 link"])),  # the email's From: a hostile connection
        ):
            await press_and_settle(pilot, key)
            check(app, [shown])
            await press_and_settle(pilot, "escape")
        await press_and_settle(pilot, "x")
        check(app, [f"“{hub}”"])
        await press_and_settle(pilot, "y")
        check(app, [f"“{hub}” deleted."])
        assert app.is_running


#: Every kind of hostile text in one server message.
HOSTILE_MESSAGE = " | ".join(HOSTILE[key] for key in HOSTILE if key != "long")


def refuse_tasks(request: httpx.Request) -> httpx.Response | None:
    if request.url.path.endswith("/tasks"):
        return httpx.Response(400, json={"error": HOSTILE_MESSAGE})
    return None


async def test_a_hostile_server_message_is_shown_as_typed() -> None:
    app = app_on(ChangedAnswers(demo_transport(size=2), answer=refuse_tasks))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_mode(app, pilot, "6", TasksScreen)
        check(app, ["Refused by the server", "Clear␛[2JScreen", "Aaa[/] Crash"])


def echo_the_key(request: httpx.Request) -> httpx.Response:
    """A careless server: it quotes the key it refuses, in upper case and in base64."""
    key = DEMO_API_KEY
    said = f"Unknown key {key.upper()[3:]} (sent {base64.b64encode(key.encode()).decode()})"
    return httpx.Response(401, json={"error": said})


async def test_a_key_the_server_echoes_never_reaches_the_screen() -> None:
    app = app_on(ChangedAnswers(demo_transport(size=2), answer=echo_the_key))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        output = check(app, ["Not signed in (401)", "Unknown key …(redacted)"])
        encoded = base64.b64encode(DEMO_API_KEY.encode()).decode()
        for shown_key in (DEMO_API_KEY, DEMO_API_KEY[3:], encoded[:12]):
            assert shown_key.casefold() not in output.text.casefold()
