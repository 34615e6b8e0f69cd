"""The Companies list: server-side paging, search, status and owner filters, bulk actions.

Every change of what is asked for (page, search, filters) goes through :meth:`request`,
which numbers it and starts the one exclusive load worker.  A newer request cancels
the older worker; should an older answer arrive anyway, its number no longer
matches and it is dropped, so the table always shows the newest request's answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker

from ...api.models import COMPANY_STATUSES, Company, Page
from ..formatting import DASH, count, label
from ..loading import loading_indicator
from ..widgets.cells import Cut
from ..widgets.fitted_table import ColumnSpec, FittedTable, Row
from ..widgets.openable_table import OpenableTable
from ..widgets.owner_filter import OwnerFilter, owner_filter, owner_picker
from ..widgets.pickers import Choice
from ..widgets.record_table import Cell
from ..widgets.search_box import SearchBox
from ..workers import api_worker
from .base import CrmScreen
from .marketing_list import MarketingListDialog, MarketingListOutcome

#: ``[`` and ``]`` share one footer entry: "[ ] Page".
PAGING = Binding.Group("Page")
#: ``s`` walks through these; None is "all".
STATUS_CYCLE: tuple[str | None, ...] = (None, *COMPANY_STATUSES)
MARK = "●"

COLUMNS = (
    ColumnSpec("mark", "", 1),
    ColumnSpec("name", "Name", 16, grow=4),
    ColumnSpec("status", "Status", 8),
    ColumnSpec("owner", "Owner", 10, grow=1),
    ColumnSpec("industry", "Industry", 10, grow=1),
    ColumnSpec("city", "City", 9, grow=1),
    ColumnSpec("country", "Country", 7, min_table_width=110),
    ColumnSpec("domain", "Domain", 14, grow=1, min_table_width=130),
)


@dataclass(frozen=True)
class CompanyCriteria:
    """What the table is asked to show."""

    q: str = ""
    status: str | None = None
    owner: OwnerFilter | None = None
    page: int = 1

    def describe(self) -> str:
        """The filters that apply, e.g. 'status: active · owner: me · search: "acme"'."""
        parts = []
        if self.status:
            parts.append(f"status: {self.status}")
        if self.owner:
            parts.append(f"owner: {self.owner.label}")
        if self.q:
            parts.append(f'search: "{self.q}"')
        return " · ".join(parts) or "All companies"

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.status or self.owner)


def _cell(value: str | None) -> Cut:
    return Cut(value or DASH)


def mark_cell(marked: bool) -> Cut:
    return Cut(MARK if marked else "", style="bold")


def company_cells(company: Company, marked: bool) -> dict[str, Cell]:
    owner = company.owner_name or (company.owner_user_id or "")[:8] or None
    return {
        "mark": mark_cell(marked),
        "name": _cell(company.name or company.id),
        "status": _cell(label(company.status)),
        "owner": _cell(owner),
        "industry": _cell(company.industry),
        "city": _cell(company.city),
        "country": _cell(company.country),
        "domain": _cell(company.domain),
    }


def page_line(page: Page[Company], criteria: CompanyCriteria) -> str:
    """'page 2 of 40 · 1,987 companies', or why the table is empty."""
    if not page.items and page.page <= 1:
        return "No companies match" if criteria.filtered else "No companies yet"
    if page.total is None:
        return f"page {page.page}"
    noun = "company" if page.total == 1 else "companies"
    return f"page {page.page} of {page.page_count} · {count(page.total)} {noun}"


class CompaniesScreen(CrmScreen):
    top_level = True
    screen_title = "Companies"
    CSS_PATH = "../styles/companies.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "page(-1)", "Previous page", key_display="[", group=PAGING),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", group=PAGING),
        Binding("s", "cycle_status", "Status"),
        Binding("o", "pick_owner", "Owner"),
        Binding("n", "new_company", "New", tooltip="New company"),
        # Edit and select stay out of the footer, short at 80 columns; help (?) has them.
        Binding("e", "edit_company", "Edit", show=False),
        Binding("space", "toggle_mark", "Select or unselect", show=False),
        Binding(
            "M", "marketing_list", "Add to list", key_display="M", tooltip="Add to a marketing list"
        ),
        Binding("escape", "leave_search", "Back to the table", show=False),
    ]
    #: Seconds between the last keystroke in the search box and the request (tests set 0).
    search_debounce: ClassVar[float] = 0.3
    #: Companies per server page.
    page_size: ClassVar[int] = 50

    def __init__(self) -> None:
        super().__init__()
        self.criteria = CompanyCriteria()
        self.page: Page[Company] | None = None
        #: Selected companies, by id → name; kept across pages and filters.
        self.selected: dict[str, str] = {}
        self._generation = 0
        self._current: Worker[Any] | None = None
        self._reload_on_resume = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(placeholder="Search companies by name  (/)", id="search")
        with Horizontal(classes="list-header"):
            yield Static("All companies", id="filters", markup=False)
            yield Static("", id="selection")
        yield Static("", id="empty", classes="empty-note", markup=False)
        yield OpenableTable(COLUMNS, id="companies")
        yield Static("", id="page-line", classes="page-line", markup=False)
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            # escape means "back to the table" only while typing a search.
            return self.focused is not None and self.focused.id == "search"
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        self.table.focus()
        self.request(self.criteria)

    @property
    def table(self) -> FittedTable:
        return self.query_one("#companies", FittedTable)

    # --------------------------------------------------------------- loading

    def request(
        self, criteria: CompanyCriteria, *, delay: float = 0.0, keep: str | None = None
    ) -> None:
        """Ask for ``criteria``; this request supersedes every earlier one.

        The cursor goes back on ``keep`` when given, else to the first row.
        """
        self.criteria = criteria
        self._generation += 1
        # Fixed-size lines: no layout pass needed, which keeps typing in the search fast.
        self.query_one("#filters", Static).update(criteria.describe(), layout=False)
        self._current = self.load(self._generation, criteria, delay, keep)

    @api_worker("companies-load")
    async def load(
        self, generation: int, criteria: CompanyCriteria, delay: float, keep: str | None
    ) -> None:
        # Cancelled here when the user types on.  Even without a delay the loop gets a
        # turn first, so the key's own change (the letter typed, the filter named) is
        # drawn before the request runs: the in-process demo answers without ever
        # giving the loop one.
        await asyncio.sleep(delay)
        with loading_indicator(self.table):
            page = await self.api.list_companies(
                status=criteria.status,
                owner_user_id=criteria.owner.value if criteria.owner else None,
                q=criteria.q or None,
                page=criteria.page,
                page_size=self.page_size,
            )
        if generation != self._generation:
            return  # a newer request was made while this one was out: its answer wins
        self.show_page(page, keep)

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if worker is not self._current:
            return True  # superseded: what it asked for no longer matters
        self.query_one("#page-line", Static).update(
            "Could not load companies. Press r to try again."
        )
        return False  # the app's notification says what went wrong

    def show_page(self, page: Page[Company], keep: str | None = None) -> None:
        self.page = page
        self.workspace.remember_owners(page.items)
        rows: list[Row] = [
            (company.id, company_cells(company, company.id in self.selected))
            for company in page.items
        ]
        self.table.set_rows(rows, keep=keep)
        if keep is None or keep not in self.table.rows:
            self.table.move_cursor(row=0, animate=False)
        line = page_line(page, self.criteria)
        self.query_one("#page-line", Static).update(line, layout=False)
        empty = self.query_one("#empty", Static)
        if empty.display != (not page.items):  # a layout pass only when it comes or goes
            empty.update(line if not page.items else "")
            empty.display = not page.items

    def action_refresh(self) -> None:
        self.request(self.criteria, keep=self.table.current_key)

    @property
    def owners_seen(self) -> dict[str, str]:
        """Owners met in the companies and leads loaded so far, id → name."""
        return self.workspace.owners_seen

    def on_screen_resume(self) -> None:
        # Back from a company that may have been edited there: show it as it is now.
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.action_refresh()

    # ------------------------------------------------------- search & filters

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        text = event.value.strip()
        if text != self.criteria.q:
            self.request(replace(self.criteria, q=text, page=1), delay=self.search_debounce)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def action_leave_search(self) -> None:
        self.table.focus()

    def action_cycle_status(self) -> None:
        index = STATUS_CYCLE.index(self.criteria.status) if self.criteria.status else 0
        status = STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)]
        self.request(replace(self.criteria, status=status, page=1))

    def action_pick_owner(self) -> None:
        saved = self.workspace.owners

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                owner = owner_filter(choice, self.owners_seen, saved)
                self.request(replace(self.criteria, owner=owner, page=1))

        self.app.push_screen(owner_picker(self.owners_seen, saved), picked)

    def action_page(self, step: int) -> None:
        target = self.criteria.page + step
        if target < 1:
            self.notify("This is the first page.", timeout=2)
            return
        if step > 0 and self.page is not None and not self._has_page(target):
            self.notify("This is the last page.", timeout=2)
            return
        self.request(replace(self.criteria, page=target))

    def _has_page(self, number: int) -> bool:
        assert self.page is not None
        last = self.page.page_count
        if last is not None:
            return number <= last
        return self.page.has_next or number <= self.page.page

    # -------------------------------------------------------------- records

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self._reload_on_resume = True
            self.app.open_record("company", event.row_key.value)  # type: ignore[attr-defined]

    def action_new_company(self) -> None:
        from .company_form import CompanyForm

        self.app.push_screen(CompanyForm(), self._saved)

    def action_edit_company(self) -> None:
        company = self._current_company()
        if company is None:
            self.notify("No company to edit here.", severity="warning")
            return
        from .company_form import CompanyForm

        self.app.push_screen(CompanyForm(company), self._saved)

    def _saved(self, company: Company | None) -> None:
        if company is not None:
            self.request(self.criteria, keep=company.id)

    def copy_record(self) -> Company | None:
        return self._current_company()

    def _current_company(self) -> Company | None:
        key = self.table.current_key
        if key is None or self.page is None:
            return None
        return next((c for c in self.page.items if c.id == key), None)

    # ----------------------------------------------------- selection & lists

    def action_toggle_mark(self) -> None:
        company = self._current_company()
        if company is None:
            return
        if self.selected.pop(company.id, None) is None:
            self.selected[company.id] = company.name or company.id
        self.table.update_row(company.id, {"mark": mark_cell(company.id in self.selected)})
        self._show_selection()
        self.table.action_cursor_down()  # marking a run of rows is space, space, space

    def _show_selection(self) -> None:
        size = len(self.selected)
        self.query_one("#selection", Static).update(f"{size} selected" if size else "")

    def action_marketing_list(self) -> None:
        if self.selected:
            targets = dict(self.selected)
        else:
            company = self._current_company()
            if company is None:
                self.notify("No company to add: select some with space.", severity="warning")
                return
            targets = {company.id: company.name or company.id}
        dialog = MarketingListDialog(
            targets,
            lists=self.workspace.marketing_lists,
            last=getattr(self.app, "last_marketing_list", None),
        )
        self.app.push_screen(dialog, self._added_to_list)

    def _added_to_list(self, outcome: MarketingListOutcome | None) -> None:
        if outcome is None:
            return
        self.app.last_marketing_list = (outcome.list_name, outcome.list_id)  # type: ignore[attr-defined]
        self.notify(outcome.summary(), title="Marketing list")
        if self.selected:
            for company_id in list(self.selected):
                self.selected.pop(company_id)
                if company_id in self.table.rows:
                    self.table.update_row(company_id, {"mark": mark_cell(False)})
            self._show_selection()
