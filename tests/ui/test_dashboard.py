"""The Dashboard: the demo's aggregates on screen, missing keys, failures, opening records."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from crm_tui.api.errors import NetworkError
from crm_tui.api.models import Activity, CompanyCreate, Dashboard, Lead, StageSummary
from crm_tui.ui.app import CrmApp
from crm_tui.ui.formatting import label, percent
from crm_tui.ui.money import Totals, amounts, is_mixed
from crm_tui.ui.screens.company import CompanyScreen
from crm_tui.ui.screens.contact import ContactScreen
from crm_tui.ui.screens.dashboard import DashboardScreen, newest_unknown, regarding
from crm_tui.ui.screens.lead import LeadScreen
from crm_tui.ui.widgets.bars import BarChart, bar_text
from crm_tui.ui.widgets.record_list import RecordList

from .conftest import FIXED_NOW, hold_answers, make_app, notified, spy_filters, wait_until
from .conftest import settle as settle_app

SIZE = (80, 24)


async def settle(app: CrmApp, pilot: Pilot[None]) -> DashboardScreen:
    """Settle as every screen test does; the screen shown is the Dashboard."""
    await settle_app(app, pilot)
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def text(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def chart_lines(screen: DashboardScreen, selector: str) -> list[str]:
    return str(screen.query_one(selector, BarChart).render()).splitlines()


def line_for(lines: list[str], name: str) -> str:
    found = [line for line in lines if line.startswith(name + " ")]
    assert len(found) == 1, (name, lines)
    return found[0]


def shown(screen: DashboardScreen, selector: str) -> bool:
    """Whether the widget is there and displayed: the sections are mounted with the
    first figures, so before them (a failed first load) there is none to show."""
    found = screen.query(selector)
    return bool(found) and bool(found.first().display)


def serve(app: CrmApp, monkeypatch: pytest.MonkeyPatch, dashboard: Dashboard) -> None:
    async def fixed() -> Dashboard:
        return dashboard

    monkeypatch.setattr(app.workspace.client, "get_dashboard", fixed)


# -------------------------------------------------------------- the figures


def value_by_currency(leads: list[Lead]) -> Totals:
    """The leads' values summed per currency, worked out here, apart from the app's."""
    sums: Totals = {}
    for lead in leads:
        if lead.value is not None:
            code = (lead.currency or "").upper() or None
            sums[code] = sums.get(code, 0.0) + lead.value
    return sums


async def test_the_demo_aggregates_appear() -> None:
    """Figures worked out here from the raw lists are the ones on screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        client = app.workspace.client
        leads = await client.list_leads()
        companies = [c async for c in client.iter_companies()]
        tasks = await client.list_tasks()
        activities = await client.list_activities()

        pipeline = chart_lines(screen, "#pipeline")
        assert pipeline[0].split() == ["count", "value", "weighted"]
        width = screen.query_one("#pipeline").content_size.width
        assert all(len(line) <= width for line in pipeline)
        by_currency = text(screen, "#currency-lines").splitlines()
        for stage, number in Counter(lead.stage for lead in leads).items():
            mine = [lead for lead in leads if lead.stage == stage]
            value = value_by_currency(mine)
            figures = line_for(pipeline, label(stage)).split()
            assert figures[-3] == str(number)
            if is_mixed(value):
                # Never one currency's label on a sum of several: "mixed" at 80 columns,
                # and each currency's sum below, under "Pipeline by currency".
                assert figures[-2:] == ["mixed", "mixed"]
                assert amounts(value) in line_for(by_currency, label(stage))
            else:
                assert amounts(value) in line_for(pipeline, label(stage))
        assert shown(screen, "#currency-section") and shown(screen, "#mixed-note")

        statuses = chart_lines(screen, "#companies-by-status")
        for status, number in Counter(c.status for c in companies).items():
            assert line_for(statuses, label(status)).split()[-1] == str(number)

        monday = (FIXED_NOW - timedelta(days=FIXED_NOW.weekday())).replace(hour=0, minute=0)
        this_week = Counter(a.type for a in activities if a.when and a.when >= monday)
        kinds = chart_lines(screen, "#activities-this-week")
        for kind, number in this_week.items():
            assert line_for(kinds, label(kind)).split()[-1] == str(number)

        won = sum(lead.stage == "won" for lead in leads)
        lost = sum(lead.stage == "lost" for lead in leads)
        assert text(screen, "#win-rate") == f"Win rate {percent(won / (won + lost))}"
        open_tasks = [t for t in tasks if t.status != "done"]
        overdue = [t for t in open_tasks if t.due_date and t.due_date < FIXED_NOW.date()]
        assert text(screen, "#open-tasks") == f"Open tasks {len(open_tasks)}"
        assert text(screen, "#overdue-tasks") == f"Overdue tasks {len(overdue)}"
        assert overdue and screen.query_one("#overdue-tasks").has_class("-overdue")

        recent = screen.query_one("#recent", RecordList)
        newest = sorted(activities, key=lambda a: a.when or FIXED_NOW, reverse=True)
        assert recent.row_count == 10
        assert recent.column_texts("subject") == [a.subject for a in newest[:10]]
        assert not screen.query_one("#dash-body").loading


