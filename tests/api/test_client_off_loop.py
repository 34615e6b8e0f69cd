"""Large answers are decoded and read in a worker thread; small ones on the event loop.

Reading 60,000 activities (JSON and validation) takes a second or more: on the event
loop it would freeze the screen.  The results must not depend on where they were read.
"""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest
from pydantic import ValidationError

from crm_tui import collector
from crm_tui.api import ServerError, UnexpectedResponse
from crm_tui.api import decoding as decoding_module
from crm_tui.api import parsing as parsing_module
from crm_tui.api import transport as transport_module
from crm_tui.api.client import KEPT_LIST_RECORDS
from crm_tui.api.decoding import array_batches, decode_in_pieces
from crm_tui.api.models import Activity, WireModel
from crm_tui.api.parsing import parse_list, read_long_list
from crm_tui.api.transport import HOLD_BYTES, OFF_LOOP_BYTES

from .conftest import MockClientFactory, json_response

T = TypeVar("T")


def activities(count: int) -> list[dict[str, Any]]:
    """Activities, each with a field the models do not know."""
    return [
        {
            "id": f"act-{index}",
            "type": "call",
            "subject": f"Call number {index} about the renewal",
            "occurredAt": "2026-11-20T10:00:00Z",
            "companyName": "Kelp & Co",
            "extra": {"kept": index},
        }
        for index in range(count)
    ]


def known_activities(count: int) -> list[dict[str, Any]]:
    """Activities with only the fields the models know."""
    rows = activities(count)
    for row in rows:
        del row["extra"]
    return rows


def body_size(rows: list[dict[str, Any]]) -> int:
    return len(json_response(200, rows).content)


def noted_as_lists_are_read(monkeypatch: pytest.MonkeyPatch, note: Callable[[], T]) -> list[T]:
    """``note()`` as each list answer of the client, or each batch of a long one, is read
    (the screens' lists and the others alike are read by
    :func:`~crm_tui.api.parsing.read_long_list` or a batch at a time)."""
    notes: list[T] = []
    for name in ("parse_list", "read_batch"):
        real: Callable[..., Any] = getattr(parsing_module, name)

        def reading(*args: Any, _real: Callable[..., Any] = real, **kwargs: Any) -> Any:
            notes.append(note())
            return _real(*args, **kwargs)

        monkeypatch.setattr(parsing_module, name, reading)
    return notes


def record_reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread each list answer of the client is read on."""
    return noted_as_lists_are_read(monkeypatch, threading.current_thread)


async def test_a_large_list_is_read_off_the_event_loop_with_the_same_result(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = activities(2_000)
    assert body_size(rows) > OFF_LOOP_BYTES
    threads = record_reading_threads(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert threads and threads[0] is not threading.current_thread()
    inline = parse_list(Activity, rows, what="activities")
    assert [a.model_dump() for a in read] == [a.model_dump() for a in inline]
    assert read[1999].subject == "Call number 1999 about the renewal"


async def test_a_small_list_is_read_on_the_event_loop(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = activities(3)
    assert body_size(rows) <= OFF_LOOP_BYTES
    threads = record_reading_threads(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert threads == [threading.current_thread()]
    assert [a.id for a in read] == ["act-0", "act-1", "act-2"]


def record_collector_holds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many large reads held full collections off as each list was read."""
    return noted_as_lists_are_read(monkeypatch, collector.holding)


