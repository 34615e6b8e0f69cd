"""The Dashboard: the CRM's aggregates at a glance, and the latest activity.

Every figure comes from one ``GET /dashboard``.  Any key the server leaves out hides
its section instead of failing the screen.  ``enter`` on a recent activity opens
the record it belongs to: its lead, else its contact, else its company.

It is the first screen: its first frame (the frame, a loading indicator) needs
nothing of the API layer.  Once that frame is drawn it shows what the local cache
kept from the last run, if anything, then asks the server.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Header, Label, Static
from textual.worker import Worker

from ...api.dashboard_figures import (
    CACHED_DASHBOARD,
    CachedActivity,
    CachedDashboard,
    DashboardFigures,
    RecentFigures,
    StageFigures,
    figures_of,
)
from ...api.vocabulary import ACTIVITY_TYPES, COMPANY_STATUSES
from ...workspace import owners_of
from .. import off_loop
from ..formatting import DASH, count, label, percent
from ..keymap import JUMP_BINDING
from ..money import MIXED, Totals, amount, amounts, is_mixed, lead_totals
from ..widgets.bars import Bar, BarChart, Figure
from ..widgets.columns import Column
from ..widgets.record_list import RecordList
from ..widgets.screen_footer import ScreenFooter
from ..workers import api_worker
from .base import CrmScreen
from .related import Clock, moment, text, when_column

if TYPE_CHECKING:
    from ...api.models import Activity, Dashboard, Lead


#: Older activities the Dashboard keeps to fill its list: more than a terminal has rows.
RECENT_POOL = 500


def newest_unknown(known: set[str], count: int, activities: list[Activity]) -> list[Activity]:
    """The ``count`` newest of ``activities`` whose ids are not in ``known``, newest first
    (ties in the order given, as a stable sort would leave them)."""
    newest = heapq.nlargest(count + len(known), activities, key=moment)
    return [activity for activity in newest if activity.id not in known][:count]


def recent_columns(clock: Clock) -> tuple[Column[RecentFigures], ...]:
    return (
        when_column(clock, 8),
        Column("type", "Type", lambda a: label(a.type), 7),
        Column("subject", "Subject", lambda a: text(a.subject), 12, grow=3),
        Column("regarding", "Regarding", regarding_text, 12, grow=2),
        Column("who", "By", lambda a: text(a.user_name), 12, grow=1, min_table_width=110),
    )


def in_known_order(counts: Mapping[str, int], known: tuple[str, ...]) -> list[tuple[str, int]]:
    """Known keys in their usual order, then whatever else the server sent, by name."""
    keys = [key for key in known if key in counts]
    keys += sorted(key for key in counts if key not in known)
    return [(key, counts[key]) for key in keys]


#: A stage's value and weighted value, per currency (from the leads themselves).
StageTotals = dict[str, tuple[Totals, Totals]]


def stage_totals(leads: list[Lead]) -> StageTotals:
    """Each stage's value and weighted value per currency: the dashboard's sums are not."""
    by_stage: dict[str, list[Lead]] = {}
    for lead in leads:
        by_stage.setdefault(lead.stage, []).append(lead)
    return {stage: lead_totals(mine) for stage, mine in by_stage.items()}


def owners_and_totals(leads: list[Lead]) -> tuple[dict[str, str], StageTotals]:
    """The leads' owners by id, and :func:`stage_totals`: pure, so it may run in a thread."""
    return owners_of(leads), stage_totals(leads)


def money_figure(server_sum: float, sums: Totals | None) -> Figure:
    """A stage's money: per currency when known (long), else the server's bare sum.

    The server adds values of every currency into one number: without the leads'
    currencies it is shown without a symbol, never labelled with one currency.
    """
    if sums is None:
        return amount(server_sum)
    return (amounts(sums), MIXED if is_mixed(sums) else amounts(sums))


