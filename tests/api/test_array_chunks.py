"""Cutting a bare array's bytes into arrays of whole elements (``array_chunks``)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_tui.api.decoding import array_chunks

#: Records as a server sends them: strings that may hold braces and commas, and
#: values nested in objects and arrays.
texts = st.text(alphabet=st.sampled_from('ab{},[]" \\é\n'), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
records = st.lists(st.dictionaries(texts, values, max_size=4), max_size=12)
separators = st.sampled_from([(",", ":"), (", ", ": "), (" ,\n ", " : ")])


def pieces(body: bytes, size: int) -> list[bytes]:
    chunks = array_chunks(body, size)
    assert chunks is not None
    return list(chunks)


@settings(max_examples=300, deadline=None)
@given(records, separators, st.integers(min_value=0, max_value=80), st.booleans())
def test_pieces_that_are_json_hold_the_elements_in_order(
    rows: list[dict[str, object]], separator: tuple[str, str], size: int, indent: bool
) -> None:
    """Where a cut falls inside an element the piece before it is not JSON (the reader
    then reads the body another way); where every piece is JSON, they are the body."""
    body = json.dumps(rows, separators=separator, indent=2 if indent else None).encode()
    decoded = []
    for piece in pieces(body, size):
        try:
            decoded.append(json.loads(piece))
        except ValueError:
            return
    assert [row for piece in decoded for row in piece] == rows


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8))))
def test_flat_records_are_cut_only_between_records(rows: list[dict[str, object]]) -> None:
    """Records holding no object inside and no brace in their text: every piece is JSON."""
    rows = [{k: v for k, v in row.items() if "}" not in k and "}" not in str(v)} for row in rows]
    for size in (0, 7, 100):
        decoded = [json.loads(piece) for piece in pieces(json.dumps(rows).encode(), size)]
        assert [row for piece in decoded for row in piece] == rows
        assert size != 0 or len(decoded) == len(rows)  # cut at every gap


def test_a_piece_is_about_the_size_asked() -> None:
    body = json.dumps([{"id": n, "name": "x" * 50} for n in range(1_000)]).encode()
    sizes = [len(piece) for piece in pieces(body, 4_096)]
    assert len(sizes) > 10
    assert all(4_096 <= size < 4_096 + 100 for size in sizes[:-1])


@pytest.mark.parametrize(
    "body",
    [
        b'{"items": []}',
        b'[{"a": 1}] x',
        b"[",
        b"",
        b"  ",
        "[{}]".encode("utf-16"),
        b'\xef\xbb\xbf[{"a": 1}]',  # a byte-order mark: decoded another way
    ],
)
def test_a_body_that_is_no_bare_utf8_array_is_not_cut(body: bytes) -> None:
    assert array_chunks(body, 10) is None


def test_an_empty_array_is_no_pieces() -> None:
    assert pieces(b" [ \n ] ", 10) == []
