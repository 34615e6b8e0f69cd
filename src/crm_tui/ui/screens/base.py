"""The base of every screen that shows server data."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from ...api import CrmClient
from ...workspace import Workspace
from ..keymap import SCREEN_BINDINGS, SCREENS
from ..widgets.screen_strip import ScreenStrip
from ..workers import ApiErrorsMixin

#: Narrower than this, footers drop the spacing around their keys so that more fit.
COMPACT_FOOTER_BELOW = 100


class CrmScreen(ApiErrorsMixin, Screen[None]):
    """Gives a screen the client, ``r`` to refresh and ``/`` to focus its search box.

    A subclass implements :meth:`action_refresh` (start its load worker) and, if it
    has a search or filter box, gives that Input the id ``search``.
    """

    BINDINGS: ClassVar[list[BindingType]] = list(SCREEN_BINDINGS)
    #: True for the screens reached with 1..6; ``q`` quits only from those.
    top_level: ClassVar[bool] = False

    def on_mount(self) -> None:
        # Every top-level screen says where the user is and how to get elsewhere: a line
        # under the header, added here so that the screens' own compose stays as it is.
        # (Textual calls this as well as a subclass's own on_mount.)
        if self.top_level and not self.query(ScreenStrip):
            modes = {label: mode for _, mode, label in SCREENS}
            strip = ScreenStrip(modes.get(getattr(self, "screen_title", "")))
            headers = self.query(Header)
            if headers:
                self.mount(strip, after=headers.first())
            else:
                self.mount(strip, before=0)

    @property
    def workspace(self) -> Workspace:
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    @property
    def api(self) -> CrmClient:
        return self.workspace.client

    def on_resize(self, event: events.Resize) -> None:
        for footer in self.query(Footer):
            footer.compact = event.size.width < COMPACT_FOOTER_BELOW

    def action_focus_search(self) -> None:
        """Focus the screen's search box; a screen without one searches the palette."""
        search = self.query("#search")
        if search:
            search.first(Input).focus()
        else:
            self.app.action_command_palette()

    def action_refresh(self) -> None:
        """Reload from the server.  Subclasses start their load worker here."""