def pipeline_bars(
    stages: Sequence[StageFigures], by_currency: StageTotals | None = None
) -> list[Bar]:
    """One bar per stage: its value, the weighted value solid inside it."""
    bars = []
    for stage in stages:
        # A stage none of the leads is in: only the server's bare sum is known.
        sums = None if by_currency is None else by_currency.get(stage.stage)
        bars.append(
            Bar(
                label(stage.stage),
                stage.value,
                (
                    count(stage.count),
                    money_figure(stage.value, sums and sums[0]),
                    money_figure(stage.weighted_value, sums and sums[1]),
                ),
                inner=stage.weighted_value,
            )
        )
    return bars


def currency_lines(stages: Sequence[StageFigures], by_currency: StageTotals) -> Text:
    """The stages whose leads mix currencies, each sum written per currency."""
    lines = Text(no_wrap=True, overflow="ellipsis")
    for stage in stages:
        value, weighted = by_currency.get(stage.stage, ({}, {}))
        if not is_mixed(value):
            continue
        if lines:
            lines.append("\n")
        lines.append(f"{label(stage.stage):<12}", style="bold")
        lines.append(amounts(value))
        lines.append("  weighted ", style="dim")
        lines.append(amounts(weighted))
    return lines


def count_bars(counts: Mapping[str, int], known: tuple[str, ...]) -> list[Bar]:
    return [Bar(label(key), value, (count(value),)) for key, value in in_known_order(counts, known)]


def _maybe(render: Callable[[Any], str], value: float | None) -> str | None:
    return None if value is None else render(value)


def regarding(activity: RecentFigures) -> tuple[str, str, str] | None:
    """(kind, id, name) of the record an activity opens: lead, else contact, else company."""
    if activity.lead_id:
        return "lead", activity.lead_id, activity.lead_title or "(lead)"
    if activity.contact_id:
        return "contact", activity.contact_id, activity.contact_name or "(contact)"
    if activity.company_id:
        return "company", activity.company_id, activity.company_name or "(company)"
    return None


def regarding_text(activity: RecentFigures) -> str:
    """'lead Fleet refit', 'contact Astrid Berg': what the activity opens."""
    target = regarding(activity)
    return DASH if target is None else f"{target[0]} {target[2]}"


#: Under the chart when a stage's leads are in several currencies.
MIXED_NOTE = "mixed: several currencies, see below"


def hidden(widget: Widget) -> Widget:
    widget.display = False
    return widget


class RecentList(RecordList):
    """The recent activity: how many rows it shows depends on its height, so it says
    when that changes (the sections around it come and go as answers arrive)."""

    class Resized(Message):
        """The list has another size: the rows that fit may be more, or fewer."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())


def dashboard_sections(clock: Clock) -> list[Widget]:
    """The sections under the Dashboard's note, each hidden until a figure shows it."""
    return [
        hidden(
            Horizontal(
                Static("", id="win-rate", classes="kpi"),
                Static("", id="open-tasks", classes="kpi"),
                Static("", id="overdue-tasks", classes="kpi"),
                id="kpis",
            )
        ),
        hidden(
            Horizontal(
                Vertical(
                    Label("Pipeline by stage", classes="section-title"),
                    BarChart(headings=("count", "value", "weighted"), id="pipeline"),
                    Static(
                        "[$accent]█[/] weighted  [$accent-muted]░[/] rest of the value",
                        classes="legend",
                    ),
                    hidden(Static(MIXED_NOTE, id="mixed-note", classes="legend")),
                    id="pipeline-section",
                    classes="dash-section",
                ),
                Vertical(
                    Vertical(
                        Label("Companies by status", classes="section-title"),
                        BarChart(id="companies-by-status"),
                        id="status-section",
                        classes="dash-section",
                    ),
                    Vertical(
                        Label("Activities this week", classes="section-title"),
                        BarChart(id="activities-this-week"),
                        id="activity-section",
                        classes="dash-section",
                    ),
                    id="dash-side",
                ),
                id="dash-charts",
            )
        ),
        hidden(
            Vertical(
                Label("Recent activity", classes="section-title"),
                RecentList(recent_columns(clock), id="recent"),
                id="recent-section",
                classes="dash-section",
            )
        ),
        hidden(
            Vertical(
                Label("Pipeline by currency", classes="section-title"),
                Static("", id="currency-lines"),
                id="currency-section",
                classes="dash-section",
            )
        ),
    ]


