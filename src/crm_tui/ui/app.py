"""The shell: modes for the six screens, global keys, header status, errors, help."""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerFailed

from ..api import CrmError
from ..collector import resume_after_startup
from ..preferences import Preferences
from ..workspace import Workspace
from .commands import ActionsProvider, JumpProvider, ScreensProvider
from .feedback import describe, unreadable_records
from .hangup import leave_when_the_terminal_goes
from .keymap import GLOBAL_BINDINGS, SCREENS
from .restyling import SparingRestyles
from .screen_names import FIRST_SCREEN
from .screens.base import CrmScreen
from .screens.help import HelpRow, HelpScreen
from .themes import EXTRA_THEMES

if TYPE_CHECKING:
    from ..api import CrmClient
    from .jump_targets import JumpTarget
    from .screens.form import FormScreen

#: Textual's own keys that every screen has; the help screen leaves them out.
GENERIC_HELP_ACTIONS = frozenset(
    {"app.focus_next", "app.focus_previous", "screen.copy_text", "page_left", "page_right"}
)

#: How long a "records could not be read" notice stays up (and is not repeated).
UNREADABLE_NOTICE_SECONDS = 8.0

#: The one help row of the number keys.
GOTO_HELP = "Go to " + ", ".join(label for _, _, label in SCREENS)
#: The action of each number key -> its place in GOTO_HELP.
GOTO_ORDER = {f"app.goto('{mode}')": index for index, (_, mode, _) in enumerate(SCREENS)}

#: A notification's timeout for what the user must read: a day, or a click on it.
STAYS_UNTIL_DISMISSED = 24 * 3600.0

#: A notification is read at a glance: a longer one (a 10,000-character name) is cut.
NOTIFICATION_MAX_CHARS = 300
#: Jump hits shown at most.
JUMP_HITS = 20
#: While the seeding screen is up only these work: the backend cannot answer yet.
WHILE_PREPARING = frozenset({"quit", "quit_anywhere"})
#: Seconds between saves of the local cache while the app runs (it is saved on exit too).
CACHE_SAVE_SECONDS = 5.0


#: kind -> (module in ``screens``, class): each record's screen, imported when first opened.
RECORD_SCREENS: dict[str, tuple[str, str]] = {
    "company": ("company", "CompanyScreen"),
    "contact": ("contact", "ContactScreen"),
    "lead": ("lead", "LeadScreen"),
}


def lazy_screen(module: str, name: str) -> Callable[[], Screen[None]]:
    """A ``MODES`` entry that imports its screen's module when the mode is first shown.

    Start-up then loads only the Dashboard; each other screen (and the widgets and forms
    it brings) is imported the first time the user goes there.
    """

    def make() -> Screen[None]:
        screen_class = getattr(importlib.import_module(f"{__package__}.screens.{module}"), name)
        screen: Screen[None] = screen_class()
        return screen

    make.__qualname__ = f"lazy_screen({name})"
    return make


