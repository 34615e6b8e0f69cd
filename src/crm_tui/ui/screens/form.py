"""The base of every create/edit form.

``tab``/``shift+tab`` move between fields, ``ctrl+s`` saves, ``escape`` cancels
(asking first when something was typed).  A field that is wrong says why next to
it and nothing is sent.  When the server refuses, the form stays open with what was
typed and shows the server's message.

A subclass yields its fields from :meth:`compose_fields` (with :func:`field`),
checks them in :meth:`build`, and sends in :meth:`send`.

When the request went out and no answer came back (:class:`OutcomeUnknown`), or a
create was answered without saying which record it made, the form looks for what
it saved (:meth:`find_saved`) before anything else: found, it is saved; not found,
the form stays open and says the outcome is unknown, so that saving again is the
user's informed choice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea
from textual.worker import Worker

from ...api import CrmClient, CrmError, OutcomeUnknown
from ..feedback import describe
from ..widgets.dialogs import ConfirmDialog
from ..workers import ApiErrorsMixin, api_worker

ResultT = TypeVar("ResultT")


def message_clock() -> float:
    """Now, on the clock Textual stamps messages (and keys) with: its own function
    for it is private, and changes between releases."""
    return Message().time


#: After a write that got no answer and was not found when read back.
UNKNOWN_NOT_FOUND = (
    "Reading back did not find it, so it was probably not saved, but it may still "
    "have been: check before saving again."
)

#: What sends the form again: named in the messages of failures worth retrying.
RETRY_KEY = "ctrl+s"


class FieldErrors(Exception):
    """Raised by :meth:`FormScreen.build` with ``{field_id: reason}``."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def field(label: str, widget: Widget, *, hint: str = "") -> Vertical:
    """A labelled field with a place for its error just below it."""
    assert widget.id, "form fields need an id"
    children: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        children.append(Static(hint, classes="field-hint"))
    # Hidden while empty: an empty Static still takes a line (CSS has no ":blank").
    error = Static("", id=f"{widget.id}-error", classes="field-error", markup=False)
    error.display = False
    children.append(error)
    return Vertical(*children, classes="field")


