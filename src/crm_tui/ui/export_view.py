""" "Export this view" (``E``): what a list screen hands over, and the steps that follow.

A screen says what it shows through one method, ``export_source()``, returning an
:class:`ExportSource` (or None while it has nothing to export): the kind of record, a
name for the file, and the records, either already loaded (with the screen's text
filter applied) or to fetch from the API with the screen's filters (every page of
the companies search).  The screens never hand over their widgets.

Then: a dialog asks for the format and the file (:mod:`.screens.export_dialog`), a
progress dialog writes it in a worker that ``escape`` cancels
(:mod:`.screens.export_progress`), and a notification says where and how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..export import Fetch, Loaded, Records, counted

if TYPE_CHECKING:
    from .screens.base import CrmScreen


@dataclass(frozen=True)
class ExportSource:
    """What a view shows, for its export."""

    #: A kind of :data:`crm_tui.export.KINDS`: "companies", "leads"...
    kind: str
    #: Names the default file: "companies", "acme-corp-leads".
    view: str
    #: The filters that apply, in words ("status: active · search: acme"), or "".
    scope: str
    records: Records

    @classmethod
    def loaded(cls, kind: str, view: str, scope: str, records: Sequence[Any]) -> ExportSource:
        return cls(kind, view, scope, Loaded(records))

    @property
    def fetched(self) -> bool:
        """Whether the records come from the server (page after page) rather than memory."""
        return isinstance(self.records, Fetch)

    def summary(self) -> str:
        """For the dialog: 'All 24 tasks of this view · status: todo', or for a fetched
        list 'All companies of this list, every page · status: active'."""
        total = self.records.total
        if self.fetched:
            rows = f"All {self.kind} of this list, every page"
        else:
            rows = f"All {counted(self.kind, total or 0)} of this view"
        return f"{rows} · {self.scope}" if self.scope else rows


@dataclass(frozen=True)
class ExportRequest:
    """Where and how to write: the user's answer to the export dialog."""

    path: Path
    fmt: str
    replace: bool = False


def start_export(screen: CrmScreen) -> None:
    """Ask where, then write what ``screen`` shows there, then say so."""
    source = screen.export_source()
    if source is None:
        screen.notify("Nothing to export here yet.", severity="warning")
        return
    from .screens.export_dialog import ExportDialog
    from .screens.export_progress import ExportProgress

    def written(count: int | None, request: ExportRequest) -> None:
        if count is not None:
            screen.notify(
                f"Wrote {counted(source.kind, count)} to {request.path}",
                title="Exported",
                markup=False,
            )

    def chosen(request: ExportRequest | None) -> None:
        if request is not None:
            screen.app.push_screen(
                ExportProgress(source, request), lambda count: written(count, request)
            )

    today = screen.workspace.clock().date()
    screen.app.push_screen(ExportDialog(source, directory=Path.cwd(), today=today), chosen)
