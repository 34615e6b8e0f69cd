"""The base of every screen that shows server data."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input

from ...api import CrmClient
from ...workspace import Workspace
from ..keymap import SCREEN_BINDINGS
from ..names import NameBook
from ..workers import ApiErrorsMixin

if TYPE_CHECKING:
    from ..export_view import ExportSource

#: Narrower than this, footers drop the spacing around their keys so that more fit.
COMPACT_FOOTER_BELOW = 100


class CrmScreen(ApiErrorsMixin, Screen[None]):
    """Gives a screen the client, ``r`` to refresh and ``/`` to focus its search box.

    A subclass implements :meth:`action_refresh` (start its load worker) and, if it
    has a search or filter box, gives that Input the id ``search``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCREEN_BINDINGS,
        # Offered on the screens that have a list (those with an export_source).
        Binding(
            "E",
            "export_view",
            "Export this view",
            show=False,
            tooltip="Export this view, all its rows, to CSV or JSON",
            id="export_view",
        ),
    ]
    #: True for the screens reached with 1..6; ``q`` quits only from those.
    top_level: ClassVar[bool] = False

    @property
    def workspace(self) -> Workspace:
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    @property
    def api(self) -> CrmClient:
        return self.workspace.client

    @cached_property
    def names(self) -> NameBook:
        """Names for the ids the server sent without them, learned or read on this screen."""
        return NameBook(self.api, self.workspace.owners)

    def on_resize(self, event: events.Resize) -> None:
        for footer in self.query(Footer):
            footer.compact = event.size.width < COMPACT_FOOTER_BELOW

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search":
            return bool(self.query("#search"))
        if action == "export_view":
            return self.offers_export()
        return True

    @classmethod
    def offers_export(cls) -> bool:
        """Whether the screen has a list to export (it implements :meth:`export_source`)."""
        return cls.export_source is not CrmScreen.export_source

    def action_focus_search(self) -> None:
        search = self.query("#search")
        if search:
            search.first(Input).focus()

    def action_refresh(self) -> None:
        """Reload from the server.  Subclasses start their load worker here."""

    def export_source(self) -> ExportSource | None:
        """What "Export this view" writes: the screen's records with its filters applied.

        A screen with a list overrides this; None while there is nothing to export.
        """
        return None

    def action_export_view(self) -> None:
        from ..export_view import start_export

        start_export(self)
