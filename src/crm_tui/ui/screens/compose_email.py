"""Write an outbound email from a lead: pick a connection, write Markdown, send it as HTML once.

Sending is a write that must never happen twice by accident: it is confirmed first,
the send control is disabled while the request is in flight, the client never
retries it, and a send that got no answer is "unknown" rather than failed, because
the mail may well have gone out: the lead's timeline is read to find it, and sending
again asks first, saying it may already have been sent.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Markdown, Select, Static, TextArea
from textual.worker import Worker

from ...api import OutcomeUnknown
from ...api.lookup import holds_sent, newest_made_since
from ...api.models import EmailConnection, Lead, OutboundEmail
from ..feedback import describe
from ..formatting import quoted
from ..loading import loading_indicator
from ..names import short_ids, shown_id
from ..workers import api_worker
from .form import RETRY_KEY, FieldErrors, FormScreen, field

#: A plausible single address: something@domain.tld, no spaces, lists or brackets.
EMAIL_SHAPE = re.compile(r"^[^@\s,;<>\[\]]+@[^@\s,;<>\[\]]+\.[^@\s,;<>\[\]]+$")
NO_CONNECTIONS = (
    "No outbound email connection is set up for this entity, so nothing can be sent "
    "from here. Connect a mailbox (Gmail or Outlook) in Axiomatic, then open this again."
)
UNKNOWN_OUTCOME = (
    "Outcome unknown: no answer came and the email is not on the lead's timeline, but it "
    "may have been sent. Sending again asks first."
)
EMPTY_PREVIEW = "*Nothing to preview yet: write the message in Markdown.*"


def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML switched off: HTML the user types is escaped, not sent."""
    return MarkdownIt("commonmark", {"html": False})


def render_html(markdown: str) -> str:
    """The ``htmlBody`` sent for a Markdown body; the preview uses the same parser."""
    return markdown_parser().render(markdown)


def connection_labels(connections: list[EmailConnection]) -> dict[str, str]:
    """'Sam Rivera <sam@brightline.example> · gmail', by connection id.

    A connection the server sent without an address or a name reads as its channel
    and the shortest prefix of its id that tells it from the others.
    """
    shortened = short_ids(c.id for c in connections)
    labels = {}
    for connection in connections:
        channel = connection.channel or "unknown channel"
        address = connection.email
        if connection.display_name:
            sender = (
                f"{connection.display_name} <{address}>" if address else connection.display_name
            )
        else:
            sender = address or f"connection {shown_id(shortened[connection.id], connection.id)}"
        labels[connection.id] = f"{sender} · {channel}"
    return labels


