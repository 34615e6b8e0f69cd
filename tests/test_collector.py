"""The collector around large reads: full collections held off, the records frozen after.

The hold is counted (reads overlap, from several threads) and lifted by the last read
to end, which restores the thresholds it found and freezes what was built.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from crm_tui.collector import OUT_OF_REACH, held_for_large_read, holding


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """Known thresholds during the test; the process's own again after it."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def is_frozen(thing: object) -> bool:
    """Whether a tracked object is in the permanent generation (listed by no other)."""
    assert gc.is_tracked(thing)
    return not any(other is thing for other in gc.get_objects())


def test_a_large_read_holds_full_collections_off_and_restores_the_thresholds(
    thresholds: tuple[int, int, int],
) -> None:
    with held_for_large_read():
        assert holding() == 1
        # Young collections go on: they stay cheap however much was read.
        assert gc.get_threshold() == (700, 10, OUT_OF_REACH)
    assert holding() == 0
    assert gc.get_threshold() == thresholds


def test_what_a_large_read_built_is_frozen_once_it_ends(
    thresholds: tuple[int, int, int],
) -> None:
    with held_for_large_read():
        records = [{"id": str(index), "tags": []} for index in range(100)]
        assert not is_frozen(records)
    assert is_frozen(records)
    assert is_frozen(records[99])


def test_overlapping_reads_hold_until_the_last_one_ends(
    thresholds: tuple[int, int, int],
) -> None:
    first, second = held_for_large_read(), held_for_large_read()
    first.__enter__()
    second.__enter__()
    assert holding() == 2
    first.__exit__(None, None, None)
    built = [[] for _ in range(10)]
    assert holding() == 1
    assert gc.get_threshold()[2] == OUT_OF_REACH
    assert not is_frozen(built)
    second.__exit__(None, None, None)
    assert holding() == 0
    assert gc.get_threshold() == thresholds
    assert is_frozen(built)


def test_reads_on_several_threads_at_once_leave_no_hold_behind(
    thresholds: tuple[int, int, int],
) -> None:
    inside = threading.Barrier(4)
    seen: list[int] = []

    def read() -> None:
        with held_for_large_read():
            inside.wait(timeout=30)  # all four hold at once
            seen.append(holding())
            inside.wait(timeout=30)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert seen == [4, 4, 4, 4]
    assert holding() == 0
    assert gc.get_threshold() == thresholds


def test_a_read_that_fails_lifts_its_hold_too(thresholds: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError), held_for_large_read():
        raise ValueError("not JSON")
    assert holding() == 0
    assert gc.get_threshold() == thresholds


def test_a_young_cycle_dead_before_the_freeze_is_collected_not_frozen(
    thresholds: tuple[int, int, int],
) -> None:
    class Node:
        itself: object = None

    with held_for_large_read():
        node = Node()
        node.itself = node
        gone = weakref.ref(node)
        del node
        assert gone() is not None  # a cycle: its reference count alone never frees it
    # The young collection before the freeze found it: it is not kept for good.
    assert gone() is None


def test_an_old_dead_cycle_is_collected_as_a_read_begins_not_frozen(
    thresholds: tuple[int, int, int],
) -> None:
    """A cycle that reached gen 2 and died is found by the full collection a read begins
    with (cheap: it walks only what was made since the last freeze)."""

    class Node:
        itself: object = None

    node = Node()
    node.itself = node
    gone = weakref.ref(node)
    gc.collect()  # survived a full collection: in gen 2 now
    del node
    with held_for_large_read():
        assert gone() is None
