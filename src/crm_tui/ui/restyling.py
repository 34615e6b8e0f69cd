"""The app's whole restyle (``refresh_css``) done only when the styles' inputs changed.

Textual restyles the whole app twice on a screen's first visit through a mode: once
as it builds the mode's screen, once as it shows it.  A screen new to Textual counts
as styled under no theme yet, so both ``switch_mode`` and the mode's set-up ask
``App.refresh_css``, which parses every stylesheet source again (some 15 to 35 ms
with every screen's styles and every widget's defaults) and restyles the app and the
current stack (5 to 15 ms), on the event loop, in the middle of the screen's first
load.  Yet nothing has changed: the new screen's widgets were styled as Textual
mounted them, with the rules parsed from the same sources under the same variables,
and the screen shown is restyled again as it resumes (``ScreenResume``) in any case.

So :meth:`SparingRestyles.refresh_css` passes a call on to Textual only when it could
restyle something differently: the CSS variables (the theme), the app's classes or its
ANSI theme changed since the last refresh Textual did, or the current stack holds a
screen that refresh left behind (it restyles the current mode's screens only: those
of other modes, styled under an older theme, are restyled when next shown).  A theme
change restyles as before.  Stylesheet sources are not part of the inputs: Textual
never restyles the app for a widget's default CSS (new widgets are styled with it as
they mount), and a screen's own CSS is restyled where Textual reads it.

A screen, then, restyles itself whole each time it is shown (``ScreenResume``), and a
mode's screen is told twice on its first show: the second and third styling of every
widget of a screen just mounted, 10 to 20 ms each, in a first visit's longest stall.
:class:`StyledAsMounted` skips those while the screen has not been left since its
widgets were styled as they mounted, under the inputs it is shown with; once it has
been left (for a dialog, for another screen) it is restyled as Textual does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar
from weakref import WeakSet

from textual import events, on
from textual.app import App
from textual.screen import Screen

ResultT = TypeVar("ResultT")

#: What a whole restyle is worked out from, as far as the screens already styled care.
StyleInputs = tuple[object, ...]


class SparingRestyles(App[None]):
    """An app whose whole restyles are skipped when they would change nothing."""

    #: The inputs of the last restyle Textual did (None: none yet).
    _styled_with: StyleInputs | None = None

    def __init__(self) -> None:
        super().__init__()
        #: Screens of other modes than the one a theme change restyled: styled under
        #: older inputs, so a mode that shows one again is restyled as Textual does.
        self._left_behind: WeakSet[Screen[object]] = WeakSet()

    def style_inputs(self) -> StyleInputs:
        """What a restyle of the app reads besides its stylesheet and its nodes' states."""
        return (self.get_css_variables(), frozenset(self.classes), id(self.ansi_theme))

    def refresh_css(self, animate: bool = True) -> None:
        inputs = self.style_inputs()
        stack = self.screen_stack
        if inputs == self._styled_with and self._left_behind.isdisjoint(stack):
            return  # the same rules on nodes styled with them: a restyle changes nothing
        super().refresh_css(animate=animate)
        if self._styled_with is not None and inputs != self._styled_with:
            self._left_behind.update(self._screens_outside(stack))
        self._left_behind.difference_update(stack)
        self._styled_with = inputs

    def _screens_outside(self, stack: list[Screen[object]]) -> Iterator[Screen[object]]:
        """Every screen of every mode but those in ``stack`` (the current one)."""
        for mode in {App.DEFAULT_MODE, self.DEFAULT_MODE, *self.MODES}:
            try:
                screens = self.get_screen_stack(mode)
            except KeyError:
                continue  # a mode not shown yet has no screens
            yield from (screen for screen in screens if screen not in stack)


class StyledAsMounted(Screen[ResultT]):
    """A screen not restyled whole as it is shown when nothing changed since its
    widgets were styled as they mounted (see the module's docs)."""

    #: The app's style inputs as the screen's widgets mounted; None once it was left.
    _mounted_with: StyleInputs | None = None

    @on(events.Compose)
    def _note_the_style_inputs(self) -> None:
        # Before the widgets compose and mount: each is styled as it mounts.
        self._mounted_with = _style_inputs(self.app)

    @on(events.ScreenResume)
    def _skip_a_restyle_that_changes_nothing(self, event: events.ScreenResume) -> None:
        # Handled before Textual's own handler (a subclass's come first), which restyles
        # the screen when asked to.
        if self._mounted_with is not None and self._mounted_with == _style_inputs(self.app):
            event.refresh_styles = False

    @on(events.ScreenSuspend)
    def _left(self) -> None:
        self._mounted_with = None


def _style_inputs(app: App[object]) -> StyleInputs | None:
    """The app's style inputs, when it keeps them (None for another app: never equal)."""
    return app.style_inputs() if isinstance(app, SparingRestyles) else None
