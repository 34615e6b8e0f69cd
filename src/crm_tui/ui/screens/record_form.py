"""What the create/edit forms of records share: edits send only what changed.

A PATCH built from every field would overwrite what someone else changed meanwhile
and what the user never touched; so an edit sets only the changed fields on its
request body, whose ``to_wire()`` then sends just those (``exclude_unset``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from ...api.lookup import holds_sent, newest_made_since
from ...api.models import WireModel
from .form import FieldErrors, FormScreen

ResultT = TypeVar("ResultT")
RecordT = TypeVar("RecordT", bound=BaseModel)


def changed_fields(values: Mapping[str, Any], record: BaseModel) -> dict[str, Any]:
    """The values that differ from the record's (a blank field and a missing value agree)."""
    return {
        name: value
        for name, value in values.items()
        if _blank_as_none(value) != _blank_as_none(getattr(record, name, None))
    }


def _blank_as_none(value: Any) -> Any:
    return None if value is None or value == "" else value


async def find_written(
    sent: WireModel,
    since: datetime,
    *,
    edited: Callable[[], Awaitable[RecordT]] | None = None,
    made: Callable[[], Awaitable[Sequence[RecordT]]] | None = None,
) -> RecordT | None:
    """The record a write that got no answer made or changed, if the server holds it.

    An edit reads the record again (``edited``) and is saved when it holds what was
    sent; a create looks among the records ``made`` lists for the newest one holding
    what was sent and made since the write started.
    """
    if edited is not None:
        record = await edited()
        return record if holds_sent(record, sent) else None
    if made is None:
        return None
    return newest_made_since(
        await made(),
        since,
        matches=lambda record: holds_sent(record, sent),
        made_at=lambda record: getattr(record, "created_at", None),
    )


class RecordForm(FormScreen[ResultT]):
    #: True when the form edits an existing record (so an unchanged form sends nothing).
    editing: bool = False

    def action_save(self) -> None:
        if self.editing and not self.saving and self._nothing_to_send():
            self.app.notify("Nothing changed, nothing sent.", title=self.form_title)
            self.dismiss(None)
            return
        super().action_save()

    def _nothing_to_send(self) -> bool:
        try:
            body = self.build()
        except FieldErrors:
            return False  # let the base class show the errors
        return isinstance(body, BaseModel) and not body.model_fields_set
