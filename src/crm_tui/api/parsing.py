"""Tolerant reading of response bodies into models.

A list may come as a bare array or inside an envelope (``items``, ``data``,
``results`` or the resource's own name), with its paging wherever servers commonly
put it: beside the list, or under ``pagination``, ``meta`` or ``paging``
(``page``, ``pageSize``, ``total``, ``totalPages``, ``hasMore``, ``next`` and their
usual spellings).

A record that does not fit the models is kept with what could be read: each field
that does not fit is left at its default (a name missing or ``null`` reads as empty,
a date that is not one as unknown), and an unknown enum value is kept as sent (the
models take any string).  A record without a readable ``id`` is left out and
counted (:attr:`ReadList.unreadable`, :attr:`Page.unreadable`).  Only a body that is
not the expected kind at all (a string, HTML, a number) raises
:class:`UnexpectedResponse`; never a pydantic error.

Every function here is pure and synchronous: it can run on any thread.
"""

from __future__ import annotations

import heapq
import json
import typing
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .decoding import READ_CHUNK, ArrayReader, Batch, NotJsonChunk
from .errors import UnexpectedResponse
from .models import Page

M = TypeVar("M", bound=BaseModel)

_ENVELOPE_KEYS = ("items", "data", "results", "records")
#: Where servers put a list's paging, besides next to the list itself.
_PAGING_KEYS = ("pagination", "meta", "paging", "page", "pageInfo", "page_info")
_PAGE_KEYS = ("page", "currentPage", "current_page", "pageNumber", "page_number")
_SIZE_KEYS = ("pageSize", "page_size", "perPage", "per_page", "limit", "size")
_TOTAL_KEYS = ("total", "totalCount", "total_count", "totalItems", "total_items", "count")
_PAGES_KEYS = ("totalPages", "total_pages", "pageCount", "page_count", "lastPage", "last_page")
_MORE_KEYS = ("hasMore", "has_more", "hasNext", "has_next", "hasNextPage", "has_next_page")
_NEXT_KEYS = ("next", "nextPage", "next_page", "nextCursor", "next_cursor")


class ReadList(list[M], Generic[M]):
    """The records of a list answer; ``unreadable`` counts those left out (no id)."""

    unreadable: int = 0

    @classmethod
    def of(cls, items: Iterable[M], unreadable: int = 0) -> ReadList[M]:
        read = cls(items)
        read.unreadable = unreadable
        return read


# ------------------------------------------------------------------- one record


def parse_one(model: type[M], data: Any, *, what: str, known_id: str | None = None) -> M:
    """Read one record; ``known_id`` fills an ``id`` the answer left out."""
    data = unwrap_record(data, what)
    if not isinstance(data, dict):
        raise UnexpectedResponse(
            f"Expected {_article(what)} {what} from the server, got {_kind(data)}"
        )
    if known_id is not None and not _readable_id(data.get("id")):
        data = {**data, "id": known_id}
    record = read_record(model, data)
    if record is None:
        raise UnexpectedResponse(f"The server's {what} has no id: it cannot be shown")
    return record


def unwrap_record(data: Any, what: str) -> Any:
    """The record inside ``{"company": {...}}`` or ``{"data": {...}}``, else ``data``."""
    if isinstance(data, dict) and "id" not in data:
        for key in (what, "data"):
            inner = data.get(key)
            if isinstance(inner, dict):
                return inner
    return data


def read_record(model: type[M], raw: Any) -> M | None:
    """``raw`` as a ``model``, each field that does not fit left at its default.

    None when ``raw`` is not an object or its ``id`` cannot be read.
    """
    if not isinstance(raw, dict):
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        failing = {error["loc"][0] for error in exc.errors() if error.get("loc")}
    return _repaired(model, raw, failing)


def is_complete(model: type[BaseModel], data: Any) -> bool:
    """Whether ``data`` carries every field of ``model`` (a record, not a part of one)."""
    if not isinstance(data, dict):
        return False
    return all(
        (info.alias or name) in data or name in data for name, info in model.model_fields.items()
    )