class DashboardScreen(CrmScreen):
    top_level = True
    screen_title = "Dashboard"
    #: on_mount focuses the recent activity without scrolling to it (Textual's own
    #: first focus would scroll the body down to the table).
    AUTO_FOCUS = ""
    HORIZONTAL_BREAKPOINTS = [
        (0, "-tiny"),
        (80, "-narrow"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Refreshing is what one does here, and the footer has room to say so.
        Binding("r", "refresh", "Refresh", id="refresh"),
        JUMP_BINDING,
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The figures on screen: the server's (the models), or the cache's read without
        #: them (a CachedDashboard) until the server's come.
        self.dashboard: DashboardFigures | None = None
        #: The latest activities then older ones, once a tall screen has asked for them.
        self._recent_pool: list[RecentFigures] | None = None
        #: Each stage's sums per currency, once the leads are in (None until then).
        self.by_currency: StageTotals | None = None
        #: The client's write count at the last load: more since means stale figures.
        self._writes_seen = -1
        #: Some stage's leads are in several currencies.
        self._mixed = False
        #: What each recent-activity row opens, by activity id.
        self._targets: dict[str, tuple[str, str]] = {}
        #: The sections' mount, once the first figures have started it.
        self._mounting: AwaitMount | None = None
        #: The sections are mounted (the widgets below the note can be queried).
        self._sections_shown = False

    def compose(self) -> ComposeResult:
        # The first frame shows only the frame and a loading indicator: the sections,
        # hidden until the figures come, are mounted then (`_sections_ready`), and
        # their 40-odd widgets cost the first frame nothing.
        yield Header()
        with VerticalScroll(id="dash-body", can_focus=False):
            yield Static("", id="dash-note", classes="empty-note")
        yield ScreenFooter()

    def on_mount(self) -> None:
        # Nothing is known until the first answer: the first frame says at once that
        # data is on its way.
        self.query_one("#dash-note").display = False
        self.query_one("#dash-body").loading = True
        # Reading the cache is async (a large answer is read in a thread): called later.
        self.app.after_first_frame(partial(self.call_later, self._start))  # type: ignore[attr-defined]

    async def _sections_ready(self) -> None:
        """Mount the sections (once; every caller waits for the same mount)."""
        if self._mounting is None:
            self._mounting = self.query_one("#dash-body").mount_all(
                dashboard_sections(self.workspace.clock)
            )
        await self._mounting
        if not self._sections_shown:
            self._sections_shown = True
            # Without scrolling to it: the body starts at its top, the figures first.
            self.query_one("#recent", RecordList).focus(scroll_visible=False)

    async def _start(self) -> None:
        # Read without the models when it can be (the usual shape): the figures are up
        # before pydantic is even imported, which the client then does.
        cached: DashboardFigures | None = await self.cached(CACHED_DASHBOARD)
        if cached is None and self.workspace.holds(CACHED_DASHBOARD):
            from ...api import queries  # loads the models: only for an answer they must read

            cached = await self.cached(queries.dashboard())
        if cached is None:
            self.load()
            return
        await self._sections_ready()
        self.query_one("#dash-body").loading = False
        self.show(cached)
        # The cached figures are drawn before the client is built (and httpx loaded).
        self.call_after_refresh(self.load)

    def on_screen_resume(self) -> None:
        # Aggregates change with every write elsewhere: coming back after one shows
        # fresh figures.  (Textual also sends resume on the first showing: that load
        # is on_mount's.)
        if self.dashboard is not None and self.api.write_count != self._writes_seen:
            self.load()

    def action_refresh(self) -> None:
        self.load()

    @api_worker("dashboard-load")
    async def load(self) -> None:
        body = self.query_one("#dash-body")
        with self.indicate_loading(body):
            dashboard = await self._read_dashboard(body)
            if dashboard.recent_activity:
                recent = await self.names.complete_activities(dashboard.recent_activity)
                dashboard = dashboard.model_copy(update={"recent_activity": recent})
        await self._sections_ready()
        if self._draws_anew(dashboard):
            self.show(dashboard)
        else:
            # The same answer as on screen (the cached one, an unchanged reload) draws
            # nothing: no flicker, and the recent activity's cursor stays where it is.
            # The server's records are kept: copying reads them.
            self.dashboard = dashboard
        # The charts shown for the first time have no width yet: fitted once laid out.
        self.call_after_refresh(self._show_currency_section)
        if dashboard.pipeline is not None:
            self.load_currencies()

    async def _read_dashboard(self, body: Widget) -> Dashboard:
        """The server's dashboard.  At a cold start it is read first without the models
        and its figures drawn at once, as the floor app's would be; the client (and
        pydantic, which it loads) is built after, and reads the same answer into the
        models, sending nothing."""
        early = await self.workspace.read_early(CACHED_DASHBOARD)
        if early is None:
            self._writes_seen = self.api.write_count
            return await self.api.get_dashboard()
        figures, answer = early
        if figures is not None:
            await self._sections_ready()
            body.loading = False
            self.show(figures)
            # On screen before the client's imports hold the event loop.
            drawn = asyncio.Event()
            self.call_after_refresh(drawn.set)
            await drawn.wait()
        api = await self.workspace.load_client()
        self._writes_seen = api.write_count
        from ...api import queries

        return api.adopt(queries.dashboard(), answer)

    def _draws_anew(self, dashboard: DashboardFigures) -> bool:
        """Whether ``dashboard`` differs from what is on screen."""
        shown = self.dashboard
        if isinstance(shown, CachedDashboard):  # read without the models: its figures
            return figures_of(dashboard) != shown
        return dashboard != shown

    @api_worker("dashboard-currencies")
    async def load_currencies(self) -> None:
        """The leads' currencies: the dashboard's sums add every currency into one."""
        leads = await self.api.list_leads()
        # In a thread for a big CRM: 20,000 leads are some 15 ms of work (more on a busy machine).
        owners, by_currency = await off_loop.if_long(leads, owners_and_totals, leads)
        self.workspace.owners_seen.update(owners)  # offered by name in the forms
        if by_currency == self.by_currency:
            return  # the same sums as shown: nothing to draw again
        self.by_currency = by_currency
        if self.dashboard is not None:
            self._show_pipeline(self.dashboard)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if self.dashboard is None:
            self._note("Could not load the dashboard. Press r to try again.")
        return False  # the app's notification says what went wrong

    # --------------------------------------------------------------- showing

    def show(self, dashboard: DashboardFigures) -> None:
        self.dashboard = dashboard
        self._recent_pool = None  # older activities are asked for again, if there is room
        self._show_kpis(dashboard)
        self._show_pipeline(dashboard)
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
        self.call_after_refresh(self._fill_recent)
        nothing = not any(section.display for section in self._sections())
        self._note("The server sent no dashboard figures." if nothing else "")

    def _show_kpis(self, dashboard: DashboardFigures) -> None:
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

    def _show_pipeline(self, dashboard: DashboardFigures) -> None:
        stages = dashboard.pipeline
        by_currency = self.by_currency
        self._show_chart(
            "#pipeline-section",
            "#pipeline",
            pipeline_bars(stages, by_currency) if stages is not None else None,
        )
        lines = currency_lines(stages, by_currency) if stages and by_currency else Text()
        self.query_one("#currency-lines", Static).update(lines)
        self._mixed = bool(lines)
        self._show_currency_section()

    def _show_currency_section(self) -> None:
        """The sums per currency, below the rest, while the chart only says "mixed"."""
        if not self._sections_shown:
            return  # no figures yet: a resize before the first answer has nothing to fit
        chart = self.query_one("#pipeline", BarChart)
        needed = self._mixed and chart.short_forms(chart.content_size.width)
        changed = needed != self.query_one("#currency-section").display
        for selector in ("#currency-section", "#mixed-note"):
            self.query_one(selector).display = needed
        if changed:  # the recent activity has another height now
            self.call_after_refresh(self._fill_recent)

    def on_recent_list_resized(self) -> None:
        # Laid out anew: the rows that fit are counted from the list's real height.  A
        # fill asked for before the layout caught up (an answer arriving as a section
        # was shown) would otherwise leave one row too many, or too few.
        self._fill_recent()

    def on_resize(self, event: events.Resize) -> None:
        # The chart's width decides whether its figures fit, the height how many recent
        # activities are shown.  (CrmScreen's handler, the footer's compact form, runs
        # as well: Textual calls each class's.)
        self.call_after_refresh(self._show_currency_section)
        self.call_after_refresh(self._fill_recent)

    def _show_chart(self, section: str, chart: str, bars: list[Bar] | None) -> None:
        self.query_one(section).display = bars is not None
        if bars is not None:
            self.query_one(chart, BarChart).set_bars(bars)
        side = self.query_one("#dash-side")
        side.display = any(child.display for child in side.children)
        charts = self.query_one("#dash-charts")
        charts.display = any(child.display for child in charts.children)

    def _show_recent(self, activities: Sequence[RecentFigures] | None) -> None:
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

    def _recent_room(self) -> int:
        """How many recent activities the list shows without scrolling."""
        table = self.query_one("#recent", RecordList)
        return table.rows_shown if table.size.height else 0

    def _fill_recent(self) -> None:
        """A tall screen shows more than the dashboard's few latest activities: as many
        as fit, no more (the room changes as sections below come and go)."""
        dashboard = self.dashboard
        if dashboard is None or dashboard.recent_activity is None:
            return
        room = self._recent_room()
        latest = dashboard.recent_activity
        table = self.query_one("#recent", RecordList)
        if self._recent_pool is not None:  # older ones are loaded: show as many as fit
            shown = self._recent_pool[: max(room, len(latest))]
            if table.row_count != len(shown):
                self._show_recent(shown)
        elif table.row_count < room:
            self.load_more_recent()

    @api_worker("dashboard-recent")
    async def load_more_recent(self) -> None:
        """The dashboard's latest activities, then older ones, kept to fill the room."""
        latest = (self.dashboard.recent_activity if self.dashboard else None) or []
        known = {activity.id for activity in latest}
        # The newest few only, chosen as the list is read (in a thread when it is long):
        # the rest of a big CRM's 60,000 are let go as they come, never all held (they
        # left the process 36 MiB bigger for good; the Activities screen reads its own).
        newest = await self.api.list_newest_activities(RECENT_POOL + len(known), key=moment)
        older = newest_unknown(known, RECENT_POOL, newest)
        self._recent_pool = [*latest, *older]
        self._fill_recent()

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

    def copy_record(self) -> Activity | None:
        """The recent activity under the cursor."""
        if not self._sections_shown:
            return None
        recent: RecordList[RecentFigures] = self.query_one("#recent", RecordList)
        record = recent.current_record
        return None if record is None else self._model_of(record)

    def _model_of(self, record: RecentFigures) -> Activity | None:
        """The models' record of a recent activity (copying reads every field of it): a
        cached figure's is the server's own record of it, once the server has answered."""
        from ...api.models import Activity

        if isinstance(record, Activity):
            return record
        latest = self.dashboard.recent_activity if self.dashboard is not None else None
        for activity in latest or ():
            if isinstance(activity, Activity) and activity.id == record.id:
                return activity
        if isinstance(record, CachedActivity) and record.raw is not None:
            # No answer yet (or offline): the cached record, read by the models now.
            from ...api.parsing import read_record

            return read_record(Activity, record.raw)
        return None

    # ---------------------------------------------------------------- opening

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        target = self._targets.get(event.key)
        if target is None:
            self.notify("This activity is not linked to a lead, contact or company.")
            return
        self.app.open_record(*target)  # type: ignore[attr-defined]
