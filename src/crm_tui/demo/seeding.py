"""Seeding a large demo while the UI shows how far it has got.

At a large ``--demo-size`` seeding takes seconds.  :class:`DemoSeeding` builds the
demo app (and seeds its database) when :meth:`run` is called, in whatever thread
calls it, and hands the app to the transport once done; meanwhile :attr:`progress`
says what it is doing and how many records are written.  A small demo's backend is
built the same way, in a thread (:meth:`start`): FastAPI's import alone would hold
the UI's event loop for a quarter of a second.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from crm_tui.demo.db import SeedProgress
from crm_tui.demo.transport import ThreadedASGITransport


class DemoSeeding:
    """The demo's start-up, run off the UI's event loop (see ``Workspace.preparation``)."""

    def __init__(
        self, build: Callable[[SeedProgress], Any], transport: ThreadedASGITransport
    ) -> None:
        self._build = build
        self._transport = transport
        self._progress = SeedProgress()

    @property
    def progress(self) -> tuple[str, int, int]:
        """(what it is doing, records written, records in all)."""
        progress = self._progress
        return progress.phase, progress.done, progress.total

    def run(self) -> None:
        """Seed and start serving; blocks until done.  A failure is raised, and requests
        made meanwhile fail too rather than wait for ever."""
        try:
            app = self._build(self._progress)
        except BaseException as error:
            self._transport.fail(f"the demo backend could not start ({type(error).__name__})")
            raise
        self._transport.serve(app)

    def start(self) -> None:
        """:meth:`run` in a thread of its own, returning at once: requests wait for the
        backend meanwhile.  A failure reaches the user through them (each fails,
        saying the backend could not start), so the thread keeps it to itself."""

        def run_quietly() -> None:
            with contextlib.suppress(Exception):
                self.run()

        threading.Thread(target=run_quietly, name="demo-backend-start", daemon=True).start()
