"""Textual's footer, with its keys built in their final style.

The footer builds its keys afresh each time the screen's bindings change (a focus
move, a screen shown).  A key starts compact, and the footer's own ``compact`` is
bound to it once it mounts; each change of form restyles the key, after the style it
got on mounting.  Wide or narrow, every key of every footer was styled twice, a
twentieth of the work of a key press on a list screen.  Here each key is given its
final form before it mounts, so the binding finds nothing to change.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Footer

#: The class a key carries while compact (Textual's footer styles keys by it).
COMPACT = "-compact"
#: The class of the command palette's key: it is not bound to the footer's form and
#: keeps its compact default.
PALETTE_KEY = "-command-palette"


class ScreenFooter(Footer):
    """A :class:`~textual.widgets.Footer` whose keys mount in their final form."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            born_compact(widget, compact=self.compact)
            yield widget


def born_compact(widget: Widget, *, compact: bool) -> None:
    """Give a footer key (a widget with a ``compact`` reactive) the form it would reach
    after mounting: the footer's, or compact for the palette's key."""
    form = getattr(type(widget), "compact", None)
    if not isinstance(form, Reactive):
        return  # a group or a label: no form of its own
    final = True if widget.has_class(PALETTE_KEY) else compact
    widget.set_reactive(form, final)
    widget.set_class(final, COMPACT, update=False)
