"""Putting text in the focused box at once, for tests where typing is not what is tested.

Pressing each key of a name runs a search per key (the tests take the debounce out);
a paste-like insert makes one change, as a user pasting would, and the test waits for
its answer.  Tests of typing itself (debounce, superseded answers, early keys) press keys.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from crm_tui.ui.app import CrmApp

from .conftest import settle


async def fill(app: CrmApp, pilot: Pilot[Any], text: str) -> None:
    """Insert ``text`` at the cursor of the focused text box, then settle."""
    box = app.focused
    assert isinstance(box, Input), f"no text box has the focus: {box!r}"
    box.insert_text_at_cursor(text)
    await settle(app, pilot)
