"""What a record's screen (a company, a contact) is made of.

A title line, the record's fields in a read-only panel, and its related records in
tabs, one table per tab.  Tabs rather than stacked tables: at 80x24 three stacked
tables would get four rows each, while a tab gets the whole lower half, and the tab
labels still say how many records each holds.  ``t``/``T`` change tab, ``escape``
goes back to the screen below, untouched.  When the record is gone (404) the screen
says so instead of showing empty tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Header, Static, Tab, TabbedContent, TabPane, Tabs

from ...api import CrmError, queries
from ...api.models import Activity, Lead
from ..export_view import ExportSource
from ..keymap import JUMP_BINDING
from ..widgets.columns import Column
from ..widgets.field_list import FieldList
from ..widgets.record_list import RecordList
from ..widgets.screen_footer import ScreenFooter
from .base import CrmScreen
from .related import LEAD_COLUMNS, Clock, activity_columns, newest_first


class SectionTable(RecordList[Any]):
    """A list of related records; ``enter`` opens the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open", id="open")]


@dataclass(frozen=True)
class Section:
    """One tab: its id (the list's id too), its label, its columns, its empty note.

    The columns are made for the screen's clock (an activity's "2d ago" reads it).
    """

    id: str
    label: str
    columns: Callable[[Clock], Sequence[Column[Any]]]
    empty: str = "Nothing here yet."


def leads_section(noun: str) -> Section:
    return Section("leads", "Leads", lambda _: LEAD_COLUMNS, f"No leads for this {noun}.")


def activities_section(noun: str) -> Section:
    """The activities of a company or contact; Regarding leaves out that record."""
    return Section(
        "activities",
        "Activities",
        lambda clock: activity_columns(clock, skip=noun),
        "No activities logged.",
    )


class RecordScreen(CrmScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("t", "next_tab", "Next tab", id="next_tab"),
        Binding("T", "previous_tab", "Previous tab", show=False, id="previous_tab"),
        JUMP_BINDING,
    ]
    #: The tabs, in order.
    SECTIONS: ClassVar[Sequence[Section]] = ()
    #: What the record is called in messages: "company", "contact".
    noun: ClassVar[str] = "record"

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.gone = False
        self._left_for_a_screen = False
        #: The tabs whose records have come (by section id): those an export can write.
        self.loaded_sections: set[str] = set()

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Loading the {self.noun}…"), id="record-title", classes="record-title")
        yield Static("", id="record-gone", classes="record-gone", markup=False)
        with Vertical(classes="record-body"):
            yield FieldList(id="fields", classes="record-fields")
            with TabbedContent(id="tabs", classes="record-tabs"):
                for section in self.SECTIONS:
                    with TabPane(section.label, id=f"{section.id}-tab"):
                        note = Static(section.empty, id=f"{section.id}-empty", classes="empty-note")
                        note.display = False
                        yield note
                        yield SectionTable(section.columns(self.workspace.clock), id=section.id)
        yield ScreenFooter()

    async def on_mount(self) -> None:
        await self.load_first()

    def on_screen_suspend(self) -> None:
        self._left_for_a_screen = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        # Back from another record's screen, where this one's related records may have
        # changed (a membership removed, a lead moved): reload, the cursors stay put.
        # After a dialog there is nothing to do: its own callback reloads what changed.
        if self._left_for_a_screen and not self.gone:
            self.action_refresh()
        self._left_for_a_screen = False

    # ---------------------------------------------------------------- helpers

    def table(self, section_id: str) -> SectionTable:
        return self.query_one(f"#{section_id}", SectionTable)

    @property
    def fields(self) -> FieldList:
        return self.query_one("#fields", FieldList)

    def set_title(self, title: Text) -> None:
        self.query_one("#record-title", Static).update(title)

    def set_count(self, section_id: str, count: int) -> None:
        """The tab label says how many records the tab holds; an empty tab says so."""
        self.loaded_sections.add(section_id)
        label = next(s.label for s in self.SECTIONS if s.id == section_id)
        tab = self.query_one("#tabs", TabbedContent).get_tab(f"{section_id}-tab")
        tab.label = f"{label} ({count})"
        # The tab bar moves its underline to the active tab when a label changes, after
        # the next refresh; on a busy machine that can come before the new label's
        # width is laid out, leaving the underline the old label's width.  Saying so
        # again once that refresh is over measures the laid-out tab.
        self.call_after_refresh(tab.post_message, Tab.Relabelled(tab))
        self.query_one(f"#{section_id}-empty", Static).display = count == 0

    @property
    def record_name(self) -> str | None:
        """The record's name once loaded ("Acme Corp"), for messages and file names."""
        return None

    def export_source(self) -> ExportSource | None:
        """The tab in view: its records in the order shown (a section's id is their kind)."""
        section = self.active_section
        if section is None or section not in self.loaded_sections or self.gone:
            return None
        name = self.record_name or f"{self.noun} {self.record_id[:8]}"
        scope = f"{self.noun}: {name}"
        records = self.table(section).records
        return ExportSource.loaded(section, f"{name}-{section}", scope, records)

    def show_gone(self, error: CrmError) -> None:
        """The record no longer exists: say so, and that escape goes back."""
        self.gone = True
        self.query_one("#record-gone", Static).update(
            f"This {self.noun} no longer exists (the server says: {error.message}). "
            "It may have been deleted or merged. Press escape to go back."
        )
        self.set_title(Text(f"{self.noun.capitalize()} not found", style="bold"))
        self.add_class("-gone")
        self.refresh_bindings()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_tab", "previous_tab"):
            return not self.gone
        return super().check_action(action, parameters)

    def open_record(self, kind: str, record_id: str) -> None:
        self.app.open_record(kind, record_id)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        ids = [f"{section.id}-tab" for section in self.SECTIONS]
        if tabs.active in ids:
            tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # The table of the tab just shown takes the keys (j/k, enter), unless the user
        # is walking the tab bar itself with left/right.
        pane = event.pane
        if pane.id and not isinstance(self.focused, Tabs):
            self.table(pane.id.removesuffix("-tab")).focus()

    @property
    def active_section(self) -> str | None:
        active = self.query_one("#tabs", TabbedContent).active
        return active.removesuffix("-tab") if active else None


