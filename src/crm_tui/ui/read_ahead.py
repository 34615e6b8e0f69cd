"""Reads sent while a screen is still being built, for its first load to take.

On a screen's first visit Textual composes, mounts and styles it (tens of
milliseconds, more for the board) before ``on_mount`` starts the load worker, and
only then does the request leave.  The server could be working all that while.  So a
screen starts the reads of its first load as it is made (:meth:`ReadsAhead.start`),
and its load worker takes their answers (:meth:`ReadsAhead.take`) instead of asking
again.

An answer read ahead is taken once, and only by a read that asks the same (the same
client call with the same arguments: a filter changed meanwhile asks anew) with
nothing written since it was sent; otherwise it is let go and the read is sent anew.
A read ahead that fails fails its load as the load's own read would have.  What no
load took is let go when the screen goes (:meth:`ReadsAhead.drop`), so that a screen
never holds a second copy of its rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class _Ahead:
    call: Callable[..., Awaitable[Any]]
    arguments: tuple[tuple[Any, ...], dict[str, Any]]
    writes: int
    answer: asyncio.Task[Any]


class ReadsAhead:
    """The reads a screen sent ahead of its first load, one to a name."""

    def __init__(self, write_count: Callable[[], int]) -> None:
        #: How many writes the client has sent: an answer read before one may be stale.
        self._write_count = write_count
        self._pending: dict[str, _Ahead] = {}

    def start(
        self, name: str, call: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any
    ) -> None:
        """Send ``call(*args, **kwargs)`` now, for the first :meth:`take` of ``name``."""
        self._let_go(name)
        answer = asyncio.ensure_future(call(*args, **kwargs))
        answer.add_done_callback(_noted)
        self._pending[name] = _Ahead(call, (args, kwargs), self._write_count(), answer)

    async def take(
        self, name: str, call: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """``await call(*args, **kwargs)``, or the answer read ahead under ``name`` when
        it was the same read and nothing has been written since."""
        ahead = self._pending.pop(name, None)
        if ahead is not None:
            if (
                ahead.call == call
                and ahead.arguments == (args, kwargs)
                and ahead.writes == self._write_count()
            ):
                # Awaited here alone: a load cancelled meanwhile cancels its read too.
                return await ahead.answer  # type: ignore[no-any-return]
            ahead.answer.cancel()
        return await call(*args, **kwargs)

    def answered(self) -> bool:
        """Whether there are reads ahead and every one has its answer, none failed."""
        answers = [ahead.answer for ahead in self._pending.values()]
        return bool(answers) and all(
            answer.done() and not answer.cancelled() and answer.exception() is None
            for answer in answers
        )

    def drop(self) -> None:
        """Let go of every answer no load took (cancelling the reads still out)."""
        for name in list(self._pending):
            self._let_go(name)

    def _let_go(self, name: str) -> None:
        ahead = self._pending.pop(name, None)
        if ahead is not None:
            ahead.answer.cancel()

    def __len__(self) -> int:
        return len(self._pending)


def _noted(answer: asyncio.Task[Any]) -> None:
    """A read ahead that failed and was never taken is not an error to log: the load
    that would have taken it sends its own read and reports what that meets."""
    if not answer.cancelled():
        answer.exception()
