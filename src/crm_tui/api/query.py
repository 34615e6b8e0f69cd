"""A read the screens show: its path, its parameters and how its answer is read.

Standard library only: a query whose reader needs no models (the cached Dashboard's
figures, read before pydantic is loaded) costs nothing to name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

T = TypeVar("T")


@dataclass(frozen=True)
class Query(Generic[T]):
    """One GET: its path, its parameters (None ones are not sent) and its reader."""

    path: str
    params: tuple[tuple[str, Any], ...]
    read: Callable[[Any], T]
    #: What the answer holds, in words ("companies"): told with a list's unreadable records.
    what: str
    #: Whether its answer is worth keeping for the next start (the first page of a
    #: search is not: every keystroke would push a useful answer out).
    keep: bool = True

    @property
    def query_params(self) -> dict[str, Any]:
        return {name: value for name, value in self.params if value is not None}

    @property
    def key(self) -> str:
        """What the cache files the answer under: ``/companies?page=1&pageSize=50``."""
        params = sorted(self.query_params.items())
        return f"{self.path}?{urlencode(params)}" if params else self.path