class LeadsAndActivitiesScreen(RecordScreen):
    """A record that leads and activities point at (a company, a contact).

    Its ``leads`` and ``activities`` tabs are filled from what its load workers fetched
    (the workers stay on the subclass: each has its own group), and ``enter`` on an
    activity opens the activity's lead, else the other record it is about.
    """

    #: The other record an activity may be about ("contact" on a company's screen):
    #: what ``enter`` opens on an activity without a lead.
    other_noun: ClassVar[str] = "record"

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id)
        self.activities: dict[str, Activity] = {}

    async def show_cached_leads_and_activities(self, **record: str) -> None:
        """The leads and activities the cache kept for this record (``company_id=...``)."""
        leads = await self.cached(queries.leads(**record))
        if leads is not None:
            await self.show_leads(leads)
        activities = await self.cached(queries.activities(**record))
        if activities is not None:
            await self.show_activities(activities)

    async def show_leads(self, leads: Sequence[Lead]) -> None:
        """The leads, their linked records named (see :mod:`..names`)."""
        leads = await self.names.complete_leads(leads)
        self.table("leads").set_records(leads)
        self.set_count("leads", len(leads))

    async def show_activities(self, activities: list[Activity]) -> None:
        """Newest first (the Regarding column leaves out this record: see the sections)."""
        activities = newest_first(await self.names.complete_activities(activities))
        self.activities = {activity.id: activity for activity in activities}
        self.table("activities").set_records(activities)
        self.set_count("activities", len(activities))

    def open_activity(self, activity_id: str) -> None:
        """An activity has no screen of its own: open its lead, else the other record."""
        activity = self.activities.get(activity_id)
        if activity is None:
            return
        other_id = {"contact": activity.contact_id, "company": activity.company_id}.get(
            self.other_noun
        )
        if activity.lead_id:
            self.open_record("lead", activity.lead_id)
        elif other_id:
            self.open_record(self.other_noun, other_id)
        else:
            self.notify(
                f"This activity has no lead or {self.other_noun} to open.", severity="warning"
            )
