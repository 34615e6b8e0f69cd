"""The owner filter: what the picker offers, and what the user picked.

The API has no endpoint that lists users, so the picker offers the keywords the
API understands (``me``, ``unassigned``), the owners seen in the companies loaded
so far, the owners saved under a name in the config, and a UUID typed in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .pickers import Choice, Picker

ANY = "any"
ME = "me"
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class OwnerFilter:
    """``value`` is what the API's ``ownerUserId`` gets: ``me``, ``unassigned`` or a UUID."""

    value: str
    label: str


def owner_choices(
    seen: Mapping[str, str], saved: Mapping[str, str], *, records: str = "companies"
) -> list[Choice]:
    """Keywords first, then known owners by name; ``seen`` is id → name, ``saved`` name → id.

    ``records`` names what is filtered ("companies", "leads") in the choices' words.
    """
    choices = [
        Choice(ANY, "Any owner"),
        Choice(ME, "Me", "the API key's user"),
        Choice(UNASSIGNED, "Unassigned", f"{records} without an owner"),
    ]
    known: dict[str, Choice] = {}
    for owner_id, name in seen.items():
        known[owner_id.lower()] = Choice(owner_id, name, "seen in the list")
    for name, owner_id in saved.items():
        known[owner_id.lower()] = Choice(owner_id, name, "saved in the config")
    choices += sorted(known.values(), key=lambda choice: choice.label.casefold())
    return choices


def owner_picker(
    seen: Mapping[str, str], saved: Mapping[str, str], *, records: str = "companies"
) -> Picker:
    return Picker(
        f"Filter {records} by owner",
        choices=owner_choices(seen, saved, records=records),
        allow_uuid=True,
        placeholder="Type a name, or paste an owner's UUID",
    )


def owner_filter(
    choice: Choice, seen: Mapping[str, str], saved: Mapping[str, str]
) -> OwnerFilter | None:
    """The filter for a picked choice; None for "any".  A typed UUID gets a known name."""
    if choice.value == ANY:
        return None
    if choice.value == ME:
        return OwnerFilter(ME, "me")
    if choice.value == UNASSIGNED:
        return OwnerFilter(UNASSIGNED, "unassigned")
    names = {owner_id.lower(): name for owner_id, name in seen.items()}
    names.update({owner_id.lower(): name for name, owner_id in saved.items()})
    name = names.get(choice.value.lower())
    return OwnerFilter(choice.value, name or choice.value[:8] + "…")
