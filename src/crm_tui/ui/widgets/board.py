"""The pipeline board: a column per stage, a card per lead, one selected card.

The board holds every lead it was given and shows those that pass its filter.
Known stages come first, in board order; a stage the server sends that we do not
know gets its own column after them.  Columns have a minimum width: when they do
not all fit (seven at 80 columns do not), the board shows a window of whole
columns that follows the selection, and the edge columns' headers carry arrows
saying more lie that way.

Changes are local: moving a card refreshes its two columns, not the board.

A fresh load or a new filter arranges every lead again (by stage, each column in
card order, with its totals): a few microseconds a lead, so with thousands of
leads (:data:`OFF_LOOP_LEADS`) that is done in a thread worker and the columns
take the result when it comes; until then they show what they showed
(:attr:`Board.arranging` says so).  A newer arrangement supersedes an older one,
and one worked out while a card was put or discarded is worked out again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from ...api.models import KNOWN_STAGES, Lead, stage_order
from .board_column import BoardColumn, Stack, stack_of

LeadFilter = Callable[[Lead], bool]

#: Boards of at least this many leads are arranged in a thread: at 20,000 leads the
#: grouping, sorting and totals take 100 ms and more.
OFF_LOOP_LEADS = 2_000


#: The stack of each stage that has a lead the filter keeps.
Arrangement = dict[str, Stack]


def arrange(leads: Iterable[Lead], keep: LeadFilter | None) -> Arrangement:
    """The board's columns worked out from ``leads``: pure, so it may run in a thread."""
    by_stage: dict[str, list[Lead]] = {}
    for lead in leads:
        if keep is None or keep(lead):
            by_stage.setdefault(lead.stage, []).append(lead)
    return {stage: stack_of(group) for stage, group in by_stage.items()}


