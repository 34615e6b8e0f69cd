"""The Lead screen: a lead's fields above its timeline, newest first.

``e`` edits the lead, ``a`` logs an activity, ``m`` (or ``<``/``>``) moves its stage
exactly as the board does (:mod:`..stage_moves`), ``c`` opens its company, ``x``
deletes it.  After a move the lead and the timeline are fetched again, so the
screen shows what the win/loss automation did: the closing date, the probability,
the stage-change entry, and (on ``won``) whether the company turned active.

Other screens extend this one's keys by adding to ``BINDINGS`` and calling
:meth:`LeadScreen.reload_timeline` after writing to the lead.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static
from textual.worker import Worker

from ...api import NotFound, queries
from ...api.models import Activity, Company, Lead, TimelineEntry, stage_order
from .. import lead_deletion
from ..formatting import DASH, NO_NAME, day, label, money, timestamp, when
from ..keymap import JUMP_BINDING, stage_bindings
from ..stage_moves import Move, StageMover
from ..widgets.field_list import FieldItem, FieldList
from ..widgets.screen_footer import ScreenFooter
from ..workers import api_worker
from .activity_form import ActivityForm
from .base import CrmScreen
from .compose_email import ComposeEmail
from .lead_form import LeadForm

#: Lines of an entry's body shown on the timeline (the rest is cut with "…").
BODY_LINES = 4
#: Characters of an entry's body, and cells of its heading, shown: one long line
#: must not take the screen either.
BODY_CHARS = 400
HEADING_CELLS = 160
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.IGNORECASE)


def plain_body(entry: TimelineEntry) -> str:
    """The entry's body as plain lines; an email's HTML loses its tags."""
    body = (entry.body or "").strip()
    if entry.kind == "email":
        body = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", body)))
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if len(lines) > BODY_LINES:
        lines = [*lines[: BODY_LINES - 1], lines[BODY_LINES - 1] + " …"]
    return shortened("\n".join(lines), BODY_CHARS)


def shortened(text: str, limit: int) -> str:
    """``text``, cut with " …" past ``limit`` characters."""
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def entry_heading(entry: TimelineEntry) -> Text:
    """'Call · Discovery call', 'Stage: proposal -> won', 'Email · Following up'."""
    heading = Text()
    if entry.kind == "stage_change":
        stages = f"Stage: {entry.from_stage or DASH} -> {entry.to_stage or DASH}"
        heading.append(stages, style="bold")
        return heading
    kind = "Email" if entry.kind == "email" else label(entry.type or entry.kind)
    heading.append(kind, style="bold")
    if entry.subject:
        heading.append(" · ")
        heading.append(entry.subject)
    heading.truncate(HEADING_CELLS, overflow="ellipsis")
    return heading


class TimelineItem(Static):
    """One timeline entry: heading, body, who and when."""

    KINDS: ClassVar[frozenset[str]] = frozenset({"activity", "stage_change", "email"})

    def __init__(self, entry: TimelineEntry, text: Text) -> None:
        kind = entry.kind if entry.kind in self.KINDS else "other"
        super().__init__(text, classes=f"timeline-entry -{kind}")
        self.entry = entry


class LeadScreen(CrmScreen):
    screen_title = "Lead"
    AUTO_FOCUS = "#timeline"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("a", "log_activity", "Log", tooltip="Log an activity", id="log_activity"),
        Binding("w", "write_email", "Email", tooltip="Write an outbound email", id="write_email"),
        *stage_bindings(),
        Binding("c", "open_company", "Company", id="open_company"),
        Binding("x", "delete", "Delete", id="delete"),
        JUMP_BINDING,
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.mover = StageMover(self, self)
        self.lead: Lead | None = None
        self.company: Company | None = None
        #: The company's status when the last move started (to tell what ``won`` did).
        self._status_before_move: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading lead…", id="lead-title", classes="list-header", markup=False)
        yield FieldList(id="lead-fields", column_width=36)
        yield Static("Timeline", id="timeline-header", classes="list-header")
        yield VerticalScroll(id="timeline")
        yield ScreenFooter()

    def on_mount(self) -> None:
        self.call_later(self.show_cached_then_refresh)

    async def show_cached(self) -> None:
        """Show what the local cache kept of this lead, before the server answers."""
        lead = await self.cached(queries.lead(self.record_id))
        if lead is not None:
            company = None
            if lead.company_id:
                company = await self.cached(queries.company(lead.company_id))
            self.lead, self.company = lead, company
            self._show_lead()
        entries = await self.cached(queries.timeline(self.record_id))
        if entries is not None:
            await self._show_timeline(entries)

    def action_refresh(self) -> None:
        self.load_lead()
        self.reload_timeline()

    # ----------------------------------------------------------------- loading

    @api_worker("lead-load")
    async def load_lead(self, after_move: Move | None = None) -> None:
        fields = self.query_one(FieldList)
        with self.indicate_loading(fields):
            lead = await self.api.get_lead(self.record_id)
            company = await self.api.get_company(lead.company_id) if lead.company_id else None
            if company is not None:
                self.names.learn("company", company.id, company.name)
            [lead] = await self.names.complete_leads([lead])
        self.lead, self.company = lead, company
        self._show_lead()
        if after_move is not None and after_move.stage == "won":
            self._tell_company_change()

    def reload_timeline(self) -> None:
        """Fetch the timeline again (after anything that writes to it)."""
        self.load_timeline()

    @api_worker("lead-timeline")
    async def load_timeline(self) -> None:
        timeline = self.query_one("#timeline", VerticalScroll)
        with self.indicate_loading(timeline):
            entries = await self.api.get_timeline(self.record_id)
        await self._show_timeline(entries)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if isinstance(error, NotFound) and worker.group in ("lead-load", "lead-timeline"):
            self.lead = None
            self.query_one("#lead-title", Static).update(
                "This lead no longer exists (deleted?). Press escape to go back."
            )
        return False

    # ----------------------------------------------------------------- showing

    def _show_lead(self) -> None:
        lead = self.lead
        if lead is None:
            return
        heading = Text(lead.title or NO_NAME, style="bold")
        heading.append(f"  ·  {label(lead.stage)}")
        self.query_one("#lead-title", Static).update(heading)
        self.query_one(FieldList).show(self._fields(lead))

    def _fields(self, lead: Lead) -> list[FieldItem]:
        company = lead.company_name
        if company and self.company is not None and self.company.id == lead.company_id:
            company = f"{company} ({label(self.company.status)})"
        contact = lead.contact_name
        if contact and lead.contact_email:
            contact = f"{contact} <{lead.contact_email}>"
        probability = None if lead.probability is None else f"{lead.probability}%"
        return [
            FieldItem("Stage", label(lead.stage)),
            FieldItem(
                "Value", money(lead.value, lead.currency) if lead.value is not None else None
            ),
            FieldItem("Probability", probability),
            FieldItem("Weighted", money(lead.weighted_value, lead.currency)),
            FieldItem("Expected close", day(lead.expected_close_date)),
            FieldItem("Closed at", timestamp(lead.closed_at)),
            FieldItem("Company", company),
            FieldItem("Contact", contact),
            FieldItem("Owner", lead.owner_name),
            FieldItem("Lost reason", lead.lost_reason),
            FieldItem("Notes", lead.notes, wide=True),
        ]

    async def _show_timeline(self, entries: list[TimelineEntry]) -> None:
        timeline = self.query_one("#timeline", VerticalScroll)
        count = len(entries)
        self.query_one("#timeline-header", Static).update(
            f"Timeline · {count} entr{'y' if count == 1 else 'ies'}, newest first"
        )
        now = self.workspace.clock()
        # Newest first even if a server sends them in another order (stable for ties).
        newest_first = sorted(
            entries, key=lambda e: e.occurred_at.timestamp() if e.occurred_at else 0, reverse=True
        )
        items = [TimelineItem(entry, self._entry_text(entry, now)) for entry in newest_first]
        await timeline.remove_children()
        if items:
            await timeline.mount_all(items)
        else:
            await timeline.mount(
                Static("Nothing yet: press a to log an activity.", classes="empty-note")
            )

    @staticmethod
    def _entry_text(entry: TimelineEntry, now: Any) -> Text:
        text = entry_heading(entry)
        body = plain_body(entry)
        if body:
            text.append("\n")
            text.append(body)
        text.append("\n")
        text.append(f"{entry.user_name or 'someone'} · {when(entry.occurred_at, now)}", "dim")
        return text

    # ----------------------------------------------------------------- moving

    def copy_record(self) -> Lead | None:
        return self.lead

    def _current(self) -> Lead | None:
        if self.lead is None:
            self.app.bell()
        return self.lead

    def action_move_to(self) -> None:
        lead = self._current()
        if lead is not None:
            self.mover.pick(lead, stage_order([lead.stage]))

    def action_step(self, offset: int) -> None:
        lead = self._current()
        if lead is not None:
            self.mover.step(lead, offset, stage_order([lead.stage]))

    def stage_move_started(self, move: Move) -> None:
        self._status_before_move = self.company.status if self.company else None
        self.lead = move.moved
        self._show_lead()

    def stage_move_saved(self, move: Move, lead: Lead) -> None:
        self.lead = lead
        self._show_lead()
        # The automation may have changed more than the lead: ask again.
        self.load_lead(after_move=move)
        self.reload_timeline()

    def stage_move_failed(self, move: Move, restore: Lead) -> None:
        self.lead = restore
        self._show_lead()

    def _tell_company_change(self) -> None:
        company = self.company
        before = self._status_before_move
        if company is None or before is None or company.status == before:
            return
        self.app.notify(
            f"{company.name} is now {label(company.status).lower()} (was {before}).",
            title="Company",
            markup=False,
        )

    # ----------------------------------------------------------------- records

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        lead = self._current()
        if lead is None:
            return

        def saved(result: Lead | None) -> None:
            if result is not None:
                self.lead = result
                self.load_lead()

        self.app.push_screen(LeadForm(lead=lead), saved)

    def action_log_activity(self) -> None:
        lead = self._current()
        if lead is None:
            return

        def logged(activity: Activity | None) -> None:
            if activity is not None:
                self.reload_timeline()

        self.app.push_screen(ActivityForm(lead=lead), logged)

    def action_write_email(self) -> None:
        lead = self._current()
        if lead is None:
            return

        def sent(result: bool | None) -> None:
            if result:
                self.reload_timeline()  # the sent email is a timeline entry

        self.app.push_screen(ComposeEmail(lead), sent)

    def action_open_company(self) -> None:
        lead = self._current()
        if lead is None:
            return
        if not lead.company_id:
            self.app.notify("This lead has no company.", timeout=3)
            return
        self.app.open_record("company", lead.company_id)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        lead = self._current()
        if lead is not None:
            lead_deletion.confirm_delete(self, lead, self.delete_lead)

    @api_worker("lead-delete")
    async def delete_lead(self, lead: Lead) -> None:
        await lead_deletion.delete_lead(self, lead)
        self.app.pop_screen()