class ComposeEmail(FormScreen[bool]):
    """A modal dialog; dismisses with True once the server accepted the email."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_preview", "Preview", id="toggle_preview"),
    ]
    # Wide enough for the preview to sit beside the editor while typing.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    #: Seconds between the last keystroke in the body and re-rendering the preview.
    preview_delay: ClassVar[float] = 0.3
    form_title = "Write email"
    saved_message = "Email sent"
    save_label = "Send"
    saving_label = "Sending…"

    #: Show the rendered preview in place of the editor.
    preview_only: reactive[bool] = reactive(False)

    def __init__(self, lead: Lead) -> None:
        super().__init__()
        self.lead = lead
        #: The connections by id: empty while loading, when none exist or loading failed.
        self.connections: dict[str, EmailConnection] = {}
        #: What each connection reads as, by id.
        self.connection_labels: dict[str, str] = {}
        #: The last send timed out: it may have gone out, so the confirm says so.
        self.outcome_unknown = False
        self._preview_timer: Timer | None = None

    # ----------------------------------------------------------------- layout

    def compose_fields(self) -> ComposeResult:
        about = Text.assemble(("Lead  ", "dim"), self.lead.title or self.lead.id)
        if self.lead.company_name:
            about.append(f"  ·  {self.lead.company_name}", style="dim")
        yield Static(about, id="compose-lead")
        yield field(
            "From",
            Select[str](
                [], prompt="Loading connections…", id="connection", compact=True, disabled=True
            ),
        )
        yield Static(NO_CONNECTIONS, id="no-connections", markup=False)
        yield field(
            "To",
            Input(
                value=self.lead.contact_email or "",
                placeholder="name@example.com",
                id="to",
                compact=True,
            ),
        )
        yield field("Subject", Input(placeholder="Required", id="subject", compact=True))
        with Vertical(classes="field", id="body-field"):
            with Horizontal(id="body-heading"):
                yield Label("Body · Markdown", classes="field-label")
                yield Static("", id="body-mode")
            with Horizontal(id="body-area"):
                yield TextArea(id="body", soft_wrap=True, tab_behavior="focus")
                with VerticalScroll(id="preview"):
                    yield Markdown(
                        EMPTY_PREVIEW,
                        id="preview-md",
                        parser_factory=markdown_parser,
                        open_links=False,
                    )
            body_error = Static("", id="body-error", classes="field-error", markup=False)
            body_error.display = False  # shown by show_errors, like the other fields' errors
            yield body_error

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too (Textual calls each class's handler): it takes the
        # initial values and focuses the first field, the connection.
        self._show_mode()
        self.load_connections()

    def first_field(self) -> Widget:
        # Where typing is needed: the subject, or the address when the lead has none.
        return self.query_one("#subject" if self.lead.contact_email else "#to")

    # ------------------------------------------------------------ connections

    @api_worker("email-connections")
    async def load_connections(self) -> None:
        select = self.query_one("#connection", Select)
        with loading_indicator(select):
            connections = await self.api.list_email_connections()
        self.show_connections(connections)

    def show_connections(self, connections: list[EmailConnection]) -> None:
        self.connections = {c.id: c for c in connections}
        self.connection_labels = connection_labels(connections)
        select = self.query_one("#connection", Select)
        none = not connections
        self.set_class(none, "-no-connections")
        self.query_one("#save", Button).disabled = none
        if none:
            return
        select.set_options((Text(self.connection_labels[c.id]), c.id) for c in connections)
        select.value = connections[0].id
        select.disabled = False
        # Picking the default connection is not something the user typed.
        self._initial["connection"] = select.value

    # ------------------------------------------------------------------ build

    def build(self) -> OutboundEmail:
        values = self.values()
        errors: dict[str, str] = {}
        connection = self.connections.get(values.get("connection") or "")
        if connection is None:
            errors["connection"] = "Choose the connection to send from."
        to = values.get("to") or ""
        if not to:
            errors["to"] = "Who should receive it? Type an email address."
        elif not EMAIL_SHAPE.match(to):
            errors["to"] = "That does not look like one email address (name@example.com)."
        subject = values.get("subject") or ""
        if not subject:
            errors["subject"] = "A subject is required."
        markdown = self.query_one("#body", TextArea).text
        if not markdown.strip():
            errors["body"] = "Write the message."
        if errors or connection is None:
            raise FieldErrors(errors)
        return OutboundEmail(
            lead_id=self.lead.id,
            connection_id=connection.id,
            channel=connection.channel,
            subject=subject,
            html_body=render_html(markdown),
            to=to,
        )

    def confirm_question(self, body: OutboundEmail) -> str:
        sender = self.connection_labels[body.connection_id]
        question = f"Send {quoted(body.subject)} to {body.to} from {sender}?"
        if self.outcome_unknown:
            question = (
                "The last send got no answer, so it may already have been sent (it is not "
                f"on the lead's timeline). {question.removesuffix('?')} again?"
            )
        return question

    # ------------------------------------------------------------------- send

    def action_save(self) -> None:
        # No connection (none configured, or not loaded yet): nothing can be sent.
        if not self.connections:
            return
        super().action_save()

    async def send(self, body: OutboundEmail) -> bool:
        self.tell(f"Sending to {body.to}…", progress=True)
        await self.api.send_outbound_email(body)
        self.saved_message = f"Email sent to {body.to}"
        return True

    async def find_saved(self, body: OutboundEmail, since: datetime) -> bool | None:
        """Whether the email is on the lead's timeline: then it went out."""
        entries = await self.api.get_timeline(self.lead.id)
        sent = newest_made_since(
            entries,
            since,
            matches=lambda entry: entry.kind == "email" and holds_sent(entry, body),
            made_at=lambda entry: entry.occurred_at,
        )
        if sent is None:
            return None
        self.saved_message = f"Email sent to {body.to}"
        return True

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if worker.group == "email-connections":
            problem = describe(error, retry_key=None)
            self.tell(
                f"Could not load the email connections ({problem.title}: {problem.message}). "
                "Close and open this again to retry."
            )
            self.query_one("#save", Button).disabled = True
            return True
        super().handle_api_error(error, worker)  # keeps the draft, shows the message
        self.tell(str(self.query_one("#form-error", Static).render()))  # shown, not as progress
        if isinstance(error, OutcomeUnknown):
            # Never resent by itself; the next send asks again and says why.
            self.outcome_unknown = True
            self.tell(UNKNOWN_OUTCOME)
        return True

    def notify_failure(self, error: BaseException) -> None:
        if isinstance(error, OutcomeUnknown):
            self.app.notify(
                UNKNOWN_OUTCOME, title="Email outcome unknown", severity="warning", markup=False
            )
            return
        problem = describe(error, retry_key=RETRY_KEY)
        self.app.notify(
            problem.message,
            title=f"Email not sent: {problem.title}",
            markup=False,
            severity="error",
        )

    def tell(self, text: str, *, progress: bool = False) -> None:
        """A line at the top of the dialog: progress (muted) or a problem; hidden when empty."""
        line = self.query_one("#form-error", Static)
        line.update(text)
        line.set_class(progress, "-progress")
        line.display = bool(text)

    # ---------------------------------------------------------------- preview

    def action_toggle_preview(self) -> None:
        self.preview_only = not self.preview_only

    def watch_preview_only(self, preview_only: bool) -> None:
        self.set_class(preview_only, "-preview-only")
        if not self.is_mounted:
            return
        self._show_mode()
        if preview_only:
            self.refresh_preview()
            self.query_one("#preview", VerticalScroll).focus()
        else:
            self.query_one("#body", TextArea).focus()

    def _show_mode(self) -> None:
        hint = "ctrl+t back to editing" if self.preview_only else "ctrl+t preview"
        self.query_one("#body-mode", Static).update(Text(hint, style="dim"))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Re-render once typing pauses, not on every keystroke.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if self.preview_delay <= 0:
            self.call_later(self.refresh_preview)
            return
        self._preview_timer = self.set_timer(self.preview_delay, self.refresh_preview)

    def refresh_preview(self) -> AwaitComplete:
        """Render the body now; await the result to know the preview is drawn."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        markdown = self.query_one("#body", TextArea).text
        return self.query_one("#preview-md", Markdown).update(
            markdown if markdown.strip() else EMPTY_PREVIEW
        )