def _repaired(model: type[M], raw: dict[str, Any], failing: set[Any]) -> M | None:
    """Filter the failing lists of sub-records, drop the other failing fields, validate."""
    fixed = dict(raw)
    filtered: set[str] = set()
    for _ in range(len(model.model_fields) + 1):
        if not failing or "id" in failing:
            return None
        for key in failing:
            name = _field_name(model, key)
            item_model = _item_model(model, name)
            value = fixed.get(key)
            if item_model is not None and isinstance(value, list) and name not in filtered:
                filtered.add(name)
                records = (read_record(item_model, item) for item in value)
                fixed[key] = [record for record in records if record is not None]
            else:
                fixed.pop(key, None)
                fixed.pop(name, None)
        try:
            return model.model_validate(fixed)
        except ValidationError as exc:
            failing = {error["loc"][0] for error in exc.errors() if error.get("loc")}
    return None


def _field_name(model: type[BaseModel], key: Any) -> str:
    """The Python name of the field a wire key (alias or name) belongs to."""
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return name
    return str(key)


def _item_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The record model of a ``list[Record] | None`` field, else None."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    for candidate in (info.annotation, *typing.get_args(info.annotation)):
        if typing.get_origin(candidate) is list:
            (item,) = typing.get_args(candidate)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return item
    return None


# ------------------------------------------------------------------------ lists


def parse_page(
    model: type[M],
    data: Any,
    *,
    what: str,
    default_page: int = 1,
    requested_size: int | None = None,
) -> Page[M]:
    """Read a list, bare or enveloped, into a page (one page when the server does not page).

    ``requested_size`` is the page size asked for: when the server does not say its
    own, a page that full means there may be more.
    """
    raw_items, meta = _unwrap_list(data, what)
    items = read_records(model, raw_items)
    paging = _paging(meta)
    if "page_size" not in paging and requested_size and len(raw_items) > requested_size:
        # More than asked for: the server does not page, this is everything.
        requested_size = None
        paging.setdefault("has_more", False)
    # The items are validated already: build the page without validating them again.
    return Page[M].model_construct(
        items=items,
        total=paging.get("total"),
        page=paging.get("page") or default_page,
        page_size=paging.get("page_size") or requested_size,
        total_pages=paging.get("total_pages"),
        has_more=paging.get("has_more"),
        unreadable=items.unreadable,
    )


def parse_list(model: type[M], data: Any, *, what: str) -> ReadList[M]:
    raw_items, _meta = _unwrap_list(data, what)
    return read_records(model, raw_items)


def read_long_list(model: type[M], what: str, data: Any) -> ReadList[M]:
    """``parse_list``, a batch of records at a time when the list is long.

    A long list is consumed as it is read: each batch's decoded objects are let go
    once its records are built (the list holds None in their place after), so that
    the decoded body and the records are never all in memory at once.  And records
    with the same fields share one set of their names (see :class:`_SharedParts`).
    """
    if not isinstance(data, list) or len(data) <= READ_CHUNK:
        return parse_list(model, data, what=what)
    return read_batches(model, what, _let_go(data))


def _let_go(data: list[Any]) -> Iterator[list[Any]]:
    """``data`` a batch at a time, each put out of the list as it is handed over."""
    for start in range(0, len(data), READ_CHUNK):
        batch = data[start : start + READ_CHUNK]
        data[start : start + READ_CHUNK] = [None] * len(batch)
        yield batch


def read_batches(model: type[M], what: str, batches: Iterable[Batch]) -> ReadList[M]:
    """The records of a list that comes a batch at a time (as it is decoded, or cut, see
    :class:`~.decoding.ArrayReader`), read as :func:`parse_list` would."""
    records: list[M] = []
    unreadable = 0
    # Shared parts are safe only where no assignment can change them in place, and an
    # empty dict of unknown fields is one only where they are kept (else it is None).
    config = model.model_config
    shares = config.get("frozen") and config.get("extra") == "allow"
    parts = _SharedParts() if shares else None
    for read in _each_read(model, what, batches):
        if parts is not None:
            parts.share(read)
        records += read
        unreadable += read.unreadable
    return ReadList.of(records, unreadable)


