"""The Dashboard: the CRM's aggregates at a glance, and the latest activity.

Every figure comes from one ``GET /dashboard``.  Any key the server leaves out hides
its section instead of failing the screen.  ``enter`` on a recent activity opens
the record it belongs to: its lead, else its contact, else its company.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker

from ...api.models import (
    ACTIVITY_TYPES,
    COMPANY_STATUSES,
    Activity,
    Dashboard,
    StageSummary,
)
from ..formatting import DASH, compact_money, count, label, percent
from ..loading import loading_indicator
from ..widgets.bars import Bar, BarChart
from ..widgets.columns import Column
from ..widgets.record_list import RecordList
from ..workers import api_worker
from .base import CrmScreen
from .related import Clock, text, when_column


def recent_columns(clock: Clock) -> tuple[Column[Activity], ...]:
    return (
        when_column(clock, 8),
        Column("type", "Type", lambda a: label(a.type), 7),
        Column("subject", "Subject", lambda a: text(a.subject), 12, grow=3),
        Column("regarding", "Regarding", regarding_text, 12, grow=2),
        Column("who", "By", lambda a: text(a.user_name), 12, grow=1, min_table_width=110),
    )


def in_known_order(counts: dict[str, int], known: tuple[str, ...]) -> list[tuple[str, int]]:
    """Known keys in their usual order, then whatever else the server sent, by name."""
    keys = [key for key in known if key in counts]
    keys += sorted(key for key in counts if key not in known)
    return [(key, counts[key]) for key in keys]


def pipeline_bars(stages: list[StageSummary]) -> list[Bar]:
    """One bar per stage: its value, the weighted value solid inside it."""
    return [
        Bar(
            label(stage.stage),
            stage.value,
            (count(stage.count), compact_money(stage.value), compact_money(stage.weighted_value)),
            inner=stage.weighted_value,
        )
        for stage in stages
    ]


def count_bars(counts: dict[str, int], known: tuple[str, ...]) -> list[Bar]:
    return [Bar(label(key), value, (count(value),)) for key, value in in_known_order(counts, known)]


def _maybe(render: Callable[[Any], str], value: float | None) -> str | None:
    return None if value is None else render(value)


def regarding(activity: Activity) -> tuple[str, str, str] | None:
    """(kind, id, name) of the record an activity opens: lead, else contact, else company."""
    if activity.lead_id:
        return "lead", activity.lead_id, activity.lead_title or "(lead)"
    if activity.contact_id:
        return "contact", activity.contact_id, activity.contact_name or "(contact)"
    if activity.company_id:
        return "company", activity.company_id, activity.company_name or "(company)"
    return None


def regarding_text(activity: Activity) -> str:
    """'lead Fleet refit', 'contact Astrid Berg': what the activity opens."""
    target = regarding(activity)
    return DASH if target is None else f"{target[0]} {target[2]}"


class DashboardScreen(CrmScreen):
    top_level = True
    screen_title = "Dashboard"
    CSS_PATH = "../styles/dashboard.tcss"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Refreshing is what one does here, and the footer has room to say so.
        Binding("r", "refresh", "Refresh", id="refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: Dashboard | None = None
        #: What each recent-activity row opens, by activity id.
        self._targets: dict[str, tuple[str, str]] = {}
        #: Another screen was shown over this one since it last loaded.
        self._left = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dash-body", can_focus=False):
            yield Static("", id="dash-note", classes="empty-note")
            with Horizontal(id="kpis"):
                yield Static("", id="win-rate", classes="kpi")
                yield Static("", id="open-tasks", classes="kpi")
                yield Static("", id="overdue-tasks", classes="kpi")
            with Horizontal(id="dash-charts"):
                with Vertical(id="pipeline-section", classes="dash-section"):
                    yield Label("Pipeline by stage", classes="section-title")
                    yield BarChart(headings=("count", "value", "weighted"), id="pipeline")
                    yield Static(
                        "[$accent]█[/] weighted  [$accent-muted]░[/] rest of the value",
                        classes="legend",
                    )
                with Vertical(id="dash-side"):
                    with Vertical(id="status-section", classes="dash-section"):
                        yield Label("Companies by status", classes="section-title")
                        yield BarChart(id="companies-by-status")
                    with Vertical(id="activity-section", classes="dash-section"):
                        yield Label("Activities this week", classes="section-title")
                        yield BarChart(id="activities-this-week")
            with Vertical(id="recent-section", classes="dash-section"):
                yield Label("Recent activity", classes="section-title")
                yield RecordList(recent_columns(self.workspace.clock), id="recent")
        yield Footer()

    def on_mount(self) -> None:
        # Nothing is known until the first answer: every section waits hidden.
        for section in self._sections():
            section.display = False
        self.query_one("#recent", RecordList).focus()
        self.load()

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        # Aggregates change with every write elsewhere; coming back shows fresh ones.
        # (Textual also sends resume on the first showing: that load is on_mount's.)
        if self._left and self.dashboard is not None:
            self._left = False
            self.load()

    def action_refresh(self) -> None:
        self.load()

    @api_worker("dashboard-load")
    async def load(self) -> None:
        body = self.query_one("#dash-body")
        with loading_indicator(body):
            dashboard = await self.api.get_dashboard()
            if dashboard.recent_activity:
                recent = await self.names.complete_activities(dashboard.recent_activity)
                dashboard = dashboard.model_copy(update={"recent_activity": recent})
        self.show(dashboard)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if self.dashboard is None:
            self._note("Could not load the dashboard. Press r to try again.")
        return False  # the app's notification says what went wrong

    # --------------------------------------------------------------- showing

    def show(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self._show_kpis(dashboard)
        self._show_chart(
            "#pipeline-section",
            "#pipeline",
            pipeline_bars(dashboard.pipeline) if dashboard.pipeline is not None else None,
        )
        self._show_chart(
            "#status-section",
            "#companies-by-status",
            count_bars(dashboard.companies_by_status, COMPANY_STATUSES)
            if dashboard.companies_by_status is not None
            else None,
        )
        self._show_chart(
            "#activity-section",
            "#activities-this-week",
            count_bars(dashboard.activities_this_week, ACTIVITY_TYPES)
            if dashboard.activities_this_week is not None
            else None,
        )
        self._show_recent(dashboard.recent_activity)
        nothing = not any(section.display for section in self._sections())
        self._note("The server sent no dashboard figures." if nothing else "")

    def _show_kpis(self, dashboard: Dashboard) -> None:
        figures = (
            ("#win-rate", "Win rate", _maybe(percent, dashboard.win_rate)),
            ("#open-tasks", "Open tasks", _maybe(count, dashboard.open_tasks)),
            ("#overdue-tasks", "Overdue tasks", _maybe(count, dashboard.overdue_tasks)),
        )
        for selector, title, figure in figures:
            kpi = self.query_one(selector, Static)
            kpi.display = figure is not None
            if figure is not None:
                kpi.update(Text.assemble((f"{title} ", "dim"), (figure, "bold")))
        # Overdue work is the one figure that asks for action: it stands out.
        overdue = self.query_one("#overdue-tasks", Static)
        overdue.set_class(bool(dashboard.overdue_tasks), "-overdue")
        self.query_one("#kpis").display = any(figure is not None for *_, figure in figures)

    def _show_chart(self, section: str, chart: str, bars: list[Bar] | None) -> None:
        self.query_one(section).display = bars is not None
        if bars is not None:
            self.query_one(chart, BarChart).set_bars(bars)
        side = self.query_one("#dash-side")
        side.display = any(child.display for child in side.children)
        charts = self.query_one("#dash-charts")
        charts.display = any(child.display for child in charts.children)

    def _show_recent(self, activities: list[Activity] | None) -> None:
        self.query_one("#recent-section").display = activities is not None
        if activities is None:
            return
        self._targets = {}
        for activity in activities:
            target = regarding(activity)
            if target is not None:
                kind, record_id, _ = target
                self._targets[activity.id] = (kind, record_id)
        self.query_one("#recent", RecordList).set_records(activities)

    def _sections(self) -> list[Any]:
        return [
            self.query_one("#kpis"),
            self.query_one("#dash-charts"),
            self.query_one("#recent-section"),
        ]

    def _note(self, text: str) -> None:
        note = self.query_one("#dash-note", Static)
        note.update(text)
        note.display = bool(text)

    # ---------------------------------------------------------------- opening

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        target = self._targets.get(event.key)
        if target is None:
            self.notify("This activity is not linked to a lead, contact or company.")
            return
        self.app.open_record(*target)  # type: ignore[attr-defined]
