"""Sorting a list's records by one of its columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .columns import Column

R = TypeVar("R")


@dataclass(frozen=True)
class Sort:
    """The column the list is sorted on, and which way."""

    key: str
    reverse: bool = False


def sort_records(records: Sequence[R], column: Column[R], *, reverse: bool) -> list[R]:
    """``records`` ordered by ``column`` (stable); those without a value stay last."""
    keyed = [(column.sort_value(record), record) for record in records]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=lambda pair: pair[0], reverse=reverse)
    return [record for _, record in present] + [r for value, r in keyed if value is None]
