"""Decoding a large JSON body in pieces, so that other threads keep running meanwhile.

A large answer is read in a worker thread, but ``json.loads`` is one call into C that
holds the interpreter until the whole body is decoded: 60,000 activities are a
quarter of a second or more during which the UI's event loop cannot run either.  A
bare array (what the API sends for its whole lists) is decoded here one element at a
time; between two, Python lets the other threads have their turn.
"""

from __future__ import annotations

import json
import re
from typing import Any

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def decode_in_pieces(content: bytes) -> Any:
    """What ``json.loads(content)`` returns (or raises: a ``ValueError``), element by
    element when the body is a bare array."""
    text = content.decode(json.detect_encoding(content))
    start = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("[", start):
        return json.loads(text)
    try:
        return _array(text, start + 1)
    except IndexError:  # the body ended inside the array
        raise ValueError("the JSON array is not closed") from None


def _array(text: str, at: int) -> list[Any]:
    items: list[Any] = []
    at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if text[at] == "]":
        return _end(text, at + 1, items)
    while True:
        item, at = _DECODER.raw_decode(text, at)
        items.append(item)
        at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
        separator = text[at]
        if separator == "]":
            return _end(text, at + 1, items)
        if separator != ",":
            raise ValueError(f"expected ',' or ']' at {at} of the JSON body")
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]


def _end(text: str, at: int, items: list[Any]) -> list[Any]:
    if _SPACE.match(text, at).end() != len(text):  # type: ignore[union-attr]
        raise ValueError("extra data after the JSON array")
    return items
