"""The cyclic garbage collector around start-up and around large reads.

Start-up makes a great many objects that live as long as the process (modules,
classes, the demo backend, the first screen) and next to no garbage.  Full
collections during start-up walk all of them to find nothing, so the CLI turns the
collector off before its imports (:func:`paused_for_startup`), and the app turns
it back on once its first screen is up (:func:`resume_after_startup`), with all
made so far moved to the permanent generation, where later full collections no
longer walk it (with 10,000 demo companies those passes took 100 ms and more, in
the middle of a search).

A large read (:func:`held_for_large_read`: the transport wraps its thread read of a
body of 256 KiB or more in it, ``transport.HOLD_BYTES``) is the same story again.
Reading 60,000 activities makes some 120,000 objects the collector tracks (a record
and the set of its fields each), all of them survivors:
every full collection while they are built walks them and everything read before
(130,000 records in a big CRM, over a quarter of a million objects), holding the
interpreter, so the UI's thread stalls for 100 ms and more though the read is in a
worker thread.  So, while any large read runs:

* automatic *full* collections are held off (gen 2's threshold set out of reach).
  Young collections go on: they walk at most a few thousand objects, and they keep
  freeing the short-lived cycles the UI's thread makes meanwhile.  The hold is
  counted and thread-safe: reads overlap, and the last one to end lifts it.
* when the first read begins, a full collection, then :func:`gc.freeze`: cheap
  exactly because earlier freezes keep the collectable generations small (it walks
  only what was made since the last one), and it clears the heap of dead cycles
  before anything more is frozen;
* when the last read ends, a young collection (cheap: gens 0 and 1 hold a few
  thousand objects at most), then :func:`gc.freeze`: the records just built, and
  all else alive, go to the permanent generation, so later full collections walk
  only what was made since the last freeze and stay short however big the CRM is.

Why freezing is safe enough.  A frozen object is still freed by its reference count
the moment the last reference goes: records are acyclic (a model, its ``__dict__``
of plain values, its set of field names), so a list replaced by a reload frees its
records at once.  What a freeze does keep for good is *cyclic* garbage: a cycle
frozen while alive that dies later (a screen popped after a freeze, say), or one
already dead but not yet found.  The full collection a read begins with finds the
dead ones made before it; the young collection it ends with those made during it
that are still young.  Left: dead cycles that reached gen 2 during the read, and
cycles alive at a freeze that die later.  So what the reader must not hold during
the read is a cycle that dies right after it, nor may such a cycle hold anything
large: an httpx response is one (its stream holds it), so the transport streams a
body into bytes of its own that no response holds (another read's freeze may come
while a response is alive), and a read given up midway leaves no frame holding its
body, or large bodies would be kept for good.  The cost is bounded by what is
alive or dying around a large read, not by the size of the data; a full collection
at the read's end would be exact, but it walks every record just built, which is
the stall this module exists to avoid.

Kept free of imports beyond the standard library: it runs before everything else.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False

#: Gen 2's threshold while a large read runs: never reached, no automatic full pass.
OUT_OF_REACH = 2**31 - 1

_lock = threading.Lock()
#: Large reads running now.
_holds = 0
#: The thresholds to restore when the last of them ends.
_thresholds: tuple[int, int, int] = (700, 10, 10)


@contextmanager
def paused_for_startup() -> Iterator[None]:
    """The collector off from here; on again by the block's end at the latest."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def resume_after_startup() -> None:
    """Freeze what exists now (once per process) and turn the collector on.

    Once: an app started later in the same process (tests start many) must not
    freeze an earlier one's garbage for good.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
    gc.enable()


@contextmanager
def held_for_large_read() -> Iterator[None]:
    """No automatic full collection inside the block; what it built frozen after it.

    Safe to enter from any thread, and from several at once: the hold lasts until
    the last block ends, which then collects the young generations and freezes.
    """
    _hold()
    try:
        yield
    finally:
        _release()


def holding() -> int:
    """How many large reads hold full collections off now (0: none)."""
    return _holds


def _hold() -> None:
    global _holds, _thresholds
    with _lock:
        if _holds == 0:
            if gc.isenabled():
                # Cheap: only what was made since the last freeze is walked.
                gc.collect()
                gc.freeze()
            _thresholds = gc.get_threshold()  # type: ignore[assignment]
            young, middle, _old = _thresholds
            gc.set_threshold(young, middle, OUT_OF_REACH)
        _holds += 1


def _release() -> None:
    global _holds
    with _lock:
        _holds -= 1
        if _holds:
            return
        gc.set_threshold(*_thresholds)
        if gc.isenabled():  # off for start-up: leave the heap as start-up does
            gc.collect(1)
        gc.freeze()