def _each_read(model: type[M], what: str, batches: Iterable[Batch]) -> Iterator[ReadList[M]]:
    for batch in batches:
        read = read_batch(model, what, batch)
        del batch  # its objects go now, not when the next batch comes
        yield read


def read_batch(model: type[M], what: str, batch: Batch) -> ReadList[M]:
    """The records of one batch, decoded or in JSON bytes, read as :func:`parse_list` would.

    Bytes are validated as they are, in one call: no decoded objects are made on the
    way, which halves the time.  When a record does not fit the models, the batch is
    decoded and read record by record instead; when it is not JSON,
    :class:`~.decoding.NotJsonChunk` says so.
    """
    if not isinstance(batch, bytes):
        return parse_list(model, batch, what=what)
    try:
        return ReadList.of(_list_adapter(model).validate_json(batch))
    except ValidationError as error:
        if any(problem["type"] == "json_invalid" for problem in error.errors()):
            raise NotJsonChunk("a piece of the body is not JSON") from None
    try:
        decoded = json.loads(batch)
    except ValueError:
        raise NotJsonChunk("a piece of the body is not JSON") from None
    return parse_list(model, decoded, what=what)


def read_largest(
    model: type[M], what: str, count: int, key: Callable[[M], Any], batches: Iterable[Batch]
) -> ReadList[M]:
    """The ``count`` records of a list that ``key`` ranks highest, highest first (ties in
    the order read, as a stable sort would leave them).  Read a batch at a time, the
    records outside the ``count`` are let go as they come: 500 of 60,000 activities
    cost what 500 cost, where reading them all then choosing held 60,000 (55 MiB)."""
    unreadable = 0

    def records() -> Iterator[M]:
        nonlocal unreadable
        for read in _each_read(model, what, batches):
            unreadable += read.unreadable
            yield from read

    return ReadList.of(heapq.nlargest(count, records(), key=key), unreadable)


def largest_reader(
    model: type[M], what: str, count: int, key: Callable[[M], Any]
) -> ArrayReader[ReadList[M]]:
    """Reads a list answer keeping its ``count`` highest records (:func:`read_largest`),
    as it is decoded when the transport can hand it over a batch at a time."""
    return ArrayReader(
        partial(_read_largest_whole, model, what, count, key),
        partial(read_largest, model, what, count, key),
    )


def _read_largest_whole(
    model: type[M], what: str, count: int, key: Callable[[M], Any], data: Any
) -> ReadList[M]:
    if not isinstance(data, list):
        read = parse_list(model, data, what=what)  # another envelope: read as any list
        return ReadList.of(heapq.nlargest(count, read, key=key), read.unreadable)
    return read_largest(model, what, count, key, _let_go(data))


def long_list_reader(model: type[M], what: str) -> ArrayReader[ReadList[M]]:
    """Reads a list answer with :func:`read_long_list`, or as it is decoded when the
    transport can hand it over a batch at a time."""
    return ArrayReader(partial(read_long_list, model, what), partial(read_batches, model, what))


class _SharedParts:
    """One set of field names, and one empty dict of unknown fields, for the records of
    a long list that have the same fields and no unknown ones.

    Validation gives each record its own set of the names of its fields (the same
    set, 700 bytes with 14 fields, for nearly every record of a list) and its own dict
    of the fields the models do not know (empty for nearly every record, 64 bytes).
    Records share them: records are frozen (:class:`~.models.Record`) and changed by
    ``model_copy``, which copies both.  Comparing with the last set kept is all most
    records cost.

    Equal strings are left as they come.  Pydantic's own cache already makes one object
    of most values that repeat (a status, a type, an owner's name).  What it misses,
    the ids and names of what records link to, came to 8 MiB over 60,000 activities,
    and making them one object (hashing and looking up 600,000 strings) took a third
    of the time their read takes.
    """

    def __init__(self) -> None:
        self._sets: dict[frozenset[str], set[str]] = {}
        self._last: set[str] | None = None
        self._no_extra: dict[str, Any] = {}

    def share(self, records: Iterable[BaseModel]) -> None:
        shared, no_extra = self._last, self._no_extra
        for record in records:
            if not record.__pydantic_extra__:  # {}: no unknown field, the usual case
                _set_extra(record, no_extra)
            names = record.__pydantic_fields_set__
            if names is shared:
                continue
            if shared is None or names != shared:
                shared = self._sets.setdefault(frozenset(names), names)
            if names is not shared:
                _set_fields_set(record, shared)
        self._last = shared