class Board(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "column(-1)", "Column left", show=False, id="column_left"),
        Binding("right,l", "column(1)", "Column right", show=False, id="column_right"),
        Binding("up,k", "card(-1)", "Card up", show=False, id="card_up"),
        Binding("down,j", "card(1)", "Card down", show=False, id="card_down"),
        Binding("home,g", "edge(-1)", "First card", show=False, id="first_card"),
        Binding("end,G", "edge(1)", "Last card", show=False, id="last_card"),
        Binding("pageup", "page(-1)", "Cards up", show=False, id="cards_page_up"),
        Binding("pagedown", "page(1)", "Cards down", show=False, id="cards_page_down"),
    ]
    #: Narrowest readable column: 4 columns at 80 cells, all 7 at 120.
    MIN_COLUMN_WIDTH: ClassVar[int] = 17

    class Counted(Message):
        """The number of leads shown changed (the screen's header line says it)."""

        def __init__(self, board: Board) -> None:
            super().__init__()
            self.board = board

    class Arranged(Message, bubble=False):
        """An arrangement worked out in a thread, for the board to show."""

        def __init__(self, arrangement: Arrangement, ticket: int, changes: int) -> None:
            super().__init__()
            self.arrangement = arrangement
            self.ticket = ticket
            self.changes = changes

    class Activated(Message):
        """The selection may be in another column: the screen's line names its totals."""

        def __init__(self, board: Board) -> None:
            super().__init__()
            self.board = board

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Every lead given to the board, shown or filtered out, by id.
        self._leads: dict[str, Lead] = {}
        self._filter: LeadFilter | None = None
        #: Lead ids whose move is in flight: their cards say "saving…" (set_pending).
        self._pending: set[str] = set()
        self.columns: dict[str, BoardColumn] = {
            stage: BoardColumn(stage, is_pending=self.is_pending) for stage in KNOWN_STAGES
        }
        #: Index (in :attr:`order`) of the column holding the selection.
        self.active = 0
        #: Index of the first column shown.
        self.first = 0
        #: Counts the arrangements asked for: only the newest one is shown.
        self._ticket = 0
        #: The ticket of the arrangement being worked out in a thread, if one is.
        self._arranging: int | None = None
        #: Counts the cards put or discarded: an arrangement older than one is stale.
        self._changes = 0

    def compose(self) -> Iterable[Widget]:
        yield from self.columns.values()

    def on_mount(self) -> None:
        self._activate(0)

    # ------------------------------------------------------------- reading

    @property
    def order(self) -> list[str]:
        """The stages of the columns, left to right."""
        return list(self.columns)

    @property
    def active_column(self) -> BoardColumn:
        return self.columns[self.order[self.active]]

    @property
    def selected_lead(self) -> Lead | None:
        return self.active_column.selected

    @property
    def shown_count(self) -> int:
        return sum(len(column.leads) for column in self.columns.values())

    @property
    def shown_leads(self) -> list[Lead]:
        """The leads the filter lets through, column by column, as the cards are ordered."""
        return [lead for column in self.columns.values() for lead in column.leads]

    @property
    def all_leads(self) -> list[Lead]:
        return list(self._leads.values())

    def lead(self, lead_id: str) -> Lead | None:
        return self._leads.get(lead_id)

    # ------------------------------------------------------------- loading

    @property
    def arranging(self) -> bool:
        """Whether a big board's leads are being arranged in a thread (not shown yet)."""
        return self._arranging is not None

    def set_leads(self, leads: Iterable[Lead]) -> None:
        """Show these leads (a fresh load), keeping the selection on the same lead."""
        # Held at once (a dict of references: milliseconds at 20,000), so that a card
        # put or discarded while the columns are arranged lands among these leads.
        self._leads = {lead.id: lead for lead in leads}
        self._arrange()

    def set_filter(self, keep: LeadFilter | None) -> None:
        self._filter = keep
        self._arrange()

    def _passes(self, lead: Lead) -> bool:
        return self._filter is None or self._filter(lead)

    def _arrange(self) -> None:
        """Arrange the leads at once, or in a thread when there are many."""
        leads = list(self._leads.values())
        self._ticket += 1
        if len(leads) < OFF_LOOP_LEADS:
            self._arranging = None
            self.show_arranged(arrange(leads, self._filter))
            return
        self._arranging = self._ticket
        self._arrange_in_thread(leads, self._filter, self._ticket, self._changes)

    # Not exclusive: a thread cannot be stopped anyway, and a cancelled worker would
    # fail whoever waits for the app's workers; the ticket says which result counts.
    # Described: else Textual describes a worker by the repr of its arguments, which
    # for 20,000 leads takes 100 ms on the event loop.
    @work(thread=True, group="board-arrange", description="arranging the board")
    def _arrange_in_thread(
        self, leads: list[Lead], keep: LeadFilter | None, ticket: int, changes: int
    ) -> None:
        self.post_message(self.Arranged(arrange(leads, keep), ticket, changes))

    def on_board_arranged(self, message: Board.Arranged) -> None:
        if message.ticket != self._ticket:
            return  # a newer arrangement was asked for: it will come
        if message.changes != self._changes:
            # A card was put or discarded meanwhile: arrange what the board holds now.
            self._arrange()
            return
        self._arranging = None
        self.show_arranged(message.arrangement)

    def show_arranged(self, arrangement: Arrangement) -> None:
        """Put an arrangement's stacks in the columns, keeping the selection on its lead."""
        selected = self.selected_lead
        self._set_stages(stage_order(arrangement))
        empty = stack_of(())
        for stage, column in self.columns.items():
            column.show_stack(arrangement.get(stage, empty))
        if selected is None or not self.select(selected.id):
            self._activate(self.active)
        self.post_message(self.Counted(self))

    def _set_stages(self, stages: list[str]) -> None:
        """Add a column for each new stage and drop unknown stages' empty columns."""
        active_stage = self.order[self.active] if self.active < len(self.columns) else None
        for stage in [s for s in self.columns if s not in stages and s not in KNOWN_STAGES]:
            self.columns.pop(stage).remove()
        for stage in stages:
            self._column_for(stage)
        if active_stage in self.columns:
            self.active = self.order.index(active_stage)
        self.active = min(self.active, len(self.columns) - 1)

    def _column_for(self, stage: str) -> BoardColumn:
        """The stage's column, added in its place when it is new."""
        if stage in self.columns:
            return self.columns[stage]
        active_stage = self.order[self.active]
        column = BoardColumn(stage, is_pending=self.is_pending)
        stages = stage_order([*self.columns, stage])
        self.columns = {s: self.columns.get(s, column) for s in stages}
        if self.is_mounted:
            self.mount(column, after=self.columns[stages[stages.index(stage) - 1]])
        self.active = self.order.index(active_stage)
        self._update_window()
        return column

    # ------------------------------------------------------------- changes

    def move_card(self, lead_id: str, stage: str) -> None:
        """Show the lead in ``stage`` at once; the selection follows it."""
        lead = self._leads.get(lead_id)
        if lead is not None:
            self.put(lead.model_copy(update={"stage": stage}), select=True)

    def put(self, lead: Lead, *, select: bool = False) -> None:
        """Add or replace a lead (a new one, or the server's answer), refreshing its columns.

        The selection stays where it was unless ``select`` is set or the lead was
        the selected one; then it follows the lead.
        """
        selected = self.selected_lead
        was_selected = selected is not None and selected.id == lead.id
        old = self._leads.get(lead.id)
        self._leads[lead.id] = lead
        self._changes += 1
        was_shown = old is not None and old.stage in self.columns
        if old is not None and was_shown:
            was_shown = self.columns[old.stage].remove_lead(lead.id) is not None
        shown = self._passes(lead)
        if shown:
            column = self._column_for(lead.stage)
            index = column.add_lead(lead)
            if select or was_selected:
                self._activate(self.order.index(lead.stage), cursor=index)
        if shown != was_shown:
            self.post_message(self.Counted(self))

    def discard(self, lead_id: str) -> None:
        """Forget a deleted lead; its column's totals follow."""
        lead = self._leads.pop(lead_id, None)
        self._changes += 1
        if lead is not None and lead.stage in self.columns:
            self.columns[lead.stage].remove_lead(lead_id)
        self.post_message(self.Counted(self))

    def select(self, lead_id: str) -> bool:
        """Put the selection on a lead; False when it is not shown."""
        lead = self._leads.get(lead_id)
        if lead is None or lead.stage not in self.columns:
            return False
        column = self.columns[lead.stage]
        index = column.index_of(lead_id)
        if index is None:
            return False
        self._activate(self.order.index(lead.stage), cursor=index)
        return True

    def is_pending(self, lead_id: str) -> bool:
        """Whether the lead's move waits for the server (its card says "saving…")."""
        return lead_id in self._pending

    def set_pending(self, lead_id: str, pending: bool) -> None:
        """Mark a card as waiting for the server (or not) and redraw its column."""
        if pending:
            self._pending.add(lead_id)
        else:
            self._pending.discard(lead_id)
        lead = self._leads.get(lead_id)
        if lead is not None and lead.stage in self.columns:
            self.columns[lead.stage].refresh_lead(lead_id)

    # ---------------------------------------------------------- navigation

    def on_board_column_card_clicked(self, event: BoardColumn.CardClicked) -> None:
        self.focus()
        self._activate(self.order.index(event.column.stage), cursor=event.index)

    def action_column(self, step: int) -> None:
        target = self.active + step
        if not 0 <= target < len(self.columns):
            return
        source = self.active_column
        row = source.cursor - source.top
        column = self.columns[self.order[target]]
        # Land on the card at the same height, so moving across feels like a grid.
        self._activate(target, cursor=column.top + row)

    def action_card(self, step: int) -> None:
        column = self.active_column
        column.set_cursor(column.cursor + step)

    def action_edge(self, step: int) -> None:
        column = self.active_column
        column.set_cursor(0 if step < 0 else len(column.leads) - 1)

    def action_page(self, step: int) -> None:
        column = self.active_column
        column.set_cursor(column.cursor + step * column.fit)

    def _activate(self, index: int, *, cursor: int | None = None) -> None:
        self.active = max(0, min(index, len(self.columns) - 1))
        column = self.active_column
        for other in self.columns.values():
            if other is not column:
                other.set_active(False)
        column.set_active(True)
        if cursor is not None:
            column.set_cursor(cursor)
        self._update_window()
        self.post_message(self.Activated(self))

    # -------------------------------------------------------------- window

    def on_resize(self) -> None:
        self._update_window()

    @property
    def visible_count(self) -> int:
        width = self.content_size.width
        if width <= 0:
            return len(self.columns)
        return max(1, min(len(self.columns), width // self.MIN_COLUMN_WIDTH))

    def _update_window(self) -> None:
        """Show whole columns only, the active one among them."""
        count = self.visible_count
        first = self.first
        if self.active < first:
            first = self.active
        elif self.active >= first + count:
            first = self.active - count + 1
        first = max(0, min(first, len(self.columns) - count))
        changed = first != self.first
        self.first = first
        for index, column in enumerate(self.columns.values()):
            shown = first <= index < first + count
            more_left = shown and index == first and first > 0
            more_right = shown and index == first + count - 1 and index < len(self.columns) - 1
            if column.display != shown:
                column.display = shown
                changed = True
            if (column.more_left, column.more_right) != (more_left, more_right):
                column.more_left, column.more_right = more_left, more_right
                column.refresh_header()
        if changed:
            self.refresh(layout=True)