async def test_recent_activity_is_whole_at_200_columns() -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await settle(app, pilot)
        recent = screen.query_one("#recent", RecordList)
        # The dashboard's ten, then older activities as the height allows.
        assert recent.row_count > 10
        for index, activity in enumerate(recent.records):
            row = recent.row_text(index)
            assert (activity.subject or "—") in row and (activity.user_name or "—") in row
        assert "…" not in "".join(recent.row_text(n) for n in range(recent.row_count))


async def test_recent_activity_fills_its_room_whenever_its_height_changes() -> None:
    """A section that comes or goes without a resize of the screen (an answer arriving)
    changes the list's height: it shows as many activities as then fit, no more."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        recent = screen.query_one("#recent", RecordList)
        assert shown(screen, "#currency-section")
        assert recent.row_count == recent.rows_shown
        before = recent.row_count

        for selector in ("#currency-section", "#mixed-note"):
            screen.query_one(selector).display = False
        await settle_app(app, pilot)
        assert recent.row_count == recent.rows_shown > before

        for selector in ("#currency-section", "#mixed-note"):
            screen.query_one(selector).display = True
        await settle_app(app, pilot)
        assert recent.row_count == recent.rows_shown == before


async def test_no_overdue_tasks_do_not_stand_out(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    serve(app, monkeypatch, Dashboard(open_tasks=4, overdue_tasks=0))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        assert text(screen, "#overdue-tasks") == "Overdue tasks 0"
        assert not screen.query_one("#overdue-tasks").has_class("-overdue")


async def test_missing_keys_hide_their_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    partial = Dashboard(win_rate=0.25, companies_by_status={"active": 3, "dormant": 1})
    serve(app, monkeypatch, partial)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        assert text(screen, "#win-rate") == "Win rate 25%"
        assert not shown(screen, "#open-tasks") and not shown(screen, "#overdue-tasks")
        assert not shown(screen, "#pipeline-section")
        assert not shown(screen, "#activity-section")
        assert not shown(screen, "#recent-section")
        assert shown(screen, "#status-section")
        # An unknown status the server sends gets its own bar, after the known ones.
        lines = chart_lines(screen, "#companies-by-status")
        assert [line.split()[0] for line in lines] == ["Active", "Dormant"]
        assert not shown(screen, "#dash-note")


async def test_an_empty_answer_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    serve(app, monkeypatch, Dashboard())
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        assert "no dashboard figures" in text(screen, "#dash-note")
        for section in ("#kpis", "#dash-charts", "#recent-section"):
            assert not shown(screen, section)


async def test_an_unknown_stage_gets_its_own_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    stages = [
        StageSummary(stage="new", count=2, value=1000, weighted_value=100),
        StageSummary(stage="on_hold", count=1, value=500, weighted_value=0),
    ]
    serve(app, monkeypatch, Dashboard(pipeline=stages))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        lines = chart_lines(screen, "#pipeline")
        assert line_for(lines, "On hold").split()[-3:] == ["1", "500", "0"]


# ---------------------------------------------------- loading and failures


async def test_the_first_frame_holds_no_section_until_the_figures_come(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sections (some forty widgets) are mounted with the first figures, not
    before the first frame; the recent activity then has the focus."""
    app = make_app()
    gate = hold_answers(app, monkeypatch, "get_dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await app.first_frame_drawn.wait()
        assert await wait_until(
            pilot, lambda: any(w.group == "dashboard-load" for w in app.workers)
        )
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query_one("#dash-body").loading
        body = screen.query_one("#dash-body")
        assert [child.id for child in body.children] == ["dash-note"]
        assert not screen.query("#kpis") and not screen.query(RecordList)
        gate.set()
        screen = await settle(app, pilot)
        assert shown(screen, "#kpis") and shown(screen, "#recent-section")
        assert app.focused is screen.query_one("#recent", RecordList)


async def test_r_refreshes_with_a_loading_indicator(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        gate = asyncio.Event()
        calls = 0

        async def slow() -> Dashboard:
            nonlocal calls
            calls += 1
            await gate.wait()
            return Dashboard(win_rate=0.5)

        monkeypatch.setattr(app.workspace.client, "get_dashboard", slow)
        await pilot.press("r")
        await pilot.pause()
        assert calls == 1
        assert screen.query_one("#dash-body").loading
        gate.set()
        await settle(app, pilot)
        assert not screen.query_one("#dash-body").loading
        assert text(screen, "#win-rate") == "Win rate 50%"
        assert not shown(screen, "#pipeline-section")


async def test_coming_back_to_the_dashboard_reloads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        serve(app, monkeypatch, Dashboard(open_tasks=99))
        await pilot.press("2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("1")
        await settle(app, pilot)
        assert text(screen, "#open-tasks") != "Open tasks 99", "nothing was written"

        await pilot.press("2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await app.workspace.client.create_company(CompanyCreate(name="Written meanwhile"))
        await pilot.press("1")
        await settle(app, pilot)
        assert text(screen, "#open-tasks") == "Open tasks 99"


async def test_network_down_says_so_and_r_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    client = app.workspace.client
    original = client.get_dashboard

    async def down() -> Dashboard:
        raise NetworkError("The server could not be reached.")

    monkeypatch.setattr(client, "get_dashboard", down)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        assert "Could not load the dashboard" in text(screen, "#dash-note")
        assert any(n.title == "Server unreachable" for n in notified(app))
        assert not screen.query_one("#dash-body").loading
        assert not shown(screen, "#dash-charts")

        monkeypatch.setattr(client, "get_dashboard", original)
        await pilot.press("r")
        screen = await settle(app, pilot)
        assert shown(screen, "#dash-charts") and shown(screen, "#recent-section")
        assert not shown(screen, "#dash-note")
        assert screen.query_one("#recent", RecordList).row_count == 10


# ------------------------------------------------------------------ opening


@pytest.mark.parametrize(
    ("kind", "screen_type"),
    [("lead", LeadScreen), ("contact", ContactScreen), ("company", CompanyScreen)],
)
async def test_enter_on_recent_activity_opens_its_record(
    kind: str, screen_type: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    client = app.workspace.client
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        lead = (await client.list_leads())[0]
        contact = (await client.list_contacts())[0]
        company = (await client.list_companies(page=1, page_size=1)).items[0]
        # Newest first: one activity on a lead (with its contact and company), one on a
        # contact (with its company), one on a company only.
        recent = [
            Activity(id="a1", subject="On the lead", lead_id=lead.id, lead_title=lead.title,
                     contact_id=contact.id, company_id=company.id),
            Activity(id="a2", subject="On the contact", contact_id=contact.id,
                     contact_name=contact.display_name, company_id=company.id),
            Activity(id="a3", subject="On the company", company_id=company.id,
                     company_name=company.name),
        ]  # fmt: skip
        serve(app, monkeypatch, Dashboard(recent_activity=recent))
        await pilot.press("r")
        screen = await settle(app, pilot)
        table = screen.query_one("#recent", RecordList)
        assert screen.focused is table
        regarding_column = table.column_texts("regarding")
        # The dashboard's own first; older activities fill the rest of the list.
        assert regarding_column[:3] == [
            f"lead {lead.title}",
            f"contact {contact.display_name}",
            f"company {company.name}",
        ]
        index, expected_id = {
            "lead": (0, lead.id),
            "contact": (1, contact.id),
            "company": (2, company.id),
        }[kind]
        for _ in range(index):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        assert app.screen.record_id == expected_id  # type: ignore[attr-defined]


def test_regarding_prefers_lead_then_contact_then_company() -> None:
    full = Activity(id="a", lead_id="L", contact_id="P", company_id="C", lead_title="Deal")
    assert regarding(full) == ("lead", "L", "Deal")
    assert regarding(Activity(id="a", contact_id="P", company_id="C")) == (
        "contact",
        "P",
        "(contact)",
    )
    assert regarding(Activity(id="a", company_id="C", company_name="Acme")) == (
        "company",
        "C",
        "Acme",
    )
    assert regarding(Activity(id="a")) is None


# -------------------------------------------------------------------- bars


def test_bars_are_proportional_with_partial_blocks() -> None:
    assert bar_text(10, None, 10, 8) == ("████████", "")
    assert bar_text(5, None, 10, 8) == ("████", "")
    assert bar_text(1, None, 16, 8) == ("▌", "")  # half a cell
    assert bar_text(0, None, 10, 8) == ("", "")
    assert bar_text(0.001, None, 10, 8) == ("▏", "")  # something is never drawn as nothing
    # The inner (weighted) part is solid, the rest of the value shaded.
    assert bar_text(10, 5, 10, 8) == ("████", "░░░░")
    assert bar_text(10, 0, 10, 8) == ("", "░░░░░░░░")


async def test_help_says_enter_opens_and_r_refreshes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        rows = {description: key for key, description, _ in app._help_rows()}
        assert rows.get("Open") == "⏎"
        assert rows.get("Refresh") == "r"


async def test_wide_charts_give_each_currency_its_sum_and_need_no_breakdown() -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await settle(app, pilot)
        leads = await app.workspace.client.list_leads()
        new = [lead for lead in leads if lead.stage == "new"]
        value = value_by_currency(new)
        assert is_mixed(value)
        line = line_for(chart_lines(screen, "#pipeline"), "New")
        assert amounts(value) in line and "mixed" not in line
        assert not shown(screen, "#currency-section")


async def test_at_60x20_every_section_is_reachable_by_scrolling() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await settle(app, pilot)
        body = screen.query_one("#dash-body")
        # No chart line is wider than its chart: nothing wraps away or is cut off.
        for chart in screen.query(BarChart):
            lines = chart_lines(screen, f"#{chart.id}")
            assert all(len(line) <= chart.content_size.width for line in lines), chart.id
        for selector in ("#win-rate", "#pipeline", "#companies-by-status", "#recent"):
            widget = screen.query_one(selector)
            body.scroll_to_widget(widget, animate=False)
            await pilot.pause()
            assert body.region.contains_region(widget.region) or (
                widget.region.y >= body.region.y and widget.region.height > body.region.height
            ), selector
        assert "Lost" in str(screen.query_one("#pipeline", BarChart).render())


async def test_recent_activity_uses_the_height_it_has() -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await settle(app, pilot)
        dashboard = screen.dashboard
        assert dashboard is not None and dashboard.recent_activity is not None
        table = screen.query_one("#recent", RecordList)
        # The room is known once the sections below the list are laid out.
        filled = await wait_until(pilot, lambda: table.row_count == table.rows_shown)
        room = table.rows_shown
        assert room > len(dashboard.recent_activity)
        assert filled, "every line of the list holds an activity"
        activities = await app.workspace.client.list_activities()
        newest = max(activities, key=lambda a: a.when or FIXED_NOW)
        assert table.row_keys[0] == newest.id  # still newest first
        # The rows beyond the dashboard's own open and copy like the others.
        table.cursor = room - 1
        await pilot.pause()
        copied = screen.copy_record()
        assert copied is not None and copied.id == table.row_keys[room - 1]


def test_the_dashboard_keeps_only_the_newest_older_activities() -> None:
    """A big CRM's 60,000 activities are not kept twice (the Activities screen has its
    own): the newest few the list may show, newest first, ties as a stable sort."""
    base = FIXED_NOW - timedelta(days=1)
    activities = [
        Activity(id=f"a{index}", occurred_at=base + timedelta(hours=index % 7))
        for index in range(40)
    ]
    known = {"a6", "a13"}  # the dashboard's own, shown already

    kept = newest_unknown(known, 5, activities)

    by_time = sorted(activities, key=lambda a: a.when or base, reverse=True)
    assert [a.id for a in kept] == [a.id for a in by_time if a.id not in known][:5]
    assert newest_unknown(set(), 100, activities)[-1].id == by_time[-1].id


async def test_a_short_screen_asks_for_no_more_activities(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    calls = spy_filters(app, monkeypatch, "list_newest_activities")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert calls == []
