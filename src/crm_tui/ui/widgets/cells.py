"""Table cells that are cheap to draw.

A DataTable renders every visible cell again whenever its rows change; with
Rich's general text layout (wrapping, justifying, dividing into lines) that is
most of the time a search takes to show its rows.  A cell is one line that is cut
to its column: :class:`Cut` draws exactly that, as a single segment.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


def fit(text: str, width: int) -> str:
    """``text`` cut with an ellipsis to at most ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    return text


class Cut(Text):
    """One line of plain text, cut with an ellipsis when its column is narrower.

    It is a :class:`~rich.text.Text` (``str()`` gives the text, markup is never
    parsed), so it goes wherever a table cell may.  Text with styled spans is drawn
    the ordinary way.
    """

    def __init__(self, text: str, style: str | Style = "") -> None:
        super().__init__(text, style=style, no_wrap=True, overflow="ellipsis", end="")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        if self._spans:
            yield from super().__rich_console__(console, options)
            return
        text = fit(self.plain, options.max_width)
        yield Segment(text, console.get_style(self.style) if self.style else None)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        # The table measures every new cell; one line has one width, no word splitting.
        width = cell_len(self.plain)
        return Measurement(width, width)
