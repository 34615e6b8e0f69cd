"""What ``y`` and ``Y`` copy from a record: its most useful value, or any of its fields.

``y`` copies a contact's email, a company's domain, and the id of anything else (or
when that value is missing); ``Y`` offers every field that has a value.  Values are
copied as the server sent them, through the terminal's clipboard (OSC 52, which
works over SSH); the notification shows them cut short, as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from ..api.models import Company, Contact
from .formatting import label, shorten

#: The longest value a notification repeats; a longer one ends in "…".
SHOWN_LENGTH = 40


@dataclass(frozen=True)
class CopyValue:
    """One copyable value: what it is ("email") and the text copied."""

    name: str
    value: str

    def describe(self) -> str:
        """'email david.fontaine@harbor-pine-ar…': what a notification says was copied."""
        return f"{self.name} {shorten(self.value, SHOWN_LENGTH)}"


def copy_values(record: BaseModel) -> list[CopyValue]:
    """Every field of ``record`` that has a value, the most useful first.

    Unknown fields the server sent are offered too; nested values are not.
    """
    values: list[CopyValue] = []
    for field, value in record.model_dump().items():
        text = _text(value)
        if text:
            values.append(CopyValue(label(field).lower(), text))
    best = best_value(record)
    return [best, *(value for value in values if value != best)]


def best_value(record: BaseModel) -> CopyValue:
    """A contact's email, a company's domain, else (or when missing) the record's id."""
    if isinstance(record, Contact) and record.email:
        return CopyValue("email", record.email)
    if isinstance(record, Company) and record.domain:
        return CopyValue("domain", record.domain)
    return CopyValue("id", str(getattr(record, "id", "")))


def _text(value: object) -> str:
    if value is None or isinstance(value, dict | list | tuple | set):
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
