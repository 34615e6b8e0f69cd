"""Work over a long list in a thread; over a short one at once, where the hop costs more.

A scan of 20,000 records is 5 to 30 ms of pure Python that holds the event loop, and
with it every key and the loading indicator; a thread hop is a fraction of a
millisecond, which a list of a few hundred records does not repay.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sized
from typing import TypeVar

T = TypeVar("T")

#: Lists at least this long are worked on in a thread.
OFF_LOOP_RECORDS = 5_000


async def if_long(
    records: Sized, work: Callable[..., T], *args: object, at: int | None = None
) -> T:
    """``work(*args)``, in a thread when ``records`` holds at least ``at`` items
    (:data:`OFF_LOOP_RECORDS` unless given)."""
    if len(records) >= (OFF_LOOP_RECORDS if at is None else at):
        return await asyncio.to_thread(work, *args)
    return work(*args)
