"""Textual's footer, with its keys built in their final style, and only when they change.

Textual's footer builds its keys afresh each time the screen's bindings change (a focus
move, a screen shown, a worker refreshing the bindings), once for each change, even
when several come before a frame and when the keys shown are the same as before:
opening a company's screen rebuilt its footer 7 times, and 17 (some 50 ms) for a large one.
Here the changes before a frame come to one look at the keys, and the footer is
built again only when what it shows changed.

And each key Textual's footer builds starts compact; the footer's own ``compact`` is
bound to it once it mounts, and each change of form restyles the key, after the style
it got on mounting.  Wide or narrow, every key of every footer was styled twice, a
twentieth of the work of a key press on a list screen.  Here each key is given its
final form before it mounts, so the binding finds nothing to change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

#: The class a key carries while compact (Textual's footer styles keys by it).
COMPACT = "-compact"
#: The class of the command palette's key: it is not bound to the footer's form and
#: keeps its compact default.
PALETTE_KEY = "-command-palette"


class ScreenFooter(Footer):
    """A :class:`~textual.widgets.Footer` whose keys mount in their final form, built
    again only when the keys it shows change."""

    #: What the keys last built show (see :meth:`shown_keys`).
    _built: tuple[Any, ...] | None = None
    _look_pending = False
    _building = False

    def compose(self) -> ComposeResult:
        self._built = self.shown_keys() if self._bindings_ready else None
        for widget in super().compose():
            born_compact(widget, compact=self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Textual's footer does, but one look after the frame however many changes
        # came before it.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._look_pending:
            # Pending only if it was scheduled: a flag left set would ignore every change
            # after.  (False when the footer is closing.)
            self._look_pending = self.call_after_refresh(self._build_if_changed)

    async def _build_if_changed(self) -> None:
        # Cleared before the build: a change that comes while the keys are rebuilt
        # schedules a look of its own, and is not lost.
        self._look_pending = False
        if not self.is_attached:
            return  # its screen went meanwhile
        if self.shown_keys() != self._built:
            self._building = True
            try:
                await self.recompose()
            finally:
                self._building = False

    @property
    def settled(self) -> bool:
        """Whether the keys are built, and for the bindings as they are now: no look
        waiting, no rebuild under way, nothing changed since (what tests wait for).

        A screen under another (a dialog's) keeps the keys it had on top: the app's
        actions answer for the screen on top, and nothing tells the one below."""
        if self._look_pending or self._building or not self._bindings_ready:
            return False
        return self.screen is not self.app.screen or self.shown_keys() == self._built

    def shown_keys(self) -> tuple[Any, ...]:
        """Everything of the screen's bindings that the footer's keys show."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                app.get_key_display(binding),
                binding.group,
                enabled,
                tooltip,
                binding.show,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )


def born_compact(widget: Widget, *, compact: bool) -> None:
    """Give a footer key (a widget with a ``compact`` reactive) the form it would reach
    after mounting: the footer's, or compact for the palette's key."""
    form = getattr(type(widget), "compact", None)
    if not isinstance(form, Reactive):
        return  # a group or a label: no form of its own
    final = True if widget.has_class(PALETTE_KEY) else compact
    widget.set_reactive(form, final)
    widget.set_class(final, COMPACT, update=False)
