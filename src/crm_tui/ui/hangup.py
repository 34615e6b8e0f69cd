"""Leaving when the terminal goes away.

Textual's input thread reads the terminal until the app exits.  Once the terminal is
gone (an SSH connection dropped, a tmux pane or terminal window closed) each read
ends at once with nothing, and the thread asks again straight away: the app spun on
a core for good.  The hangup signal that would end it does not always arrive: the
kernel sends it to the terminal's session leader, and a process in between may
block it (``make``, for one, while its recipe runs).  So the app checks every
:data:`CHECK_EVERY` seconds whether its terminal is still a terminal, and exits with
the hangup's status once it is not.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from textual.app import App

#: Seconds between two looks at the terminal: a lost one costs a core this long at most.
CHECK_EVERY = 1.0
#: The exit status of a process ended by a hangup (128 + SIGHUP).
HUNG_UP = 129


def terminal_gone(fd: int) -> bool:
    """Whether ``fd``, a terminal once, is one no more (its other end closed)."""
    return not os.isatty(fd)


def leave_when_the_terminal_goes(app: App[Any], fd: int | None = None) -> None:
    """Exit ``app`` once the terminal on ``fd`` (standard input unless given) is gone.

    Nothing is watched when ``fd`` is not a terminal to begin with."""
    if fd is None:
        if sys.__stdin__ is None:
            return
        fd = sys.__stdin__.fileno()
    if terminal_gone(fd):
        return

    def check() -> None:
        if terminal_gone(fd):
            app.exit(return_code=HUNG_UP)

    app.set_interval(CHECK_EVERY, check)
