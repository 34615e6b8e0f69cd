"""The demo backend reached in-process, but on an event loop of its own.

``httpx.ASGITransport`` runs the app on the caller's event loop: in the TUI, every
query and every JSON answer the demo builds (60,000 activities are seconds of it at
a large size) would freeze the screen meanwhile.  :class:`ThreadedASGITransport` runs
the same ASGI app on a loop in a thread of its own, as a server in another process
would be: the UI's loop only waits for the answer.

One thread serves every request in turn, so the demo's single SQLite connection is
still used by one request at a time, as its endpoints expect.  The app may come
later than the transport (a large demo seeds for seconds): requests wait for it.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx


class ThreadedASGITransport(httpx.AsyncBaseTransport):
    """``httpx.ASGITransport`` with the app running on a background thread's event loop."""

    def __init__(self, app: Any | None = None, *, name: str = "demo-backend") -> None:
        self._inner: httpx.ASGITransport | None = None
        self._failure: str | None = None
        self._ready = asyncio.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()
        if app is not None:
            self.serve(app)

    @property
    def thread(self) -> threading.Thread:
        """The thread the app runs on."""
        return self._thread

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the app runs on, in :attr:`thread`."""
        return self._loop

    def serve(self, app: Any) -> None:
        """Answer with ``app`` from now on (callable from any thread)."""
        self._inner = httpx.ASGITransport(app=app)
        self._loop.call_soon_threadsafe(self._ready.set)

    def fail(self, reason: str) -> None:
        """The app will never come: requests fail with ``reason`` (from any thread)."""
        self._failure = reason
        self._loop.call_soon_threadsafe(self._ready.set)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._loop.is_closed():
            raise httpx.ConnectError("the demo backend has been shut down", request=request)
        # Cancelling the caller (a superseded load) cancels the request on the demo's loop.
        future = asyncio.run_coroutine_threadsafe(self._handle(request), self._loop)
        return await asyncio.wrap_future(future)

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        await self._ready.wait()
        if self._inner is None:
            reason = self._failure or "the demo backend is not there"
            raise httpx.ConnectError(reason, request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.shutdown)

    def shutdown(self) -> None:
        """Stop the demo's loop and wait for its thread (what is running is finished
        first; requests still waiting for the app are cancelled)."""
        if self._loop.is_closed():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop)
        self._thread.join()
        self._loop.close()

    async def _stop(self) -> None:
        # A request left waiting on a closed loop would never end, and its task would
        # be reported destroyed while pending, on the terminal, after the app is gone.
        pending = asyncio.all_tasks() - {asyncio.current_task()}
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        asyncio.get_running_loop().stop()
