"""Writing an export: a progress bar, ``escape`` to cancel; dismissed with the row count.

The file is written under a temporary name and renamed once complete
(:func:`crm_tui.export.target_file`): a cancel or a failure leaves nothing under the
name asked for, and an existing file as it was.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static
from textual.worker import Worker

from ...export import RecordWriter, TargetExists, target_file, write_all
from ..export_view import ExportRequest, ExportSource
from ..workers import ApiErrorsMixin, api_worker

#: The bar and its line are redrawn every this many records.
PROGRESS_EVERY = 50


class ExportProgress(ApiErrorsMixin, ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Stop; nothing is written"),
    ]

    def __init__(self, source: ExportSource, request: ExportRequest) -> None:
        super().__init__(classes="dialog")
        self.source = source
        self.request = request

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box export-box"):
            yield Label(f"Exporting {self.source.kind}", classes="dialog-title", markup=False)
            yield Static(str(self.request.path), classes="dialog-question", markup=False)
            yield ProgressBar(total=self.source.records.total, show_eta=False, id="export-bar")
            yield Static("Starting…", id="export-count", markup=False)
            yield Label("escape cancels: nothing is written", classes="field-hint")

    def on_mount(self) -> None:
        self.write()

    @api_worker("export")
    async def write(self) -> None:
        request = self.request
        with target_file(request.path, replace=request.replace) as out:
            writer = RecordWriter(out, self.source.kind, request.fmt)
            count = await write_all(self.source.records, writer, self.show_progress)
        self.dismiss(count)

    def show_progress(self, done: int) -> None:
        total = self.source.records.total
        if done % PROGRESS_EVERY and done != total:
            return
        bar = self.query_one("#export-bar", ProgressBar)
        bar.update(total=total, progress=done)
        of = f" of {total:,}" if total is not None else ""
        self.query_one("#export-count", Static).update(f"{done:,}{of} {self.source.kind}")

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "export")
        self.notify("Export cancelled: nothing was written.", title="Export")
        self.dismiss(None)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        self.dismiss(None)
        if isinstance(error, TargetExists):
            self.notify(str(error), title="Not exported", severity="warning", markup=False)
            return True
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            self.notify(
                f"Could not write {self.request.path}: {reason}",
                title="Not exported",
                severity="error",
                markup=False,
            )
            return True
        return False  # an API failure: the app's one reporter words it
