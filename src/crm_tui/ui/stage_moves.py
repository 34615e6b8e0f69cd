"""Moving a lead's stage: the one flow the board and the lead screen share.

A move goes: pick the stage (one on, one back, or from a list) -> confirm for
``won`` and ``lost``, and for reopening a closed lead -> an optional reason for
``lost`` -> the screen shows the new
stage at once (optimistic) -> ``PATCH /leads/{id}/stage`` -> the screen takes the
lead the server returned (the win/loss automation changes probability and
``closedAt``), or goes back to the last stage the server confirmed and the error is
reported with the server's message.  When no answer came (the move may have been
done), the lead is read again and shown at the stage the server has; until that
read works, no move starts from a stage that may be stale.

``<`` and ``>`` step through the open stages only: a lead is closed (won or lost)
by ``m``, or by ``>`` from Negotiation, and ``<`` on a closed lead reopens it in
Negotiation, after saying what the server did when it closed it.

The screen that moves implements :class:`StageMoveListener`; :class:`StageMover`
does the asking, the worker and the bookkeeping, so both screens behave the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..api import CrmError, OutcomeUnknown
from ..api.models import CLOSED_STAGES, LAST_OPEN_STAGE, Lead, neighbour_stage, open_stages
from .formatting import day, label, quoted
from .widgets.dialogs import ConfirmDialog, PromptDialog
from .widgets.stage_picker import StagePicker

if TYPE_CHECKING:
    from .screens.base import CrmScreen


def step_target(stage: str, offset: int, order: Sequence[str]) -> str | None:
    """Where ``<`` (-1) or ``>`` (+1) takes a lead in ``stage``; None: nowhere.

    Through the open stages only; ``>`` from Negotiation closes the lead as won, and
    ``<`` on a closed lead reopens it in the last open stage.
    """
    if stage in CLOSED_STAGES:
        opened = open_stages(order)
        if offset > 0 or not opened:
            return None
        return LAST_OPEN_STAGE if LAST_OPEN_STAGE in opened else opened[-1]
    if stage == LAST_OPEN_STAGE and offset > 0:
        return "won"
    return neighbour_stage(stage, offset, open_stages(order))


def _no_step(stage: str, offset: int) -> str:
    if stage in CLOSED_STAGES:
        return f"This lead is {stage}: < reopens it, m moves it to any stage."
    where = "last" if offset > 0 else "first"
    return f"Already at the {where} open stage: m moves to any stage, won and lost too."


def reopen_question(lead: Lead, stage: str) -> str:
    """'Reopen “Deal” in Negotiation? When it was marked won (2026-11-20) the server…'"""
    title = quoted(lead.title, "this lead")
    when = f" on {day(lead.closed_at)}" if lead.closed_at else ""
    probability = (
        "" if lead.probability is None else f"set its probability to {lead.probability}% and "
    )
    return (
        f"Reopen {title} in {label(stage)}? When it was marked {lead.stage}{when} the "
        f"server {probability}stamped its closed date; reopening clears the closed date"
        f"{' and the lost reason' if lead.lost_reason else ''} and gives it "
        f"{label(stage)}'s default probability."
    )


@dataclass(frozen=True)
class Move:
    """One requested move: the lead as shown before it, and where it goes."""

    before: Lead
    stage: str
    lost_reason: str | None = None

    @property
    def lead_id(self) -> str:
        return self.before.id

    @property
    def moved(self) -> Lead:
        """The lead as shown while the server has not answered yet."""
        return self.before.model_copy(update={"stage": self.stage})


class StageMoveListener(Protocol):
    def stage_move_started(self, move: Move) -> None:
        """Show ``move.moved`` at once."""

    def stage_move_saved(self, move: Move, lead: Lead) -> None:
        """The server agreed; ``lead`` is its answer (probability, closedAt...)."""

    def stage_move_failed(self, move: Move, restore: Lead) -> None:
        """The move is not done: show ``restore``, the lead as the server last had it."""


class StageMover:
    """Asks, moves optimistically, sends, and confirms or rolls back.

    Moves of one lead share an exclusive worker group: pressing ``>`` three times
    quickly sends the last stage only (the earlier requests are superseded before
    they leave).  A refused move goes back to the last state the server confirmed.
    """

    def __init__(self, screen: CrmScreen, listener: StageMoveListener) -> None:
        self.screen = screen
        self.listener = listener
        #: The last lead the server confirmed, for leads with a move in flight.
        self._confirmed: dict[str, Lead] = {}
        #: Leads whose last move got no answer, until they are read again.
        self.unconfirmed: set[str] = set()

    # ------------------------------------------------------------ asking

    def step(self, lead: Lead, offset: int, order: Sequence[str]) -> None:
        """Move one open stage on (``offset=1``) or back (``-1``) in ``order``."""
        target = step_target(lead.stage, offset, order)
        if target is None:
            self.screen.app.notify(_no_step(lead.stage, offset), timeout=4)
            return
        self.request(lead, target)

    def pick(self, lead: Lead, order: Sequence[str]) -> None:
        """Ask which stage, from a list, then move there."""

        def picked(stage: str | None) -> None:
            if stage:
                self.request(lead, stage)

        self.screen.app.push_screen(StagePicker(lead.title, order, current=lead.stage), picked)

    def request(self, lead: Lead, stage: str) -> None:
        """Move to ``stage``, confirming first for won and lost."""
        if lead.id in self.unconfirmed:
            # Its stage on screen may be stale: never move on from it.
            self.screen.app.notify(
                f"{quoted(lead.title)}: the last move got no answer. "
                "Reading its stage again first; then move it.",
                title="Stage",
                timeout=4,
                markup=False,
            )
            self._run(self._read_again(None, lead), lead.id)
            return
        if stage == lead.stage:
            return
        if lead.stage in CLOSED_STAGES and stage not in CLOSED_STAGES:
            self._confirm_reopen(lead, stage)
            return
        if stage not in CLOSED_STAGES:
            self.start(Move(lead, stage))
            return
        question = f"Mark {quoted(lead.title, 'this lead')} as {stage}?"
        if stage == "won":
            question += " The company becomes an active customer if it was a prospect."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if stage == "lost":
                self._ask_reason(lead)
            else:
                self.start(Move(lead, stage))

        dialog = ConfirmDialog(question, confirm_label=label(stage), danger=stage == "lost")
        self.screen.app.push_screen(dialog, confirmed)

    def _confirm_reopen(self, lead: Lead, stage: str) -> None:
        """Reopening undoes what the server did on closing: say what, and ask first."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.start(Move(lead, stage))

        dialog = ConfirmDialog(reopen_question(lead, stage), confirm_label="Reopen")
        self.screen.app.push_screen(dialog, confirmed)

    def _ask_reason(self, lead: Lead) -> None:
        def answered(reason: str | None) -> None:
            if reason is not None:  # None: cancelled, the lead stays where it is
                self.start(Move(lead, "lost", reason or None))

        prompt = PromptDialog(
            "Why was it lost? (optional)",
            placeholder="e.g. went with a competitor",
            confirm_label="Mark lost",
        )
        self.screen.app.push_screen(prompt, answered)

    # ------------------------------------------------------------ moving

    def start(self, move: Move) -> None:
        """Show the move at once and send it."""
        self._confirmed.setdefault(move.lead_id, move.before)
        self.listener.stage_move_started(move)
        self._run(self._send(move), move.lead_id)

    def _run(self, work: Any, lead_id: str) -> None:
        self.screen.run_worker(
            work,
            name="stage-move",
            group=f"stage-move:{lead_id}",
            exclusive=True,
            exit_on_error=False,
        )

    async def _send(self, move: Move) -> Lead | None:
        try:
            lead = await self.screen.api.move_lead_stage(
                move.lead_id, move.stage, lost_reason=move.lost_reason
            )
        except OutcomeUnknown:
            # The move may have been done: find out instead of rolling back.
            self.unconfirmed.add(move.lead_id)
            return await self._read_again(move, move.before)
        except Exception:
            # Roll back, then let the worker fail: the screen's mixin reports the
            # server's message.  A superseded move is cancelled, not failed: no rollback.
            restore = self._confirmed.pop(move.lead_id, move.before)
            self.listener.stage_move_failed(move, restore)
            raise
        lead = await self._named(lead)
        self._confirmed.pop(move.lead_id, None)
        self.listener.stage_move_saved(move, lead)
        self.screen.app.notify(
            f"{quoted(lead.title)} moved to {label(lead.stage)}.",
            title="Stage",
            timeout=3,
            markup=False,
        )
        return lead

    async def _named(self, lead: Lead) -> Lead:
        """The server's answer, with the names it may leave out (see :mod:`.names`)."""
        [named] = await self.screen.names.complete_leads([lead])
        return named

    async def _read_again(self, move: Move | None, shown: Lead) -> Lead | None:
        """Read the lead whose move got no answer and show the stage the server has."""
        lead_id = shown.id
        try:
            lead = await self.screen.api.get_lead(lead_id)
        except CrmError:
            # Still unknown: the lead stays unconfirmed, so no move starts from it.
            self.listener.stage_move_failed(move or Move(shown, shown.stage), shown)
            self.screen.app.notify(
                f"{quoted(shown.title)}: no answer came, and the lead could not be read "
                "again: its stage is unknown. Press r to refresh before moving it.",
                title="Stage move: outcome unknown",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return None
        lead = await self._named(lead)
        self.unconfirmed.discard(lead_id)
        self._confirmed.pop(lead_id, None)
        if move is not None and lead.stage == move.stage:
            self.listener.stage_move_saved(move, lead)
            said = "but the server made the move"
        else:
            self.listener.stage_move_failed(move or Move(lead, lead.stage), lead)
            said = "and the server did not make the move"
        if move is not None:
            self.screen.app.notify(
                f"{quoted(lead.title)}: no answer came, {said}: it is in {label(lead.stage)}.",
                title="Stage move",
                severity="warning",
                timeout=6,
                markup=False,
            )
        return lead
