"""Decoding a large JSON body in pieces, so that other threads keep running meanwhile.

A large answer is read in a worker thread, but ``json.loads`` is one call into C that
holds the interpreter until the whole body is decoded: 60,000 activities are a
quarter of a second or more during which the UI's event loop cannot run either.  A
bare array (what the API sends for its whole lists) is decoded here one element at a
time; between two, Python lets the other threads have their turn.  A reader that
takes the elements a batch at a time (:class:`ArrayReader`) gets them as they are
decoded, so that the decoded body is never all in memory beside the records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class ArrayReader(Generic[T]):
    """A reader of a decoded body (``whole``) that can also read a bare array's elements
    a batch at a time, as they are decoded (``batches``): then the decoded body is
    never all in memory at once, only a batch of it beside the records read so far."""

    whole: Callable[[Any], T]
    batches: Callable[[Iterator[list[Any]]], T]

    def __call__(self, data: Any) -> T:
        return self.whole(data)


def decode_in_pieces(content: bytes) -> Any:
    """What ``json.loads(content)`` returns (or raises: a ``ValueError``), element by
    element when the body is a bare array."""
    text, start = _text(content)
    if not text.startswith("[", start):
        return json.loads(text)
    return list(_elements(text, start + 1))


def array_batches(content: bytes, size: int) -> Iterator[list[Any]] | None:
    """A bare array's elements, ``size`` at a time, decoded as they are asked for (a
    ``ValueError``, when the body is not valid JSON, comes when the bad part is
    reached); None when the body is not a bare array."""
    text, start = _text(content)
    if not text.startswith("[", start):
        return None
    return _batches(_elements(text, start + 1), size)


def _text(content: bytes) -> tuple[str, int]:
    text = content.decode(json.detect_encoding(content))
    return text, _SPACE.match(text, 0).end()  # type: ignore[union-attr]


def _batches(elements: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for element in elements:
        batch.append(element)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _elements(text: str, at: int) -> Iterator[Any]:
    try:
        yield from _array(text, at)
    except IndexError:  # the body ended inside the array
        raise ValueError("the JSON array is not closed") from None


def _array(text: str, at: int) -> Iterator[Any]:
    at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if text[at] == "]":
        _end(text, at + 1)
        return
    while True:
        item, at = _DECODER.raw_decode(text, at)
        yield item
        at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
        separator = text[at]
        if separator == "]":
            _end(text, at + 1)
            return
        if separator != ",":
            raise ValueError(f"expected ',' or ']' at {at} of the JSON body")
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]


def _end(text: str, at: int) -> None:
    if _SPACE.match(text, at).end() != len(text):  # type: ignore[union-attr]
        raise ValueError("extra data after the JSON array")
