"""Answers on the wire: camelCase JSON from the models, and the documented errors."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from crm_tui.collector import held_for_large_read
from crm_tui.demo.schemas import ErrorBody

P = ParamSpec("P")
R = TypeVar("R")

_MEANING = {
    400: "The request is malformed: a bad query value, body field or JSON.",
    401: "The API key is missing or unknown.",
    403: "The entity is not the API key's.",
    404: "No record with that id.",
    405: "The API does not support this operation.",
    409: "The request clashes with existing data.",
}


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def wire(model: BaseModel, status_code: int = 200) -> JSONResponse:
    return JSONResponse(dump(model), status_code=status_code)


def wire_list(models: Iterable[BaseModel]) -> JSONResponse:
    """A bare JSON array (written record by record: see :class:`JsonArrayResponse`).

    Each record's dict is made as it is written and let go after: 30,000 activities'
    dicts held at once put 18 MiB on the in-process demo's peak."""
    return JsonArrayResponse(map(dump, models))


class JsonArrayResponse(JSONResponse):
    """A JSON array written one element at a time, in the same bytes as JSONResponse's.

    One ``json.dumps`` of 60,000 records holds the interpreter for a quarter of a second
    or more: in demo mode, the app's UI thread waits that long.  Element by element,
    the other threads get their turns in between.
    """

    def render(self, content: Any) -> bytes:
        element = super().render
        return b"[" + b",".join(element(item) for item in content) + b"]"


def long_list(route: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """A list route that may build tens of thousands of records, with the collector's
    automatic full collections held off while it runs (see :mod:`crm_tui.collector`).

    In demo mode the backend runs in the app's process: every full collection while
    60,000 rows become models then dicts walks them and all the app holds, the UI's
    thread waiting meanwhile, and what the answer is built from goes at its end anyway.
    """

    @functools.wraps(route)  # FastAPI reads the route's parameters through the wrapper
    async def held(*args: P.args, **kwargs: P.kwargs) -> R:
        with held_for_large_read():
            return await route(*args, **kwargs)

    return held


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses."""
    return {status: {"model": ErrorBody, "description": _MEANING[status]} for status in statuses}