class FormScreen(ApiErrorsMixin, ModalScreen[ResultT], Generic[ResultT]):
    #: The form focuses its first field itself (Textual would focus the scrolling
    #: container of the fields first, where early keys are lost).
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    #: The form's title, e.g. "New company".
    form_title: str = "Form"
    #: What a success notification says, e.g. "Company saved".
    saved_message: str = "Saved"
    #: The send button's word, and what it says while the request is in flight.
    save_label: str = "Save"
    saving_label: str = "Saving…"

    def __init__(self) -> None:
        super().__init__(classes="form-screen")
        self._initial: dict[str, Any] = {}
        #: When the first field got the focus: keys typed before then are replayed.
        self._focused_at = float("inf")
        #: Keys that came before any field had the focus, for the first field.
        self._early_keys: list[events.Key] = []
        #: The field focused when the form opened.
        self._first: Widget | None = None
        self.saving = False

    @property
    def api(self) -> CrmClient:
        return self.app.workspace.client  # type: ignore[attr-defined, no-any-return]

    # --------------------------------------------------------- subclass hooks

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> Any:
        """Check the fields and return the request body; raise :class:`FieldErrors`."""
        raise NotImplementedError

    async def send(self, body: Any) -> ResultT:
        raise NotImplementedError

    async def find_saved(self, body: Any, since: datetime) -> ResultT | None:
        """What :meth:`send` would have returned, read from the server, if it holds it.

        Called after a write whose answer never came, or that did not say which record
        it made; ``since`` is when the write started (our clock).  None: not found.
        """
        return None

    def confirm_question(self, body: Any) -> str | None:
        """A question to confirm before sending ``body`` (None: send at once)."""
        return None

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(self.form_title, classes="dialog-title")
            # markup=False: the server's message is shown as it came, brackets and all
            error = Static("", id="form-error", classes="form-error", markup=False)
            error.display = False  # an empty Static still takes a line: no room for it
            yield error
            with VerticalScroll(classes="form-fields"):
                yield from self.compose_fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.save_label} (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def first_field(self) -> Widget | None:
        """The field that has the focus when the form opens: the first one, by default."""
        return next(iter(self.query(".field Input, .field TextArea, .field Select")), None)

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self._first = self.first_field()
        if first is not None:
            first.focus()
            self._focused_at = message_clock()
            for key in self._early_keys:
                self._replay(key)
        self._early_keys.clear()

    def on_key(self, event: events.Key) -> None:
        """Keys typed while the form was still opening reach its first field.

        Until the form has a focused field, Textual hands keys to the screen itself,
        where they would be lost: those that come before the focus is set are kept
        and given to the field once it has it, as are those typed before then (their
        time says so) that arrive after.  Later keys that reach the screen have
        bubbled up from a field that did not want them, and are left alone.
        """
        if not event.is_printable:
            return
        if not self.is_mounted or self._focused_at == float("inf"):
            event.stop()
            self._early_keys.append(event)
        elif self._first is not None and event.time < self._focused_at:
            event.stop()
            self._replay(event)

    def _replay(self, key: events.Key) -> None:
        """Give ``key`` to the first field once the focus has reached it.

        Textual moves the focus on the app's queue: the key is queued after it, so
        that an Input selecting its text on focus does not then type over the key.
        """
        first = self._first
        if first is not None:
            self.app.call_later(first.post_message, events.Key(key.key, key.character))

    # ----------------------------------------------------------------- values

    def values(self) -> dict[str, Any]:
        """Every field's current value by id (text stripped)."""
        result: dict[str, Any] = {}
        for widget in self.query(".field Input, .field TextArea, .field Select, .field Checkbox"):
            if widget.id is None:
                continue
            if isinstance(widget, Input):
                result[widget.id] = widget.value.strip()
            elif isinstance(widget, TextArea):
                result[widget.id] = widget.text.strip()
            elif isinstance(widget, Select):
                result[widget.id] = None if widget.is_blank() else widget.value
            elif isinstance(widget, Checkbox):
                result[widget.id] = widget.value
        return result

    def text(self, field_id: str) -> str | None:
        """A text field's value, or None when blank."""
        value = self.values().get(field_id)
        return value or None

    @property
    def has_unsaved_input(self) -> bool:
        return self.values() != self._initial

    # ------------------------------------------------------------------ flows

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        if self.saving:
            return
        self.show_errors({})
        try:
            body = self.build()
        except FieldErrors as invalid:
            self.show_errors(invalid.errors)
            return
        question = self.confirm_question(body)
        if question is None:
            self._start_saving(body)
            return

        def answer(yes: bool | None) -> None:
            if yes and not self.saving:
                self._start_saving(body)

        self.app.push_screen(ConfirmDialog(question, confirm_label=self.save_label), answer)

    def _start_saving(self, body: Any) -> None:
        self._set_saving(True)
        self.save(body)

    @api_worker("form-save")
    async def save(self, body: Any) -> None:
        since: datetime = self.app.workspace.clock()  # type: ignore[attr-defined]
        try:
            result = await self.send(body)
        except OutcomeUnknown:
            found = await self._look_for_saved(body, since)
            if found is None:
                raise  # handle_api_error: the outcome is unknown and stays so
            result = found
            self.saved_message = f"{self.saved_message} (no answer came; the server has it)"
        else:
            if getattr(result, "id", None) == "":  # made, but the server did not say which
                result = await self._look_for_saved(body, since) or result
        self._set_saving(False)
        self.app.notify(self.saved_message, title=self.form_title)
        self.dismiss(result)

    async def _look_for_saved(self, body: Any, since: datetime) -> ResultT | None:
        try:
            return await self.find_saved(body, since)
        except CrmError:
            return None  # could not look: the outcome stays unknown

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        """Keep the form and what was typed; show the server's message at the top."""
        self._set_saving(False)
        problem = describe(error, retry_key=RETRY_KEY)
        message = problem.message
        if isinstance(error, OutcomeUnknown):
            message = f"{error.message} {UNKNOWN_NOT_FOUND}"
        self._say(f"{problem.title}: {message}")
        if not isinstance(error, CrmError):
            self.app.log.error(repr(error))
        self.notify_failure(error)
        return True

    def notify_failure(self, error: BaseException) -> None:
        """Every write that failed says so in a notification too (the form may be scrolled)."""
        problem = describe(error, retry_key=RETRY_KEY)
        unknown = isinstance(error, OutcomeUnknown)
        self.app.notify(
            UNKNOWN_NOT_FOUND if unknown else problem.message,
            title=f"{self.form_title}: {'outcome unknown' if unknown else 'not saved'}",
            severity=problem.severity,
            markup=False,
        )

    def _say(self, text: str) -> None:
        """The form's message at the top: shown while there is one."""
        form_error = self.query_one("#form-error", Static)
        form_error.update(text)
        form_error.display = bool(text)

    def show_errors(self, errors: dict[str, str]) -> None:
        self._say("Please correct the fields marked below." if errors else "")
        for static in self.query(".field-error").results(Static):
            if static.id and static.id.endswith("-error"):
                field_id = static.id.removesuffix("-error")
                static.update(errors.get(field_id, ""))
                static.display = field_id in errors
        if errors:
            first = next(iter(errors))
            targets = self.query(f"#{first}")
            if targets:
                targets.first().focus()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.query_one("#save", Button).disabled = saving
        self.query_one("#save", Button).label = (
            self.saving_label if saving else f"{self.save_label} (ctrl+s)"
        )

    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.has_unsaved_input:
            self.dismiss(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard what you typed?", confirm_label="Discard", danger=True),
            discard,
        )
