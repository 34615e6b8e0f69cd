"""The Activities screen: every CRM activity, newest first, filtered by company and contact.

The company and contact filters are sent to the server; the text box filters the rows
already loaded, on the client, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static

from ...api.models import Activity
from .. import formatting
from ..choices import ANY_COMPANY, company_filter_picker, contact_search
from ..export_view import ExportSource
from ..loading import loading_indicator
from ..widgets.columns import Column
from ..widgets.pickers import Choice, Picker
from ..widgets.record_list import RecordList
from ..widgets.screen_footer import ScreenFooter
from ..widgets.search_box import SearchBox
from ..workers import api_worker
from .loaded_rows import LEAVE_SEARCH, LoadedRowsScreen, off_loop_if_long, searchable
from .related import Clock, newest_first, text, when_column


def activity_columns(clock: Clock) -> tuple[Column[Activity], ...]:
    """The list's columns.  The detail strip below it names the lead and who, always:
    the list's own detail line leaves those two out."""
    return (
        when_column(clock, 10),
        Column("type", "Type", lambda a: formatting.label(a.type), 7),
        Column("subject", "Subject", lambda a: text(a.subject), 14, grow=4),
        Column("company", "Company", lambda a: text(a.company_name), 10, grow=2),
        Column("contact", "Contact", lambda a: text(a.contact_name), 10, grow=2),
        Column(
            "lead",
            "Lead",
            lambda a: text(a.lead_title),
            12,
            grow=2,
            min_table_width=100,
            in_detail=False,
        ),
        Column(
            "who",
            "Who",
            lambda a: text(a.user_name),
            14,
            grow=1,
            min_table_width=100,
            in_detail=False,
        ),
    )


#: The value of the pickers' first choice: drop this filter.
ANY = ""


@dataclass(frozen=True)
class Filter:
    """A record the list is narrowed to: its id (sent to the server) and its name (shown)."""

    id: str
    name: str


