"""The base of every screen that shows server data."""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractContextManager, nullcontext
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState

from ...api.errors import NetworkError
from ..freshness import Freshness
from ..keymap import COPY_BINDINGS, SCREEN_BINDINGS, SCREENS
from ..loading import loading_indicator
from ..read_ahead import ReadsAhead
from ..restyling import StyledAsMounted
from ..widgets.screen_strip import ScreenStrip
from ..workers import ApiErrorsMixin

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ...api import CrmClient
    from ...api.queries import Query
    from ...workspace import Workspace
    from ..copying import CopyValue
    from ..export_view import ExportSource
    from ..names import NameBook

T = TypeVar("T")

#: Narrower than this, footers drop the spacing around their keys so that more fit.
COMPACT_FOOTER_BELOW = 100
#: Seconds a screen's first frame may wait for its first load when every read of that
#: load already has its answer (see :meth:`CrmScreen.load_first`).
FIRST_FRAME_WAIT = 0.05


class CrmScreen(ApiErrorsMixin, StyledAsMounted[None]):
    """Gives a screen the client, ``r`` to refresh and ``/`` to focus its search box.

    A subclass implements :meth:`action_refresh` (start its load worker) and, if it
    has a search or filter box, gives that Input the id ``search``.  A screen that
    shows what the local cache kept (:meth:`cached`) gets its age in the header until
    its loads succeed, and "offline" there when they cannot reach the server.
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
    #: The screen's list takes the keys from the start, focused as the screen mounts:
    #: not the search box Textual would pick first, then leave for the list, each move
    #: restyling both (and by the time a focus asked for on mount lands, the list may be
    #: under its loading indicator, no place for focus).
    AUTO_FOCUS = "RecordList"

    @on(events.Mount)
    def _add_screen_strip(self) -> None:
        # Every top-level screen says where the user is and how to get elsewhere: a line
        # under the header, added here so that the screens' own compose stays as it is.
        # (Textual calls this after a subclass's own on_mount.)
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
        from ..names import NameBook  # with the models: after the first frame

        return NameBook(self.api, self.workspace.owners)

    @cached_property
    def reads_ahead(self) -> ReadsAhead:
        """The reads of the first load, sent as the screen is made (see :mod:`..read_ahead`)."""
        return ReadsAhead(lambda: self.api.write_count)

    def on_unmount(self) -> None:
        # (Textual calls this as well as a subclass's own on_unmount.)
        if "reads_ahead" in self.__dict__:
            self.reads_ahead.drop()

    _freshness: Freshness | None = None

    @property
    def freshness(self) -> Freshness:
        """How old the data on screen is (made on first use: subclasses keep their __init__)."""
        if self._freshness is None:
            self._freshness = Freshness()
        return self._freshness

    async def cached(self, query: Query[T]) -> T | None:
        """What the local cache holds for ``query`` (the header then says how old it is);
        a large answer is read in a thread (see :meth:`Workspace.cached`)."""
        found = await self.workspace.cached(query)
        if found is None:
            return None
        value, at = found
        self.freshness.cached(at)
        self._show_freshness()
        return value

    async def show_cached(self) -> None:
        """Show what the local cache kept for this screen (a record's screen does)."""

    async def show_cached_then_refresh(self) -> None:
        """What the cache kept first, then the server's answer (see :meth:`action_refresh`)."""
        await self.show_cached()
        self.action_refresh()

    async def load_first(self) -> None:
        """The screen's first load, from ``on_mount``.

        A near server has answered every read the screen sent ahead while it mounted:
        then the load runs at once, and ``on_mount`` waits for it (up to
        :data:`FIRST_FRAME_WAIT`) so that its records are in the screen's first frame,
        not one or two frames after an empty one.  (Textual lays the screen out only
        once its ``on_mount`` is done.)  Otherwise what the cache kept comes first, then
        the server's answer, after the first frame.
        """
        if not self.reads_ahead.answered():
            self.call_later(self.show_cached_then_refresh)
            return
        self.action_refresh()
        loads = [asyncio.ensure_future(worker.wait()) for worker in self._running_workers()]
        for load in loads:
            load.add_done_callback(_outcome_seen)
        if loads:
            await asyncio.wait(loads, timeout=FIRST_FRAME_WAIT)

    def indicate_loading(self, widget: Widget) -> AbstractContextManager[None]:
        """A loading indicator over ``widget`` (see :func:`loading_indicator`), except over
        what the cache kept: the header's "refreshing…" says enough then."""
        return nullcontext() if self.freshness.from_cache else loading_indicator(widget)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # ApiErrorsMixin's handler runs as well (Textual calls each class's): this one
        # only keeps the header's word on how fresh the data is.
        if event.state is WorkerState.SUCCESS and not self._loading():
            self.freshness.fresh(time.time())
        elif event.state is WorkerState.ERROR and isinstance(event.worker.error, NetworkError):
            self.freshness.unreachable()
        elif event.state is WorkerState.ERROR:
            self.freshness.failed()  # the app's notification says why
        else:
            return
        self._show_freshness()

    def _loading(self) -> bool:
        """Whether another worker of this screen is still out."""
        return bool(self._running_workers())

    def _running_workers(self) -> list[Worker[object]]:
        return [w for w in self.app.workers if w.node is self and not w.is_finished]

    def _show_freshness(self) -> None:
        words = self.freshness.words()
        if words is None:
            self.sub_title = None  # fresh: the app's own line again
            return
        # The age must fit at 80 columns: the entity gives way to it.
        self.sub_title = self.app.status_line(words, with_entity=False)  # type: ignore[attr-defined]

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
        from ..copying import best_value  # it reads the models: loaded after the first frame

        self._copy(best_value(record))

    def action_copy_menu(self) -> None:
        record = self.copy_record()
        if record is None:
            self.app.bell()
            return
        from ..copying import copy_values
        from ..formatting import shorten
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


def _outcome_seen(wait: asyncio.Future[object]) -> None:
    """A failed load is reported by the screen's worker handler, not by its waiter."""
    if not wait.cancelled():
        wait.exception()
