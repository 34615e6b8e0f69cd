"""Finding out whether a write was done, when its answer never came (or held no id).

After :class:`~crm_tui.api.errors.OutcomeUnknown` the client reads again what the
write would have changed: an edited record should hold what was sent; a created one
should be among the records made since the write started.  These functions decide
that from what was read; they are pure, so any caller (and any thread) can use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from .models import WireModel

M = TypeVar("M", bound=BaseModel)

#: How far the server's clock may be behind ours when we look for what was just made.
CLOCK_SKEW = timedelta(minutes=5)


def holds_sent(record: BaseModel, sent: WireModel) -> bool:
    """Whether ``record`` holds every field of ``sent`` that it has, as sent.

    Text is compared without case and surrounding spaces, as servers tidy it up.
    """
    held = record.model_dump(mode="json", by_alias=True)
    return all(
        _same(held[name], value)
        for name, value in sent.to_wire().items()
        # "me" is the server's word for the key's user: it stores the user's id.
        if name in held and value != "me"
    )


def newest_made_since(
    records: Iterable[M],
    since: datetime,
    *,
    matches: Callable[[M], bool],
    made_at: Callable[[M], datetime | None],
) -> M | None:
    """The newest record that ``matches`` and was made after ``since`` (less the skew).

    A record without a time counts as new: a server that says nothing of when records
    were made still lets its new record be found by its content.
    """
    earliest = _aware(since) - CLOCK_SKEW

    def when(record: M) -> datetime:
        made = made_at(record)
        return earliest if made is None else _aware(made)

    found = [record for record in records if matches(record) and when(record) >= earliest]
    return max(found, key=when) if found else None


def _aware(moment: datetime) -> datetime:
    """A time without a zone is taken as UTC, as the API's times are."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _same(held: Any, sent: Any) -> bool:
    if isinstance(held, str) and isinstance(sent, str):
        return held.strip().casefold() == sent.strip().casefold()
    if isinstance(held, int | float) and isinstance(sent, int | float):
        return float(held) == float(sent)
    return bool(held == sent)