class ActivityTable(RecordList[Activity]):
    """Activities by id; ``enter`` opens the record the activity belongs to."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open", id="open")]


def search_text(activity: Activity) -> str:
    return searchable(
        (
            activity.type,
            activity.subject,
            activity.body,
            activity.company_name,
            activity.contact_name,
            activity.lead_title,
            activity.user_name,
        ),
    )


def owner_of(activity: Activity) -> tuple[str, str] | None:
    """(kind, id) of the record an activity belongs to: its lead, else contact, else company."""
    for kind, record_id in (
        ("lead", activity.lead_id),
        ("contact", activity.contact_id),
        ("company", activity.company_id),
    ):
        if record_id:
            return kind, record_id
    return None


class ActivitiesScreen(LoadedRowsScreen[Activity]):
    load_group = "activities-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_activity", "Log", tooltip="Log an activity", id="new"),
        Binding("c", "filter_company", "Company", id="filter_company"),
        Binding("p", "filter_contact", "Contact", id="filter_contact"),
        Binding(
            "C",
            "clear_filters",
            "Clear",
            key_display="C",
            tooltip="Clear the company and contact filters",
            id="clear_filters",
        ),
        LEAVE_SEARCH,
    ]
    top_level = True
    screen_title = "Activities"

    def __init__(self) -> None:
        super().__init__()
        self.company: Filter | None = None
        self.contact: Filter | None = None
        self.activities: list[Activity] = []
        self.loaded = False
        self.reads_ahead.start("activities", self.api.list_activities, **self.filters())

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="activities-header", classes="list-header")
        yield SearchBox(
            placeholder="/ filter the loaded rows by text (on this screen, not the server)",
            id="search",
            compact=True,
        )
        yield ActivityTable(activity_columns(self.workspace.clock), id="activities")
        yield Static("", id="activity-detail")
        yield ScreenFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    # ------------------------------------------------------------------ loading

    def action_refresh(self) -> None:
        self.load()

    @property
    def table(self) -> ActivityTable:
        return self.query_one(ActivityTable)

    def filters(self) -> dict[str, str | None]:
        """The client's arguments for the company and contact filters set."""
        return {
            "company_id": self.company.id if self.company else None,
            "contact_id": self.contact.id if self.contact else None,
        }

    @api_worker("activities-load")
    async def load(self, keep: str | None = None) -> None:
        """Fetch with the current company/contact filters; a newer load supersedes this one."""
        with loading_indicator(self.table):
            activities = await self.reads_ahead.take(
                "activities", self.api.list_activities, **self.filters()
            )
            activities = await self.names.complete_activities(activities)
        self.activities = await off_loop_if_long(newest_first, activities)
        self.rows_loaded()
        await self.filter_loaded()
        self.show_rows(keep=keep)

    # ---------------------------------------------------------------- rendering

    def show_rows(self, *, keep: str | None = None) -> None:
        shown = self.visible_rows()
        self.put_rows(shown, keep=keep)
        self.show_header(len(shown))
        self.show_detail()

    def server_filters(self) -> object:
        return (self.company, self.contact)

    def forget_rows(self) -> None:
        self.activities = []
        self.loaded = False

    def loaded_rows(self) -> list[Activity]:
        return self.activities

    def row_text(self, row: Activity) -> str:
        return search_text(row)

    def export_source(self) -> ExportSource | None:
        return self.export_rows(
            "activities",
            f"company: {self.company.name}" if self.company else None,
            f"contact: {self.contact.name}" if self.contact else None,
        )

    def show_header(self, shown: int) -> None:
        header = Text("Activities", style="bold")
        scope = [
            ("company", self.company),
            ("contact", self.contact),
        ]
        filters = [(what, chosen.name) for what, chosen in scope if chosen is not None]
        if not filters:
            header.append(" · all companies and contacts")
        for what, name in filters:
            header.append(f" · {what}: ")
            header.append(name, style="bold")
        needle = self.needle
        if needle:
            header.append(" · text: ")
            header.append(needle, style="italic")
        if self.loaded:
            total = len(self.activities)
            counted = formatting.count(total)
            if shown != total:
                counted = f"{formatting.count(shown)} of {counted}"
            header.append(f" · {counted} shown", style="dim")
        if filters:
            header.append("  (C clears)", style="dim")
        self.query_one("#activities-header", Static).update(header)

    def show_detail(self) -> None:
        """When, who and which lead, and the body, for the row under the cursor."""
        activity = self.current_row()
        detail = Text(no_wrap=True, overflow="ellipsis")
        if activity is not None:
            parts = [
                formatting.when(activity.when, self.workspace.clock()),
                f"by {activity.user_name}" if activity.user_name else "",
                f"lead: {activity.lead_title}" if activity.lead_title else "",
            ]
            detail.append(" · ".join(p for p in parts if p), style="dim")
            if activity.body:
                detail.append("\n")
                detail.append(" ".join(activity.body.split()))
        elif self.loaded and not self.activities:
            detail.append("No activities match these filters.", style="dim")
        elif self.loaded:
            detail.append("No loaded activity matches the text.", style="dim")
        self.query_one("#activity-detail", Static).update(detail)

    # ------------------------------------------------------------------ filters

    def action_filter_company(self) -> None:
        self.app.push_screen(
            company_filter_picker(self.api, "Show the activities of a company"),
            self._set_company,
        )

    def _set_company(self, choice: Choice | None) -> None:
        if choice is not None:
            self.company = None if choice == ANY_COMPANY else Filter(choice.value, choice.label)
            self.refresh_bindings()  # `C` is offered only while a filter applies
            self.action_refresh()

    def action_filter_contact(self) -> None:
        self.app.push_screen(
            Picker(
                "Filter activities by contact",
                choices=[Choice(ANY, "Any contact", "drop this filter")],
                search=contact_search(self.api),
                placeholder="Type part of a name or email",
            ),
            self._set_contact,
        )

    def _set_contact(self, choice: Choice | None) -> None:
        if choice is not None:
            self.contact = Filter(choice.value, choice.label) if choice.value else None
            self.refresh_bindings()  # `C` is offered only while a filter applies
            self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            return self.company is not None or self.contact is not None
        return super().check_action(action, parameters)

    def action_clear_filters(self) -> None:
        self.company = None
        self.contact = None
        self.refresh_bindings()  # `C` is offered only while a filter applies
        self.action_refresh()

    # -------------------------------------------------------------------- open

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        activity = self.current_row()
        if activity is None:
            return
        target = owner_of(activity)
        if target is None:
            self.notify("This activity is not linked to a lead, contact or company.")
            return
        self.app.open_record(*target)  # type: ignore[attr-defined]

    # --------------------------------------------------------------------- new

    def action_new_activity(self) -> None:
        from .activity_form import ActivityForm

        form = ActivityForm(
            company_id=self.company.id if self.company else None,
            contact_id=self.contact.id if self.contact else None,
        )
        self.app.push_screen(form, self._created)

    def _created(self, activity: Activity | None) -> None:
        if activity is None:
            return
        # Make sure the text box does not hide the new row, then land on it.
        self.query_one("#search", Input).value = ""
        self.load(keep=activity.id)