async def test_a_large_list_is_read_with_full_collections_held_off_then_frozen(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full pass over a big CRM's records would stall the UI's thread too."""
    rows = activities(2_000)
    holds = record_collector_holds(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert holds and set(holds) == {1}
    assert collector.holding() == 0
    # Frozen: later full collections do not walk them (tracked, yet in no generation).
    listed = {id(thing) for thing in gc.get_objects()}
    assert gc.is_tracked(read[0]) and id(read[0]) not in listed
    assert id(read) not in listed


async def test_a_large_answer_is_not_kept_for_good_by_the_freeze_after_its_read(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An httpx response is a cycle: alive at the freeze, it would never be freed (and
    its body with it).  The read gets the bytes; the response is gone by its end."""
    responses: list[weakref.ref[httpx.Response]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        response = json_response(200, activities(2_000))
        responses.append(weakref.ref(response))
        return response

    client, _ = mock_client(answer)
    await client.list_activities()
    gc.collect()
    assert responses and all(ref() is None for ref in responses)


class Cycle:
    """An object that refers to itself: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


async def test_a_mid_size_answer_is_read_in_a_thread_and_frozen_no_cycle_for_good(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of records is read off the event loop, but not worth a freeze: one would
    keep for good whatever cycle is alive then and dies later (the demo's request,
    the UI's passing tasks), a little more with every page turned."""
    rows = activities(800)
    assert OFF_LOOP_BYTES < body_size(rows) < HOLD_BYTES
    threads = record_reading_threads(monkeypatch)
    holds = record_collector_holds(monkeypatch)
    passing = Cycle()
    gone = weakref.ref(passing)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()
    del passing
    gc.collect()

    assert threads and threading.main_thread() not in threads
    assert set(holds) == {0}
    assert gone() is None
    assert len(read) == 800


async def test_a_small_list_is_read_with_the_collector_as_it_was(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    holds = record_collector_holds(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, activities(3)))

    read = await client.list_activities()

    assert holds == [0]
    assert id(read[0]) in {id(thing) for thing in gc.get_objects()}


async def test_odd_records_in_a_large_list_are_read_as_in_one_piece(
    mock_client: MockClientFactory,
) -> None:
    """Read 500 records at a time, a list keeps and counts what it would read whole."""
    rows = activities(2_000)
    del rows[1500]["id"]  # no id: left out and counted
    rows[700]["occurredAt"] = "not a time"  # kept with what could be read
    client, _ = mock_client(lambda request: json_response(200, rows))
    heard: list[tuple[str, int]] = []
    client.add_unreadable_listener(lambda what, count: heard.append((what, count)))

    read = await client.list_activities()

    whole = parse_list(Activity, rows, what="activities")
    assert [a.model_dump() for a in read] == [a.model_dump() for a in whole]
    assert len(read) == 1_999 and heard == [("activities", 1)]


def test_a_long_list_is_let_go_as_read_and_its_records_share_their_field_sets() -> None:
    """The decoded body and the records are never all in memory at once, and 2,000
    activities with the same fields hold one set of their names, not 2,000, and those
    without unknown fields one empty dict of them."""
    rows = known_activities(2_000)
    rows[7]["body"] = "only this one has a body"
    rows[9]["mood"] = "a field the models do not know"
    kept = [dict(row) for row in rows]
    whole = parse_list(Activity, kept, what="activities")

    read = read_long_list(Activity, "activities", rows)

    assert [a.model_dump() for a in read] == [a.model_dump() for a in whole]
    assert [a.model_fields_set for a in read] == [a.model_fields_set for a in whole]
    assert rows == [None] * 2_000  # each batch let go once read
    assert len({id(a.model_fields_set) for a in read}) == 3  # rows[7]'s and rows[9]'s
    assert len({id(a.model_extra) for a in read}) == 2
    assert read[9].model_extra == {"mood": "a field the models do not know"}
    assert read[0].id is not read[1].id


def test_a_record_of_a_long_list_changed_by_copy_leaves_the_others_alone() -> None:
    read = read_long_list(Activity, "activities", known_activities(1_200))
    changed = read[0].model_copy(update={"lead_id": "l-1", "mood": "calm"})
    assert "lead_id" in changed.model_fields_set
    assert changed.model_extra == {"mood": "calm"}
    assert "lead_id" not in read[1].model_fields_set
    assert read[1].model_extra == {}
    assert (
        read[1].model_dump(exclude_unset=True).keys()
        == read[2].model_dump(exclude_unset=True).keys()
    )


def test_a_record_of_a_long_list_cannot_be_changed_in_place() -> None:
    """What records share could otherwise change under all of them at once."""
    read = read_long_list(Activity, "activities", known_activities(1_200))
    with pytest.raises(ValidationError, match="frozen"):
        read[0].lead_id = "l-1"
    with pytest.raises(ValidationError, match="frozen"):
        read[0].mood = "calm"
    assert "lead_id" not in read[1].model_fields_set
    assert read[1].model_extra == {}


class Loose(WireModel):
    """A model that may be changed in place (as a request body may)."""

    id: str
    subject: str = ""


def test_the_records_of_a_model_that_may_change_in_place_share_nothing() -> None:
    rows = [{"id": f"r-{index}", "subject": "Call"} for index in range(1_200)]
    read = read_long_list(Loose, "records", rows)
    assert len({id(record.model_fields_set) for record in read}) == 1_200
    assert len({id(record.model_extra) for record in read}) == 1_200
    read[0].subject = "Changed"
    assert read[1].subject == "Call"


async def test_a_large_body_that_is_not_json_is_still_a_clear_error(
    mock_client: MockClientFactory,
) -> None:
    garbage = b"<html>" + b"x" * (OFF_LOOP_BYTES + 1)
    client, _ = mock_client(lambda request: httpx.Response(200, content=garbage))
    with pytest.raises(UnexpectedResponse, match="not JSON"):
        await client.list_activities()


async def test_a_large_list_is_read_as_it_is_decoded_a_batch_at_a_time(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body that must be made safe to draw is decoded, and never all in memory: each
    batch is read into records before the next is decoded."""
    rows = activities(1_600)
    rows[3]["subject"] = "a bell \x07 in it"
    decoded: list[int] = []
    real_elements = decoding_module._Slices.elements

    def counting(slices: Any) -> Any:
        for element in real_elements(slices):
            decoded.append(1)
            yield element

    monkeypatch.setattr(decoding_module._Slices, "elements", counting)
    seen_at: list[int] = []
    real_parse: Callable[..., Any] = parsing_module.parse_list

    def reading(model: Any, batch: Any, **kwargs: Any) -> Any:
        seen_at.append(len(decoded))
        return real_parse(model, batch, **kwargs)

    monkeypatch.setattr(parsing_module, "parse_list", reading)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert seen_at == [500, 1000, 1500, 1600]  # not 1600 decoded before the first read
    assert [a.id for a in read] == [row["id"] for row in rows]


def record_batches(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each batch of a long list read, as it is read."""
    batches: list[Any] = []
    real: Callable[..., Any] = parsing_module.read_batch

    def reading(model: Any, what: str, batch: Any) -> Any:
        batches.append(batch)
        return real(model, what, batch)

    monkeypatch.setattr(parsing_module, "read_batch", reading)
    return batches


async def test_a_large_list_is_validated_from_its_bytes_a_piece_at_a_time(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to make safe: the body is cut into arrays of whole records, each read
    from its bytes with no decoding, giving what reading it whole gives."""
    rows = activities(2_000)
    rows[5]["body"] = "braces },{ in a string, and } , { spaced"
    rows[6]["extra"] = {"nested": [{"a": 1}, {"b": 2}]}
    batches = record_batches(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert len(batches) > 1 and all(isinstance(batch, bytes) for batch in batches)
    assert all(len(batch) < transport_module.CHUNK_BYTES + 1_000 for batch in batches)
    whole = parse_list(Activity, rows, what="activities")
    assert [a.model_dump() for a in read] == [a.model_dump() for a in whole]


async def test_a_piece_cut_where_no_record_ends_is_read_again_decoded(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``},{`` inside a record, where a cut is tried, leaves a piece that is not JSON:
    the body is read again, decoded as it goes, to the same records."""
    monkeypatch.setattr(transport_module, "CHUNK_BYTES", 1_000)
    rows = activities(1_000)
    for row in rows:
        row["body"] = "x" * 40 + "},{" + "y" * 40
    batches = record_batches(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert isinstance(batches[0], bytes) and isinstance(batches[-1], list)
    whole = parse_list(Activity, rows, what="activities")
    assert [a.model_dump() for a in read] == [a.model_dump() for a in whole]


async def test_odd_records_in_a_piece_read_from_bytes_are_read_one_by_one(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = activities(2_000)
    rows[10]["occurredAt"] = 12.5e100  # not a time: kept with what could be read
    rows[1_990]["id"] = None  # no id: left out and counted
    batches = record_batches(monkeypatch)
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert all(isinstance(batch, bytes) for batch in batches)
    whole = parse_list(Activity, rows, what="activities")
    assert [a.model_dump() for a in read] == [a.model_dump() for a in whole]
    assert len(read) == 1_999 and read[10].occurred_at is None


async def test_a_large_list_broken_half_way_is_a_clear_error(
    mock_client: MockClientFactory,
) -> None:
    body = json_response(200, activities(2_000)).content[:-5000]
    client, _ = mock_client(lambda request: httpx.Response(200, content=body))
    with pytest.raises(UnexpectedResponse, match="not JSON"):
        await client.list_activities()


async def test_a_large_list_read_as_decoded_is_made_safe_to_draw(
    mock_client: MockClientFactory,
) -> None:
    rows = activities(1_200)
    rows[900]["subject"] = "clear \x1b[2J the screen"
    client, _ = mock_client(lambda request: json_response(200, rows))

    read = await client.list_activities()

    assert read[900].subject == "clear \u241b[2J the screen"


async def test_write_listeners_hear_of_writes_not_reads(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(lambda request: json_response(200, {"id": "c1", "name": "Kelp"}))
    heard: list[str] = []
    client.add_write_listener(lambda: heard.append("write"))
    await client.get_company("c1")
    assert heard == []
    await client.delete_lead("l1")
    assert heard == ["write"]


async def test_write_listeners_hear_of_a_write_that_failed(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(lambda request: json_response(500, {"error": "boom"}))
    heard: list[str] = []
    client.add_write_listener(lambda: heard.append("write"))
    with pytest.raises(ServerError, match="boom"):
        await client.delete_lead("l1")
    assert heard == ["write"]


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b" [ ]\n",
        b'[1, 2 ,3, "x\\u00e9", null, true, -1.5e3]',
        b'[{"a": [1, {"b": 2}], "c": "]"}, {"d": ","}]',
        b'{"items": [1, 2], "total": 2}',
        '[ "é" ]'.encode("utf-16"),
    ],
)
def test_decoding_in_pieces_gives_what_json_loads_gives(body: bytes) -> None:
    assert decode_in_pieces(body) == json.loads(body)


@pytest.mark.parametrize(
    "body", [b"[1,", b"[1 2]", b"[1]x", b"[", b"[,1]", b"[1,]", b"nope", b"[1]]"]
)
def test_decoding_in_pieces_refuses_what_json_loads_refuses(body: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(body)
    with pytest.raises(ValueError):
        decode_in_pieces(body)


ARRAYS = [
    b"[]",
    b" [ ]\n",
    b'[1, 2 ,3, "x\\u00e9", null, true, -1.5e3, 1e5, 123456789]',
    b'[{"a": [1, {"b": 2}], "c": "]"}, {"d": ","}]',
    json.dumps(
        [{"id": n, "name": "Łódź ć" * (n % 3), "v": 10**20 + n} for n in range(40)]
    ).encode(),
    json.dumps(["ćé" * n for n in range(30)], ensure_ascii=False).encode(),
]


@pytest.mark.parametrize("slice_bytes", [1, 2, 3, 7, 64])
@pytest.mark.parametrize("body", ARRAYS)
def test_an_array_read_in_slices_of_text_gives_what_json_loads_gives(
    body: bytes, slice_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers, strings and multi-byte characters cut by a slice's end read whole."""
    monkeypatch.setattr(decoding_module, "TEXT_SLICE", slice_bytes)
    batches = array_batches(body, 4)
    assert batches is not None
    assert [item for batch in batches for item in batch] == json.loads(body)


@pytest.mark.parametrize("slice_bytes", [1, 3, 64])
@pytest.mark.parametrize(
    "body", [b"[1,", b"[1 2]", b"[1]x", b"[", b"[,1]", b"[1,]", b"[1]]", b'[{"a": 1]', b"[tru]"]
)
def test_an_array_read_in_slices_refuses_what_json_loads_refuses(
    body: bytes, slice_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decoding_module, "TEXT_SLICE", slice_bytes)
    batches = array_batches(body, 4)
    assert batches is not None
    with pytest.raises(ValueError):
        list(batches)


def test_a_body_that_is_no_array_is_left_to_be_decoded_whole() -> None:
    assert array_batches(b' {"items": []}', 4) is None
    assert array_batches("[1, 2]".encode("utf-16"), 1) is not None


async def test_a_large_answer_read_off_the_loop_is_kept_as_the_server_sent_it(
    mock_client: MockClientFactory,
) -> None:
    """The cache's recorder gets the body the transport read, in its thread or not."""
    rows = activities(480)
    assert body_size(rows) > OFF_LOOP_BYTES
    client, _ = mock_client(lambda request: json_response(200, rows))
    kept: dict[str, Any] = {}
    client.record_answers(kept.__setitem__)

    read = await client.list_activities(company_id="c1")

    assert len(read) == 480
    assert kept == {"/activities?companyId=c1": rows}


async def test_a_list_longer_than_a_batch_is_kept_too(mock_client: MockClientFactory) -> None:
    """The workspace reads a long cached list back in a thread, as this answer was read."""
    rows = activities(2_000)
    client, _ = mock_client(lambda request: json_response(200, rows))
    kept: dict[str, Any] = {}
    client.record_answers(kept.__setitem__)

    assert len(await client.list_activities()) == 2_000
    assert kept == {"/activities": rows}


async def test_a_list_longer_than_the_cache_takes_is_not_kept(
    mock_client: MockClientFactory,
) -> None:
    """Past ``KEPT_LIST_RECORDS`` the batches are let go as they are read, not gathered
    for a cache that would only drop them."""
    rows = activities(KEPT_LIST_RECORDS + 1)
    client, _ = mock_client(lambda request: json_response(200, rows))
    kept: dict[str, Any] = {}
    client.record_answers(kept.__setitem__)

    assert len(await client.list_activities()) == KEPT_LIST_RECORDS + 1
    assert kept == {}


def reachable(root: object, depth: int) -> list[object]:
    """What ``root`` refers to, and what that refers to, ``depth`` steps down."""
    seen: dict[int, object] = {}
    layer = [root]
    for _ in range(depth):
        found = [thing for held in layer for thing in gc.get_referents(held)]
        layer = [thing for thing in found if id(thing) not in seen]
        seen.update((id(thing), thing) for thing in layer)
    return list(seen.values())


async def test_a_large_read_given_up_leaves_no_frame_holding_its_body(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer load cancels the older one while its thread reads: the error's traceback
    keeps the cancelled frames (a cycle, perhaps frozen before it is found), and they
    must not keep the body's megabytes with them."""
    reading, release = threading.Event(), threading.Event()
    real = parsing_module.read_batches

    def slow_read(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsing_module, "read_batches", slow_read)
    rows = activities(2_000)
    size = body_size(rows)
    client, _ = mock_client(lambda request: json_response(200, rows))
    task = asyncio.ensure_future(client.list_activities())
    while not reading.is_set():
        await asyncio.sleep(0)  # the thread has the body once it reads
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as cancelled:
        await task
    release.set()
    frames = []
    trace = cancelled.value.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    assert frames
    held = [
        thing
        for frame in frames
        for thing in reachable(frame, depth=4)
        if isinstance(thing, bytes) and len(thing) >= size
    ]
    assert held == []


async def test_no_response_holds_a_large_body_once_it_is_read(
    mock_client: MockClientFactory,
) -> None:
    """A response is a cycle, freed only by a full collection (or never, once frozen):
    the body is read into bytes of the client's own, so that no response keeps it."""
    rows = activities(2_000)
    data = json.dumps(rows).encode()
    responses: list[weakref.ref[httpx.Response]] = []

    def streamed(request: httpx.Request) -> httpx.Response:
        response = httpx.Response(
            200, headers={"content-type": "application/json"}, stream=httpx.ByteStream(data)
        )
        responses.append(weakref.ref(response))
        return response

    client, _ = mock_client(streamed)
    gc.disable()
    try:
        assert len(await client.list_activities()) == 2_000
        alive = [response for ref in responses if (response := ref()) is not None]
        assert alive  # no collection ran: the response's cycle is still there
        for response in alive:
            with pytest.raises(httpx.ResponseNotRead):
                _ = response.content
    finally:
        gc.enable()


def dated_activities(count: int) -> list[dict[str, Any]]:
    """Activities on 28 days in turn: many share a moment (ties keep the order sent)."""
    rows = activities(count)
    for index, row in enumerate(rows):
        row["occurredAt"] = f"2026-11-{1 + index % 28:02d}T10:00:00Z"
    return rows


def newest_of(rows: list[dict[str, Any]], count: int) -> list[str]:
    every = parse_list(Activity, rows, what="activities")
    return [a.id for a in sorted(every, key=lambda a: a.when, reverse=True)[:count]]


def live_activities() -> int:
    return sum(isinstance(thing, Activity) for thing in gc.get_objects())


async def test_the_newest_activities_are_chosen_as_a_large_list_is_read(
    mock_client: MockClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The others are let go batch by batch: never all 2,000 records at once."""
    rows = dated_activities(2_000)
    assert body_size(rows) > OFF_LOOP_BYTES
    monkeypatch.setattr(transport_module, "CHUNK_BYTES", 32 * 1024)  # some 150 records
    alive = noted_as_lists_are_read(monkeypatch, live_activities)
    client, _ = mock_client(lambda request: json_response(200, rows))

    newest = await client.list_newest_activities(10, key=lambda a: a.when)

    assert len(alive) > 4
    assert max(alive) <= 10 + 500  # the kept ten and about one batch, never all 2,000
    assert [a.id for a in newest] == newest_of(rows, 10)


async def test_the_newest_of_a_short_list_are_the_same(mock_client: MockClientFactory) -> None:
    rows = dated_activities(40)
    client, _ = mock_client(lambda request: json_response(200, rows))

    newest = await client.list_newest_activities(5, key=lambda a: a.when)

    assert [a.id for a in newest] == newest_of(rows, 5)
