"""The cyclic garbage collector around start-up.

Start-up makes a great many objects that live as long as the process (modules,
classes, the demo backend, the first screen) and next to no garbage.  Full
collections during start-up walk all of them to find nothing, so the CLI turns the
collector off before its imports (:func:`paused_for_startup`), and the app turns
it back on once its first screen is up (:func:`resume_after_startup`), with all
made so far moved to the permanent generation, where later full collections no
longer walk it (with 10,000 demo companies those passes took 100 ms and more, in
the middle of a search).

Kept free of imports beyond the standard library: it runs before everything else.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False


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
