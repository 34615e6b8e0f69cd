"""A search box whose typing never asks the screen for a new layout."""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    """An :class:`Input` for the search and filter boxes above lists.

    Input makes its virtual width the width of its text plus one on every change,
    and a change of virtual size lays the whole screen out again: some 10 ms per
    keystroke on a list screen, spent before the rows the keystroke asked for can
    be drawn.  Here the virtual width is at least the box's own width, so it
    changes only once the text no longer fits.  Only for boxes whose width is set
    by the layout (never ``width: auto``).
    """

    @property
    def content_width(self) -> int:
        return max(super().content_width, self.scrollable_content_region.width)
