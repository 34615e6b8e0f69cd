"""What the app writes to the terminal, read back for the tests.

A headless app writes nothing; :func:`terminal_output` renders the screen as the
driver would for a full repaint (Textual's own ``render_update`` and
``render_segments``, with the app's console): the escape sequences Textual adds for
colours and cursor moves, and between them the text of every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_tui.api.safe_text import UNSAFE
from crm_tui.ui.app import CrmApp

#: The sequences Textual itself writes for a repaint: SGR colours and cursor moves.
TEXTUAL_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mH]")
#: What must never reach the terminal from data: ESC, BEL, C1 (0x9b is a CSI), DEL.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TerminalOutput:
    #: The bytes a repaint writes, sequences and all.
    written: str
    #: The text of each line of cells, without the sequences.
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def shows(self, fragment: str) -> bool:
        return any(fragment in line for line in self.lines)


def terminal_output(app: CrmApp) -> TerminalOutput:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    written = update.render_segments(app.console)
    lines = ["".join(segment.text for strip in line for segment in strip) for line in update.strips]
    return TerminalOutput(written, lines)


def assert_nothing_acts_on_the_terminal(output: TerminalOutput) -> None:
    """No control or bidi character in any cell, and no sequence Textual did not write."""
    for number, line in enumerate(output.lines):
        found = UNSAFE.search(line)
        assert found is None, f"line {number} holds {found.group()!r}: {line!r}"
    # No hyperlink (OSC 8), title (OSC 0), clipboard (OSC 52) or any other sequence
    # came from a style that data made: only colours and cursor moves are left.
    rest = TEXTUAL_SEQUENCES.sub("", output.written)
    found = CONTROL.search(rest.replace("\n", ""))
    assert found is None, f"written: {rest[max(0, found.start() - 40) : found.end() + 40]!r}"
