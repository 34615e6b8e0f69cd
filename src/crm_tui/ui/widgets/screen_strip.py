"""One line under the header naming the six screens and their number keys.

The current screen is marked by brackets and reverse video, not by colour alone, so
it reads on a monochrome terminal too.  At 80 columns the whole strip fits; a click
on a name goes there, as its number key does.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ..keymap import SCREENS


def strip_text(current: str | None, width: int = 80, keys: Mapping[str, str] | None = None) -> Text:
    """'[1 Dashboard]  2 Companies  3 Contacts …', the ``current`` mode in brackets.

    Narrower than the whole strip (below 80 columns), the other screens keep only
    their number keys: "[1 Dashboard]  2  3  4  5  6".  ``keys`` (mode -> key as
    shown) names the keys a profile's ``[keys]`` gave the screens instead.
    """
    for named in (True, False):
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (default_key, mode, label) in enumerate(SCREENS):
            key = (keys or {}).get(mode, default_key)
            if index:
                text.append(" ")
            click = Style(meta={"@click": f"app.goto('{mode}')"})
            if mode == current:
                text.append(f"[{key} {label}]", Style(bold=True, reverse=True) + click)
            else:
                text.append(" ")
                text.append(key, Style(bold=True) + click)
                text.append(f" {label} " if named else " ", click)
        if text.cell_len <= width:
            break
    return text


class ScreenStrip(Widget):
    """Where you are, and the keys to the other top-level screens."""

    DEFAULT_CSS = """
    ScreenStrip {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str | None, keys: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.current = current
        self.keys = keys

    def render(self) -> Text:
        return strip_text(self.current, self.content_size.width, self.keys)
