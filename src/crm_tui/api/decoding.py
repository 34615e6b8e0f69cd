"""Decoding a large JSON body in pieces, so that other threads keep running meanwhile.

A large answer is read in a worker thread, but ``json.loads`` is one call into C that
holds the interpreter until the whole body is decoded: 60,000 activities are a
quarter of a second or more during which the UI's event loop cannot run either.  A
bare array (what the API sends for its whole lists) is decoded here one element at a
time; between two, Python lets the other threads have their turn.  A reader that
takes the elements a batch at a time (:class:`ArrayReader`) gets them as they are
decoded, so that the decoded body is never all in memory beside the records.

Faster still, when the validator can read JSON bytes itself (pydantic's makes the
records straight from them, with no decoded objects on the way): a bare array cut
into smaller arrays of whole elements (:func:`array_chunks`), each read in one call.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
#: A long bare list is read this many records at a time: reading is one call into C
#: holding the interpreter per batch, and between two the UI's thread gets a turn.
READ_CHUNK = 500
#: A batch of a long list: its elements, decoded, or a JSON array's bytes of them.
Batch = list[Any] | bytes

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
_SPACE_BYTES = re.compile(rb"[ \t\n\r]*")
#: Where one object of an array may end and the next begin.
_BETWEEN_OBJECTS = re.compile(rb"\}[ \t\n\r]*,[ \t\n\r]*\{")


@dataclass(frozen=True)
class ArrayReader(Generic[T]):
    """A reader of a decoded body (``whole``) that can also read a bare array's elements
    a batch at a time, as they are decoded or cut (``batches``): then the decoded body
    is never all in memory at once, only a batch of it beside the records read so far."""

    whole: Callable[[Any], T]
    batches: Callable[[Iterator[Batch]], T]

    def __call__(self, data: Any) -> T:
        return self.whole(data)


def decode_in_pieces(content: bytes | bytearray) -> Any:
    """What ``json.loads(content)`` returns (or raises: a ``ValueError``), element by
    element when the body is a bare array."""
    text, start = _text(content)
    if not text.startswith("[", start):
        return json.loads(text)
    return list(_elements(text, start + 1))


def array_batches(content: bytes | bytearray, size: int) -> Iterator[list[Any]] | None:
    """A bare array's elements, ``size`` at a time, decoded as they are asked for (a
    ``ValueError``, when the body is not valid JSON, comes when the bad part is
    reached); None when the body is not a bare array.

    A UTF-8 body is turned into text a slice at a time (:class:`_Slices`): the text of
    60,000 activities is 52 MiB as one string (two bytes a character, for one ``ć``).
    """
    encoding = json.detect_encoding(content)
    if not encoding.startswith("utf-8"):
        text, start = _text(content)
        if not text.startswith("[", start):
            return None
        return _batches(_elements(text, start + 1), size)
    slices = _Slices(content, encoding)
    if slices.next_char() != "[":
        return None
    return _batches(slices.elements(), size)


class NotJsonChunk(ValueError):
    """A piece of a body cut by :func:`array_chunks` is not JSON: the body is not, or a
    cut fell where an element's insides look like the gap between two objects."""


def array_chunks(content: bytes | bytearray, size: int) -> Iterator[bytes] | None:
    """A bare UTF-8 array as JSON arrays of about ``size`` bytes each, holding its
    elements in order; None when the body is no bare array in UTF-8.

    Each cut is made at the first ``},{`` (white space allowed) ``size`` bytes or more
    after the last: one scan in C, no decoding.  A cut inside a string or between two
    objects nested in an element leaves a piece that is not JSON (a string left open,
    a bracket not closed), so a piece that is JSON ends where an element ends, and the
    next begins where one begins.  The reader of a piece that is not JSON raises
    :class:`NotJsonChunk`, and the body is read another way (:func:`array_batches`),
    which says where it is broken, if it is.
    """
    if json.detect_encoding(content) != "utf-8":
        return None
    start = _SPACE_BYTES.match(content).end()  # type: ignore[union-attr]
    end = len(content)
    while end > start and content[end - 1] in b" \t\n\r":
        end -= 1
    if content[start : start + 1] != b"[" or end - start < 2 or content[end - 1] != ord("]"):
        return None
    return _chunks(content, start + 1, end - 1, size)


def _chunks(content: bytes | bytearray, at: int, end: int, size: int) -> Iterator[bytes]:
    """The elements between ``at`` and ``end`` (an array's brackets left out), cut."""
    if _SPACE_BYTES.match(content, at, end).end() == end:  # type: ignore[union-attr]
        return  # an empty array
    view = memoryview(content)
    while True:
        cut = _BETWEEN_OBJECTS.search(content, at + size, end)
        if cut is None:
            yield b"[" + view[at:end] + b"]"
            return
        yield b"[" + view[at : cut.start() + 1] + b"]"
        at = cut.end() - 1


def _text(content: bytes | bytearray) -> tuple[str, int]:
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


#: Bytes of a body turned into text at a time when it is read in slices.  Small: each
#: slice makes a string or two of its size, and strings of megabytes, made and freed
#: by the dozen, leave the process's heap bigger (reading 60,000 activities in 1 MiB
#: slices peaked at 166 MiB of memory, in 64 KiB slices at 128).
TEXT_SLICE = 64 * 1024


class _Slices:
    """A bare array's elements from its bytes, a slice of text at a time.

    An element is taken only once a separator (``,`` or the array's ``]``) follows it
    in the text at hand: a number cut at a slice's end (``1e`` of ``1e5``) would
    otherwise read as a shorter one.  An element cut by the slice's end fails to
    decode or is not yet followed by a separator: the next slice is added and it is
    decoded again.
    """

    def __init__(self, content: bytes | bytearray, encoding: str) -> None:
        self._content = memoryview(content)
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._size = TEXT_SLICE
        self._read = 0  # bytes turned into text so far
        self._text = ""
        self._at = 0

    @property
    def _final(self) -> bool:
        return self._read >= len(self._content)

    def _more(self) -> bool:
        """Add the next slice to the text not yet read; False when there is none."""
        if self._final:
            return False
        piece = self._content[self._read : self._read + self._size]
        self._read += len(piece)
        self._text = self._text[self._at :] + self._decoder.decode(piece, final=self._final)
        self._at = 0
        return True

    def next_char(self) -> str:
        """The next character that is not white space, read (``""`` at the body's end)."""
        self._skip_space()
        if self._at == len(self._text):
            return ""
        self._at += 1
        return self._text[self._at - 1]

    def _separated(self, at: int) -> bool:
        """Whether a separator (``,`` or ``]``) follows ``at`` in the text at hand."""
        after = _SPACE.match(self._text, at).end()  # type: ignore[union-attr]
        return self._text[after : after + 1] in (",", "]")

    def _element(self) -> Any:
        while True:
            try:
                item, end = _DECODER.raw_decode(self._text, self._at)
            except ValueError:
                if not self._more():
                    raise
                continue
            if self._separated(end) or not self._more():
                self._at = end
                return item

    def _skip_space(self) -> None:
        """Up to the next character that is not white space, adding slices as needed."""
        while True:
            self._at = _SPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text) or not self._more():
                return

    def elements(self) -> Iterator[Any]:
        self._skip_space()
        if self._text.startswith("]", self._at):
            self._at += 1
            return self._end()
        while True:
            yield self._element()
            separator = self.next_char()
            if separator == "]":
                return self._end()
            if separator != ",":
                raise ValueError("expected ',' or ']' in the JSON array")
            self._skip_space()

    def _end(self) -> None:
        if self.next_char():
            raise ValueError("extra data after the JSON array")
