"""Tolerant reading of response bodies into models.

A list may come as a bare array or inside an envelope (``items``, ``data`` or the
resource's own name, with ``total``/``page``/``pageSize`` when the server pages).
Anything that does not fit raises :class:`UnexpectedResponse`, never a pydantic error.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import UnexpectedResponse
from .models import Page

M = TypeVar("M", bound=BaseModel)

_ENVELOPE_KEYS = ("items", "data", "results")


def parse_one(model: type[M], data: Any, *, what: str) -> M:
    if isinstance(data, dict):
        # Some servers wrap a single record: {"company": {...}} or {"data": {...}}.
        for key in (what, "data"):
            inner = data.get(key)
            if isinstance(inner, dict) and "id" not in data:
                data = inner
                break
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UnexpectedResponse(_describe(exc, what)) from None


def parse_page(model: type[M], data: Any, *, what: str, default_page: int = 1) -> Page[M]:
    """Read a list, bare or enveloped, into a page (one page when the server does not page)."""
    raw_items, meta = _unwrap_list(data, what)
    try:
        # One validation call for the whole list: far cheaper than one per record.
        items = _list_adapter(model).validate_python(raw_items)
    except ValidationError as exc:
        raise UnexpectedResponse(_describe(exc, what, indexed=True)) from None
    total = _int_or_none(meta.get("total"))
    page = _int_or_none(meta.get("page")) or default_page
    page_size = _int_or_none(meta.get("pageSize", meta.get("page_size")))
    # The items are validated already: build the page without validating them again.
    return Page[M].model_construct(items=items, total=total, page=page, page_size=page_size)


@cache
def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def parse_list(model: type[M], data: Any, *, what: str) -> list[M]:
    return parse_page(model, data, what=what).items


def _unwrap_list(data: Any, what: str) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(data, list):
        return data, {}
    if isinstance(data, dict):
        for key in (*_ENVELOPE_KEYS, what):
            inner = data.get(key)
            if isinstance(inner, list):
                return inner, data
    raise UnexpectedResponse(
        f"Expected a list of {what} from the server, got {type(data).__name__}"
    )


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _describe(exc: ValidationError, what: str, *, indexed: bool = False) -> str:
    first = exc.errors()[0]
    loc = list(first.get("loc", ()))
    if indexed and loc and isinstance(loc[0], int):
        what, loc = f"{what}[{loc[0]}]", loc[1:]
    where = ".".join(str(part) for part in loc) or "body"
    return f"The server's {what} did not fit the expected shape ({where}: {first.get('msg')})"
