"""The base of every screen that shows server data."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel
from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from ...api import CrmClient
from ...workspace import Workspace
from ..copying import CopyValue, best_value, copy_values, shorten
from ..keymap import COPY_BINDINGS, SCREEN_BINDINGS, SCREENS
from ..names import NameBook
from ..widgets.screen_strip import ScreenStrip
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
        *COPY_BINDINGS,
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

    def on_mount(self) -> None:
        # Every top-level screen says where the user is and how to get elsewhere: a line
        # under the header, added here so that the screens' own compose stays as it is.
        # (Textual calls this as well as a subclass's own on_mount.)
        if self.top_level and not self.query(ScreenStrip):
            modes = {label: mode for _, mode, label in SCREENS}
            strip = ScreenStrip(modes.get(getattr(self, "screen_title", "")), self._screen_keys())
            headers = self.query(Header)
            if headers:
                self.mount(strip, after=headers.first())
            else:
                self.mount(strip, before=0)

    def _screen_keys(self) -> dict[str, str]:
        """mode -> the key that goes there as shown, a profile's ``[keys]`` applied."""
        preferences = getattr(self.app, "preferences", None)
        user_keys: dict[str, str] = preferences.keys if preferences is not None else {}
        return {
            mode: self.app.get_key_display(
                Binding(user_keys.get(f"goto_{mode}", key).split(",")[0].strip(), "")
            )
            for key, mode, _label in SCREENS
        }

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

    # --------------------------------------------------------------- copying

    def copy_record(self) -> BaseModel | None:
        """The highlighted record (a screen's own record), for ``y`` and ``Y``."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_value", "copy_menu"):
            # Only where there is a record to copy from (the Dashboard's recent
            # activity, a list, a record's screen).
            return type(self).copy_record is not CrmScreen.copy_record
        if action == "export_view":
            return self.offers_export()
        return super().check_action(action, parameters)

    def action_copy_value(self) -> None:
        record = self.copy_record()
        if record is None:
            self.app.bell()
            return
        self._copy(best_value(record))

    def action_copy_menu(self) -> None:
        record = self.copy_record()
        if record is None:
            self.app.bell()
            return
        from ..widgets.pickers import Choice, Picker  # a dialog's module, loaded when first used

        values = copy_values(record)
        by_name = {value.name: value for value in values}

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self._copy(by_name[choice.value])

        choices = [Choice(value.name, value.name, shorten(value.value, 50)) for value in values]
        self.app.push_screen(
            Picker("Copy which value?", choices=choices, placeholder="Type to filter"),
            picked,
        )

    def _copy(self, value: CopyValue) -> None:
        if not value.value:
            self.notify("Nothing to copy here.", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(value.value)
        # Plain text: a value from the server may hold "[".
        self.notify(f"Copied {value.describe()}", title="Clipboard", timeout=4, markup=False)

    @classmethod
    def offers_export(cls) -> bool:
        """Whether the screen has a list to export (it implements :meth:`export_source`)."""
        return cls.export_source is not CrmScreen.export_source

    def action_focus_search(self) -> None:
        """Focus the screen's search box; a screen without one searches the palette."""
        search = self.query("#search")
        if search:
            search.first(Input).focus()
        else:
            self.app.action_command_palette()

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
