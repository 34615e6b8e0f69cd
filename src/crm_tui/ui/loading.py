"""Loading indicators that appear only when a load is slow enough to be noticed.

Most answers come back in a few milliseconds.  An indicator shown at once would
flash for a frame on every keystroke of a search, and cost that frame: the new
rows would wait for the next one.  So a widget shows its indicator only once the
load has taken :data:`LOADING_GRACE` seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.widget import Widget
from textual.worker import NoActiveWorker, get_current_worker

#: Seconds a load may take before its widget shows a loading indicator (tests set 0).
LOADING_GRACE = 0.2


@contextmanager
def loading_indicator(widget: Widget) -> Iterator[None]:
    """A loading indicator on ``widget`` while the block runs, once it has run a while.

    Whatever the block's outcome the indicator goes, except when the worker running
    the block was cancelled: a newer load superseded it and owns the indicator now.
    """
    grace = LOADING_GRACE
    running = True

    def cover() -> None:
        if running:
            set_loading(widget, True)

    timer = None
    if grace > 0:
        timer = widget.set_timer(grace, cover)
    else:
        # Not at once: a widget loading is no place for focus, and a screen's focus
        # asked for on mount, just before its first load, lands after this call.
        widget.call_after_refresh(cover)
    try:
        yield
    finally:
        running = False
        if timer is not None:
            timer.stop()
        if not _superseded():
            set_loading(widget, False)


def set_loading(widget: Widget, loading: bool) -> None:
    """Cover ``widget`` with its loading indicator, or uncover it, and say its keys changed.

    While the focused widget loads Textual leaves it out of the screen's bindings (its
    keys do nothing), but setting ``loading`` does not refresh the bindings: a footer
    built while a list loaded went on without its keys ("⏎ Open") once it had loaded.
    """
    if widget.loading != loading:
        widget.loading = loading
        widget.refresh_bindings()


def _superseded() -> bool:
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:
        return False
