"""Deleting a lead: the question and the request the board and the lead screen share.

:func:`confirm_delete` asks (the timeline goes with the lead) and, on yes, starts the
screen's own delete worker; that worker calls :func:`delete_lead`, then does what its
screen needs (the board drops the card, the lead screen closes).  The workers stay on
the screens because each has its own group: the board may delete several leads at
once, the lead screen only its one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..api.models import Lead
from .formatting import quoted
from .widgets.dialogs import ConfirmDialog

if TYPE_CHECKING:
    from .screens.base import CrmScreen


def confirm_delete(screen: CrmScreen, lead: Lead, delete: Callable[[Lead], object]) -> None:
    """Ask before deleting ``lead``; on yes, call ``delete`` (the screen's worker) with it."""

    def answer(yes: bool | None) -> None:
        if yes:
            delete(lead)

    question = f"Delete the lead {quoted(lead.title)}? Its timeline goes with it."
    screen.app.push_screen(ConfirmDialog(question, confirm_label="Delete", danger=True), answer)


async def delete_lead(screen: CrmScreen, lead: Lead) -> None:
    """``DELETE /leads/{id}``, then say so; a refusal raises (the worker reports it)."""
    await screen.api.delete_lead(lead.id)
    screen.app.notify(f"{quoted(lead.title)} deleted.", title="Lead", markup=False)
