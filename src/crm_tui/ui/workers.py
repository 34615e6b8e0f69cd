"""The one way screens start API work.

``api_worker`` is Textual's ``@work`` with the project's defaults: errors do not
exit the app (they reach :class:`ApiErrorsMixin`, which hands them to the app's one
reporter), and a newer call in the same group cancels the older one, so a stale
answer can never overwrite a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.worker import Worker, WorkerState


def api_worker(group: str, *, exclusive: bool = True) -> Callable[[Any], Any]:
    # Described by its group: else Textual describes each worker by the repr of its
    # arguments, on the event loop, however many records they hold.
    return work(exclusive=exclusive, group=group, exit_on_error=False, description=group)


class ApiErrorsMixin:
    """Mix into a Screen or Widget whose workers call the API.

    Failed workers are reported through ``app.report_error`` unless
    :meth:`handle_api_error` deals with the error itself (a form shows it inline).
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        if not self.handle_api_error(error, event.worker):
            self.app.report_error(error)  # type: ignore[attr-defined]

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        """Return True when the error was shown here and needs no notification."""
        return False