#: The slots' own setters, twice as quick as ``object.__setattr__`` (a frozen model
#: refuses its own ``__setattr__``).
_set_extra: Callable[[BaseModel, dict[str, Any]], None] = vars(BaseModel)[
    "__pydantic_extra__"
].__set__
_set_fields_set: Callable[[BaseModel, set[str]], None] = vars(BaseModel)[
    "__pydantic_fields_set__"
].__set__


def is_short(data: Any) -> bool:
    """Whether ``data`` (a decoded body) holds no list longer than :data:`READ_CHUNK`,
    bare or in its envelope: one that is cheap to read on the event loop."""
    values = data.values() if isinstance(data, dict) else [data]
    return all(not isinstance(value, list) or len(value) <= READ_CHUNK for value in values)


def read_records(model: type[M], raw_items: list[Any]) -> ReadList[M]:
    """Every record that can be read; the fast path validates the whole list at once."""
    try:
        # One validation call for the whole list: far cheaper than one per record.
        return ReadList.of(_list_adapter(model).validate_python(raw_items))
    except ValidationError:
        pass
    records = [read_record(model, raw) for raw in raw_items]
    kept = [record for record in records if record is not None]
    return ReadList.of(kept, unreadable=len(records) - len(kept))


@cache
def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _unwrap_list(data: Any, what: str) -> tuple[list[Any], dict[str, Any]]:
    if data is None:
        return [], {}
    if isinstance(data, list):
        return data, {}
    if isinstance(data, dict):
        for key in (*_ENVELOPE_KEYS, what):
            inner = data.get(key)
            if isinstance(inner, list):
                return inner, data
            if isinstance(inner, dict):
                # {"data": {"items": [...], "total": N}}: one envelope inside another.
                for nested in _ENVELOPE_KEYS:
                    if isinstance(inner.get(nested), list):
                        return inner[nested], {**data, **inner}
    raise UnexpectedResponse(f"Expected a list of {what} from the server, got {_kind(data)}")


def _paging(envelope: dict[str, Any]) -> dict[str, Any]:
    """page, page_size, total, total_pages and has_more, from wherever the envelope has them."""
    sources = [envelope]
    sources += [envelope[key] for key in _PAGING_KEYS if isinstance(envelope.get(key), dict)]
    paging: dict[str, Any] = {}
    for source in reversed(sources):  # the top level wins over a nested block
        for field, keys in (
            ("page", _PAGE_KEYS),
            ("page_size", _SIZE_KEYS),
            ("total", _TOTAL_KEYS),
            ("total_pages", _PAGES_KEYS),
        ):
            value = _first_int(source, keys)
            if value is not None:
                paging[field] = value
        more = _has_more(source)
        if more is not None:
            paging["has_more"] = more
    return paging


def _has_more(source: dict[str, Any]) -> bool | None:
    for key in _MORE_KEYS:
        if isinstance(source.get(key), bool):
            return bool(source[key])
    for key in _NEXT_KEYS:
        if key in source and not isinstance(source[key], dict):
            # A next link, page number or cursor says there is more; null says there is not.
            return source[key] not in (None, "", False)
    return None


def _first_int(source: dict[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = _int_or_none(source.get(key))
        if value is not None:
            return value
    return None


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _readable_id(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def _kind(data: Any) -> str:
    if isinstance(data, str):
        return "text"
    return {dict: "an object", list: "a list", type(None): "nothing"}.get(
        type(data), type(data).__name__
    )


def _article(what: str) -> str:
    return "an" if what[:1] in "aeiou" else "a"
