"""The owner of a company or a lead, as the forms offer it.

The API lists no users, so the choices are: the API key's user ("me", which the
server also takes when the field is left out), no owner (sent as null: the server
would otherwise make the key's user the owner), every owner known by name (saved
in the config, or met in the companies and leads loaded), and an id typed in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.screen import Screen
from textual.widgets import Input, Select

from ...workspace import Workspace
from ..validation import is_uuid
from .form import field

#: The choices with no user id behind them.
ME = "me"
NO_OWNER = "__none__"
OTHER_OWNER = "__other__"


def owner_names(workspace: Workspace) -> dict[str, str]:
    """Every owner known by name, id -> name: those met in lists, then those saved."""
    names = dict(workspace.owners_seen)
    names.update({ident: name for name, ident in workspace.owners.items()})
    return names


def owner_select(
    workspace: Workspace, current_id: str | None, current_name: str | None, *, new: bool
) -> Select[str]:
    """Me, no owner, every known owner by name, or another id.

    A new record starts on "me", what the server does when no owner is sent; an
    existing one on its owner, or on "(no owner)".
    """
    owners = owner_names(workspace)
    if current_id and current_id not in owners:
        owners[current_id] = current_name or current_id
    named = sorted(((name, ident) for ident, name in owners.items()), key=lambda o: o[0].casefold())
    options = [
        ("Me (the API key's user)", ME),
        ("(no owner)", NO_OWNER),
        *named,
        ("Another owner (type the id)", OTHER_OWNER),
    ]
    start = ME if new else (current_id or NO_OWNER)
    return Select(options, value=start, allow_blank=False, id="owner")


def owner_id_field() -> Any:
    return field(
        "Owner id",
        Input(placeholder="8-4-4-4-12 hex digits", id="owner_id"),
        hint="The owner's user id (UUID), for an owner not in the list.",
    )


def checked_owner(values: Mapping[str, Any], errors: dict[str, str]) -> str | None:
    """The ``ownerUserId`` to send: ``me``, a user id, or None (no owner)."""
    owner = values["owner"]
    if owner == NO_OWNER:
        return None
    if owner == OTHER_OWNER:
        owner = values["owner_id"]
        if not owner:
            errors["owner_id"] = "Type the owner's id, or pick an owner above."
        elif not is_uuid(owner):
            errors["owner_id"] = "Not a valid UUID (expected 8-4-4-4-12 hex digits)."
    return str(owner) or None


class OwnerFieldMixin:
    """For a form with the owner fields: the id field shows only when "another owner"
    is picked.  (Textual calls these handlers as well as the form's own.)"""

    def on_mount(self) -> None:
        self._show_owner_id()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "owner":
            self._show_owner_id()

    def _show_owner_id(self) -> None:
        screen: Screen[Any] = self  # type: ignore[assignment]
        wanted = screen.query_one("#owner", Select).value == OTHER_OWNER
        screen.query_one("#owner_id", Input).parent.display = wanted  # type: ignore[union-attr]