class CrmApp(SparingRestyles):
    TITLE = "crm-tui"
    # Every screen's styles, read once at start-up.  A screen bringing a stylesheet of
    # its own on its first visit costs Textual two re-parses and restylings of the
    # whole app (some 60 ms each), in the middle of that screen's first load.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        f"styles/{name}.tcss"
        for name in (
            "app",
            "dashboard",
            "companies",
            "contacts",
            "pipeline",
            "activities",
            "tasks",
            "records",
            "lead",
            "compose",
            "seeding",
        )
    ]
    #: The app opens on its first screen's mode (the Dashboard's unless ``--screen``
    #: names another; each app sets its own): Textual builds it with the app's first
    #: screen, instead of a blank one then a mode switch, which would parse the
    #: stylesheet twice more before the first frame.
    DEFAULT_MODE: ClassVar[str] = FIRST_SCREEN
    BINDINGS: ClassVar[list[BindingType]] = list(GLOBAL_BINDINGS)
    COMMANDS = App.COMMANDS | {ActionsProvider, ScreensProvider, JumpProvider}
    MODES: ClassVar = {
        "dashboard": lazy_screen("dashboard", "DashboardScreen"),
        "companies": lazy_screen("companies", "CompaniesScreen"),
        "contacts": lazy_screen("contacts", "ContactsScreen"),
        "pipeline": lazy_screen("pipeline", "PipelineScreen"),
        "activities": lazy_screen("activities", "ActivitiesScreen"),
        "tasks": lazy_screen("tasks", "TasksScreen"),
    }

    #: None until the first call answers; then whether the last call reached the server.
    connection_ok: reactive[bool | None] = reactive(None)

    def __init__(
        self,
        workspace: Workspace,
        preferences: Preferences | None = None,
        *,
        warnings: Sequence[str] = (),
        screen: str = FIRST_SCREEN,
    ) -> None:
        #: The screen the app opens on (``--screen``), once the backend is ready.
        self.first_screen = screen
        # Textual builds the first mode's screen with the app (see DEFAULT_MODE).
        self.DEFAULT_MODE = screen  # type: ignore[misc]
        if workspace.preparation is not None:
            # A large demo seeds first, over Textual's blank first screen: no screen
            # may ask a backend that cannot answer yet.
            self.DEFAULT_MODE = App.DEFAULT_MODE  # type: ignore[misc]
        super().__init__()
        self.workspace = workspace
        self.preferences = preferences or Preferences()
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        #: The theme the config file holds (or the one of this run): not saved again.
        self._theme_on_file: str | None = None
        #: Warnings from start-up (a config file others can read): shown until dismissed.
        self.startup_warnings = tuple(warnings)
        #: Loads (once) the contacts and leads the palette jumps to, each with its folded
        #: title.  Dropped after a write, so the next palette loads them afresh.
        self._jump_loader: Worker[list[tuple[JumpTarget, str]]] | None = None
        #: (name, id) of the marketing list last added to, offered first next time.
        self.last_marketing_list: tuple[str, str] | None = None
        #: True while the backend gets ready (the seeding screen is up).
        self.preparing = False
        #: Run once the first frame is on screen (None from then on).
        self._after_first_frame: list[Callable[[], object]] | None = []
        #: Set once the first frame is on screen and what waited for it has started.
        self.first_frame_drawn = asyncio.Event()
        #: The last "records could not be read" notice and when, so reloads do not repeat it.
        self._unreadable_notice: tuple[str, float] | None = None
        workspace.when_connected(self._listen_to)
        workspace.when_read_early(self._on_request_outcome)

    def _listen_to(self, client: CrmClient) -> None:
        """Once the client is built: the header follows its requests' outcomes, and a
        write drops the palette's jump targets."""
        client.add_listener(self._on_request_outcome)
        client.add_unreadable_listener(self._on_unreadable_records)
        client.add_write_listener(self.forget_jump_targets)

    def on_mount(self) -> None:
        self.set_class(self.has_few_colors(), "-few-colors")
        preferences = self.preferences
        if preferences.keys:
            self.set_keymap(preferences.keys)
        if preferences.theme:
            self.theme = preferences.theme
        self._theme_on_file = self.theme
        self.theme_changed_signal.subscribe(self, self._save_theme)
        self._update_status()
        preparation = self.workspace.preparation
        if preparation is not None:
            # A large demo seeds first: its progress is shown, then the Dashboard.
            from .screens.seeding import SeedingScreen

            self.preparing = True
            self.push_screen(SeedingScreen(preparation), self._prepared)
        if self.workspace.cache is not None:
            self.set_interval(CACHE_SAVE_SECONDS, self._save_cache_in_background)
        if not self.is_headless:
            leave_when_the_terminal_goes(self)
        for warning in self.startup_warnings:
            # Printed before the full screen too, where it is hidden until exit.
            self.notify(
                warning,
                title="Warning",
                severity="warning",
                timeout=STAYS_UNTIL_DISMISSED,
                markup=False,
            )

    def _prepared(self, _: None) -> None:
        self.preparing = False
        self.switch_mode(self.first_screen)

    def has_few_colors(self) -> bool:
        """A terminal of 8 or 16 colours (TERM=xterm-16color), where Textual's greys turn
        black: app.tcss then gives field edges a colour the terminal has.  Tests run
        headless, whatever their TERM says, so their pictures do not depend on it."""
        return not self.is_headless and self.console.color_system == "standard"

    def _save_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is the one of the next start too."""
        if theme.name == self._theme_on_file:
            return
        self._theme_on_file = theme.name
        from ..config import ConfigError  # with the TOML reader: only when a theme is saved

        try:
            saved_in = self.preferences.save_theme(theme.name)
        except ConfigError as error:
            self.notify(str(error), title="Theme not saved", severity="warning", markup=False)
            return
        if saved_in is not None:
            self.notify(f"{theme.name}, saved in {saved_in}", title="Theme", markup=False)

    def on_ready(self) -> None:
        # Ready comes with the first layout: the frame is drawn right after it.
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        resume_after_startup()
        waiting, self._after_first_frame = self._after_first_frame or [], None
        for callback in waiting:
            callback()
        self.first_frame_drawn.set()

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame is on screen (now, if it is).

        What the first frame does not show waits for it: reading the cache, building
        the client (httpx, the models, the demo backend) and the first request.
        """
        if self._after_first_frame is None:
            callback()
        else:
            self._after_first_frame.append(callback)

    async def on_unmount(self) -> None:
        await self.workspace.aclose()
        cache = self.workspace.cache
        if cache is not None and cache.dirty:
            try:
                cache.save()
            except OSError as error:
                self._cache_not_saved(error)

    def _save_cache_in_background(self) -> None:
        self.run_worker(self.save_cache(), group="cache-save", exclusive=True, exit_on_error=False)

    async def save_cache(self) -> None:
        """Save the local cache if it changed, in a thread: encoding and writing a big
        cache is no work for the event loop."""
        cache = self.workspace.cache
        if cache is not None and cache.dirty:
            try:
                await asyncio.to_thread(cache.save)
            except OSError as error:
                self._cache_not_saved(error)

    def _cache_not_saved(self, error: OSError) -> None:
        # A cache that cannot be written costs the next start its head start, no more.
        self.log.warning(f"the local cache could not be saved: {error}")

    # --------------------------------------------------------------- status

    def _on_request_outcome(self, error: CrmError | None) -> None:
        self.connection_ok = error is None or not describe(error).offline

    def watch_connection_ok(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        state = {None: "connecting…", True: "● online", False: "✗ last call failed"}
        self.sub_title = self.status_line(state[self.connection_ok])

    def status_line(self, state: str, *, with_entity: bool = True) -> str:
        """The header's line: where the app is connected, and ``state``.

        Without the entity it leaves room for a longer state at 80 columns.
        """
        entity = f" · entity {self.workspace.entity_id[:8]}" if with_entity else ""
        # The state first: on a narrow screen the end of the line is what gets cut.
        return f"{state} · {self.workspace.server_label}{entity}"

    def _on_unreadable_records(self, what: str, count: int) -> None:
        """A list left records out (no id): say how many, once while the notice is up."""
        message = unreadable_records(count, what)
        now = time.monotonic()
        last = self._unreadable_notice
        if last is not None and last[0] == message and now - last[1] < UNREADABLE_NOTICE_SECONDS:
            return
        self._unreadable_notice = (message, now)
        self.notify(
            message,
            title="Some records not shown",
            severity="warning",
            timeout=UNREADABLE_NOTICE_SECONDS,
            markup=False,
        )

    def report_error(self, error: BaseException) -> None:
        """The one place a failed worker's error becomes words on screen."""
        # Under a dialog `r` types or does nothing: the dialog says how to try again.
        retry_key = None if isinstance(self.screen, ModalScreen) else "r"
        problem = describe(error, retry_key=retry_key)
        if not isinstance(error, CrmError):
            self.log.error(f"unexpected error in a worker: {error!r}")
        self.notify(problem.message, title=problem.title, severity=problem.severity, timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification of the app (screens' and widgets' come here too) is plain text.

        What they say names records and quotes servers: a name holding ``[/]`` would
        fail as markup, ``[@click=app.quit]`` would be a live action.  So ``markup`` is
        ignored (Textual's ``Widget.notify`` passes True by default), and an overlong
        message is cut.
        """
        if len(message) > NOTIFICATION_MAX_CHARS:
            message = message[: NOTIFICATION_MAX_CHARS - 1] + "…"
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ------------------------------------------------------------ navigation

    def action_goto(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def open_record(self, kind: str, record_id: str) -> None:
        """Open a company, contact or lead on top of the current screen."""
        screen = self.record_screen(kind, record_id)
        if screen is not None:
            self.push_screen(screen)

    def record_screen(self, kind: str, record_id: str) -> Screen[None] | None:
        # Only this kind's module: a first import of all three (the lead's brings the
        # e-mail composer) is 70 ms on the event loop before the screen is pushed.
        found = RECORD_SCREENS.get(kind)
        if found is None:
            return None
        module, name = found
        screen_class = getattr(importlib.import_module(f"{__package__}.screens.{module}"), name)
        screen: Screen[None] = screen_class(record_id)
        return screen

    def load_jump_targets(self) -> Worker[list[tuple[JumpTarget, str]]]:
        """The worker loading the contacts and leads to jump to: started once, reused
        by every palette until a write makes it stale (:meth:`forget_jump_targets`)."""
        if self._jump_loader is None or self._jump_loader.error is not None:
            self._jump_loader = self.run_worker(
                self._fetch_jump_targets(), group="jump-targets", exit_on_error=False
            )
        return self._jump_loader

    async def _fetch_jump_targets(self) -> list[tuple[JumpTarget, str]]:
        from .jump_targets import contact_target, lead_target  # with the models: later

        client = self.workspace.client
        contacts, leads = await asyncio.gather(client.list_contacts(), client.list_leads())
        targets = [contact_target(contact) for contact in contacts]
        targets += [lead_target(lead) for lead in leads]
        return [(target, target.title.casefold()) for target in targets]

    def forget_jump_targets(self) -> None:
        self._jump_loader = None

    async def jump_targets(self, query: str) -> list[JumpTarget]:
        """The contacts and leads whose name holds ``query``."""
        try:
            targets = await self.load_jump_targets().wait()
        except WorkerFailed as failed:
            raise failed.error from None
        needle = query.casefold()
        hits: list[JumpTarget] = []
        for target, folded in targets:
            if needle in folded:
                hits.append(target)
                if len(hits) == JUMP_HITS:
                    break
        return hits

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # A screen may offer actions of its own in the palette ("Go to page…").
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    # ------------------------------------------------------------------ help

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self._screen_title(), self._help_rows()))

    def _screen_title(self) -> str:
        labels = {mode: label for _, mode, label in SCREENS}
        return getattr(self.screen, "screen_title", None) or labels.get(
            self.current_mode, "this screen"
        )

    def _help_rows(self) -> list[HelpRow]:
        """The keys that work now: the screen's, then global, then the focused widget's.

        That order puts what matters most on help's first screenful at 80x24; the
        cursor keys of the widget in focus, the same on every list, come last.  Keys
        for the same action share a row ("↓ j  Cursor down"), the number keys one row
        between them; Textual's generic focus, copy and sideways-paging keys are left
        out as noise.  A binding's tooltip, when it has one, is the longer wording of
        its footer label and is shown here.  A key shown under another name in the
        footer ("<" for shift+left too) is listed under each of its names.
        """
        keys_by_row: dict[tuple[str, str, str], list[str]] = {}
        goto_keys: dict[int, list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled:
                continue
            if binding.action in GENERIC_HELP_ACTIONS:
                continue
            if active.node is self:
                scope = "global"
            elif active.node is self.screen:
                scope = "this screen"
            else:
                scope = "in focus"
            description = binding.tooltip or binding.description
            action = binding.action
            if action in GOTO_ORDER:
                # In the order GOTO_HELP names the screens, whatever keys [keys] gave them.
                goto_keys.setdefault(GOTO_ORDER[action], []).append(self.get_key_display(binding))
                action, description = "app.goto", GOTO_HELP
            row_id = (scope, action, description)
            keys = keys_by_row.setdefault(row_id, [])
            keys.append(self.get_key_display(binding))
            if binding.key_display:
                keys.append(self.get_key_display(replace(binding, key_display=None)))
        for (_scope, action, _description), keys in keys_by_row.items():
            if action == "app.goto":
                keys[:] = [key for index in sorted(goto_keys) for key in goto_keys[index]]
        order = {"this screen": 0, "global": 1, "in focus": 2}
        rows = [
            (" ".join(dict.fromkeys(keys)), description, scope)
            for (scope, _action, description), keys in keys_by_row.items()
        ]
        rows.sort(key=lambda row: order[row[2]])
        return rows

    # ------------------------------------------------------------------ quit

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.preparing:
            return action in WHILE_PREPARING
        if action in ("goto", "help") and isinstance(self.screen, ModalScreen):
            # A dialog holds the user's attention: answer it (or escape) first.
            return action == "help" and not isinstance(self.screen, HelpScreen)
        if action == "quit_top_level":
            screen = self.screen
            top = isinstance(screen, CrmScreen) and screen.top_level
            return top or self._unsaved_form() is not None
        return True

    def _unsaved_form(self) -> FormScreen[object] | None:
        # Forms load their module when the first one opens: before that there is none.
        forms = sys.modules.get(f"{__package__}.screens.form")
        if forms is None:
            return None
        for screen in reversed(self.screen_stack):
            if isinstance(screen, forms.FormScreen) and screen.has_unsaved_input:
                return screen
        return None

    def action_quit_top_level(self) -> None:
        self._quit_asking_first()

    async def action_quit(self) -> None:
        """Textual's own quit (the palette's "Quit") asks first too."""
        self._quit_asking_first()

    def action_quit_anywhere(self) -> None:
        self._quit_asking_first()

    def _quit_asking_first(self) -> None:
        if self._unsaved_form() is None:
            self.exit()
            return

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        from .widgets.dialogs import ConfirmDialog

        self.push_screen(
            ConfirmDialog(
                "A form holds unsaved input. Quit anyway?", confirm_label="Quit", danger=True
            ),
            answer,
        )
