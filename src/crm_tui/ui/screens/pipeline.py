"""The Pipeline screen (``4``): the lead board, its filters, and moving leads between stages.

Moves are optimistic (see :mod:`..stage_moves`): the card changes column at once
and goes back, with the server's message, if the server refuses.  The owner filter
works on the leads already loaded (the API cannot filter leads by owner); the
company filter asks the server again (``list_leads(company_id=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static
from textual.worker import Worker

from ...api import NotFound, queries
from ...api.models import Lead
from ...workspace import owners_of
from .. import lead_deletion, off_loop
from ..choices import ANY_COMPANY, company_filter_picker
from ..export_view import ExportSource
from ..formatting import count, label
from ..keymap import JUMP_BINDING, stage_bindings
from ..money import amounts
from ..stage_moves import Move, StageMover
from ..widgets.board import Board
from ..widgets.owner_filter import ANY, ME, UNASSIGNED, OwnerFilter, owner_filter, owner_picker
from ..widgets.pickers import Choice
from ..widgets.screen_footer import ScreenFooter
from ..workers import api_worker
from .base import CrmScreen
from .lead_form import LeadForm

NO_OWNER_FILTER = OwnerFilter(ANY, "any")


@dataclass(frozen=True)
class CompanyFilter:
    """The company whose leads the board shows (``id`` None: every company's)."""

    id: str | None
    label: str


NO_COMPANY_FILTER = CompanyFilter(None, "any")


@dataclass(frozen=True)
class LoadedLeads:
    """What a load's leads tell beside themselves: worked out in a thread when long."""

    #: Owner id -> name, for the forms and filters (the API lists no users).
    owners: dict[str, str]
    #: The leads the board was last given, again (say, the cache's, then the server's).
    unchanged: bool


def look_over(leads: list[Lead], shown: list[Lead] | None) -> LoadedLeads:
    """Pure: two passes over every lead (a comparison of 20,000 is 15 ms and more)."""
    return LoadedLeads(owners=owners_of(leads), unchanged=leads == shown)


class PipelineScreen(CrmScreen):
    top_level = True
    screen_title = "Pipeline"
    AUTO_FOCUS = "Board"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Out of the footer, which is short at 80 columns; help (?) lists it.
        Binding("enter", "open", "Open", show=False, id="open"),
        *stage_bindings("Stage ⇧←→"),
        Binding("n", "new", "New", tooltip="New lead", id="new"),
        Binding("x", "delete", "Delete", id="delete"),
        Binding("o", "owner_filter", "Owner", id="filter_owner"),
        Binding("c", "company_filter", "Company", id="filter_company"),
        JUMP_BINDING,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mover = StageMover(self, self)
        self.owner = NO_OWNER_FILTER
        self.company = NO_COMPANY_FILTER
        #: The user id behind "me", once the server told us.
        self._my_id: str | None = None
        #: The lead opened with enter: refreshed when we come back to the board.
        self._opened: str | None = None
        self._loaded = False
        #: The leads last given to the board, as the server (or the cache) sent them.
        self._shown_leads: list[Lead] | None = None
        #: The last load failed: the header line says so until one works.
        self._load_failed = False
        #: The company filter the cards on the board were loaded with.
        self._cards_company: CompanyFilter | None = None
        self.reads_ahead.start("leads", self.api.list_leads, company_id=self.company.id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="pipeline-filters", classes="list-header")
        yield Board(id="board")
        yield ScreenFooter()

    @property
    def board(self) -> Board:
        return self.query_one(Board)

    async def on_mount(self) -> None:
        self._show_filters()
        await self.load_first()

    async def show_cached(self) -> None:
        cached = await self.cached(queries.leads(company_id=self.company.id))
        if cached is not None:
            self._show_leads(cached)
            self._show_filters()

    def on_screen_resume(self) -> None:
        if self._opened is not None:
            self.refresh_lead(self._opened)
            self._opened = None

    def action_refresh(self) -> None:
        self.load()

    def export_source(self) -> ExportSource | None:
        """The leads on the board, column by column, with its owner and company filters."""
        if not self._loaded:
            return None
        filters = [
            f"owner: {self.owner.label}" if self.owner is not NO_OWNER_FILTER else "",
            f"company: {self.company.label}" if self.company.id is not None else "",
        ]
        scope = " · ".join(part for part in filters if part)
        return ExportSource.loaded("leads", "pipeline", scope, self.board.shown_leads)

    # ------------------------------------------------------------- loading

    @api_worker("pipeline-load")
    async def load(self) -> None:
        with self.indicate_loading(self.board):
            leads = await self.reads_ahead.take(
                "leads", self.api.list_leads, company_id=self.company.id
            )
            leads = await self.names.complete_leads(leads)
            seen = await off_loop.if_long(leads, look_over, leads, self._shown_leads)
        self._load_failed = False
        self._cards_company = self.company
        self.workspace.owners_seen.update(seen.owners)
        if not seen.unchanged:  # nothing redrawn: the cards and the selection stay
            self._show_leads(leads)
        self._show_filters()

    def _show_leads(self, leads: list[Lead]) -> None:
        self._loaded, self._shown_leads = True, leads
        self.board.set_leads(leads)

    @api_worker("pipeline-refresh-lead", exclusive=False)
    async def refresh_lead(self, lead_id: str) -> None:
        """Bring one card up to date after the lead screen (it may be edited or deleted)."""
        try:
            lead = await self.api.get_lead(lead_id)
        except NotFound:
            self.board.discard(lead_id)
            return
        [lead] = await self.names.complete_leads([lead])
        self.board.put(lead)

    def on_board_counted(self, event: Board.Counted) -> None:
        self._show_filters()

    def on_board_activated(self, event: Board.Activated) -> None:
        self._show_filters()

    def _show_filters(self) -> None:
        board = self.board
        shown = board.shown_count
        line = Text()
        if self._load_failed:
            line.append("Could not load the leads: press r to try again", style="bold")
        elif not self._loaded or board.arranging:
            line.append("Loading leads…")
        elif shown == 0 and board.all_leads:
            line.append("No lead matches these filters")
        else:
            line.append(f"{count(shown)} lead{'s' if shown != 1 else ''}")
        line.append(" · Owner: ", style="dim")
        line.append(self.owner.label)
        line.append(" · Company: ", style="dim")
        line.append(self.company.label)
        if self._loaded:
            # The active column's totals in full, per currency: its header may only
            # have room to say "mixed".
            column = board.active_column
            line.append(f" · {label(column.stage)}: ", style="dim")
            line.append(amounts(column.total_value))
        self.query_one("#pipeline-filters", Static).update(line)

    # ------------------------------------------------------------- moving

    def copy_record(self) -> Lead | None:
        return self.board.selected_lead

    def _selected(self) -> Lead | None:
        lead = self.board.selected_lead
        if lead is None:
            self.app.bell()
        return lead

    def action_step(self, offset: int) -> None:
        lead = self._selected()
        if lead is not None:
            self.mover.step(lead, offset, self.board.order)

    def action_move_to(self) -> None:
        lead = self._selected()
        if lead is not None:
            self.mover.pick(lead, self.board.order)

    def stage_move_started(self, move: Move) -> None:
        self.board.set_pending(move.lead_id, True)
        self.board.move_card(move.lead_id, move.stage)

    def stage_move_saved(self, move: Move, lead: Lead) -> None:
        self.board.set_pending(lead.id, False)
        self.board.put(lead)

    def stage_move_failed(self, move: Move, restore: Lead) -> None:
        self.board.set_pending(restore.id, False)
        self.board.put(restore)

    # ------------------------------------------------------------- records

    def action_open(self) -> None:
        lead = self._selected()
        if lead is not None:
            self._opened = lead.id
            self.app.open_record("lead", lead.id)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        company = None
        if self.company.id is not None:
            company = Choice(self.company.id, self.company.label)

        def created(lead: Lead | None) -> None:
            if lead is not None and lead.id:
                self.board.put(lead, select=True)
            elif lead is not None:
                self.load()  # made, but the server did not say which lead: load them

        self.app.push_screen(LeadForm(company=company), created)

    def action_delete(self) -> None:
        lead = self._selected()
        if lead is not None:
            lead_deletion.confirm_delete(self, lead, self.delete_lead)

    @api_worker("pipeline-delete", exclusive=False)
    async def delete_lead(self, lead: Lead) -> None:
        await lead_deletion.delete_lead(self, lead)
        self.board.discard(lead.id)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if worker.group == "pipeline-load":
            self._load_failed = True
            if self._cards_company != self.company:
                # The cards answered another company filter than the header now names:
                # they go rather than stand under it.
                self.board.set_leads([])
            self._show_filters()
        return False

    # ------------------------------------------------------------- filters

    def action_owner_filter(self) -> None:
        self.app.push_screen(
            owner_picker(self._seen_owners(), self._saved_owners(), records="leads"),
            self._owner_picked,
        )

    def _seen_owners(self) -> dict[str, str]:
        """Owner id -> name, from the leads loaded."""
        seen: dict[str, str] = {}
        for lead in self.board.all_leads:
            if lead.owner_user_id:
                seen.setdefault(lead.owner_user_id, lead.owner_name or lead.owner_user_id)
        return seen

    def _saved_owners(self) -> dict[str, str]:
        return dict(self.workspace.owners)

    def _owner_picked(self, choice: Choice | None) -> None:
        if choice is None:
            return
        picked = owner_filter(choice, self._seen_owners(), self._saved_owners())
        if picked is not None and picked.value == ME and self._my_id is None:
            self.find_me()
            return
        self._apply_owner(picked or NO_OWNER_FILTER)

    @api_worker("pipeline-me")
    async def find_me(self) -> None:
        """Learn the key's user id: the owner of a company the server lists as "me"."""
        page = await self.api.list_companies(owner_user_id=ME, page=1, page_size=1)
        owner = next((c.owner_user_id for c in page.items if c.owner_user_id), None)
        if owner is None:
            self.app.notify(
                "The server did not say which user this key belongs to (you own no company). "
                "Pick an owner by name or paste your user id.",
                title="Owner filter",
                severity="warning",
            )
            return
        self._my_id = owner
        self._apply_owner(OwnerFilter(ME, "me"))

    def _apply_owner(self, owner: OwnerFilter) -> None:
        self.owner = owner
        if owner.value == ANY:
            self.board.set_filter(None)
        elif owner.value == UNASSIGNED:
            self.board.set_filter(lambda lead: lead.owner_user_id is None)
        else:
            wanted = self._my_id if owner.value == ME else owner.value
            self.board.set_filter(lambda lead: lead.owner_user_id == wanted)
        self._show_filters()

    def action_company_filter(self) -> None:
        picker = company_filter_picker(self.api, "Show the leads of a company")
        self.app.push_screen(picker, self._company_picked)

    def _company_picked(self, choice: Choice | None) -> None:
        if choice is None:
            return
        self.company = (
            NO_COMPANY_FILTER
            if choice == ANY_COMPANY
            else CompanyFilter(choice.value, choice.label)
        )
        self._show_filters()
        self.load()
