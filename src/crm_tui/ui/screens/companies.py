"""The Companies list: server-side paging, search, status and owner filters, bulk actions.

Every change of what is asked for (page, search, filters) goes through :meth:`request`,
which numbers it and starts the one exclusive load worker.  A newer request cancels
the older worker; should an older answer arrive anyway, its number no longer
matches and it is dropped, so the table always shows the newest request's answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Input, Static
from textual.worker import Worker

from ...api import queries
from ...api.models import COMPANY_STATUSES, Company, Page
from ...export import Fetch
from ..export_view import ExportSource
from ..formatting import DASH, NO_NAME, count, label
from ..widgets.columns import Column
from ..widgets.dialogs import PromptDialog
from ..widgets.owner_filter import OwnerFilter, owner_filter, owner_picker
from ..widgets.pickers import Choice
from ..widgets.record_list import ASCENDING, DESCENDING, RecordList
from ..widgets.screen_footer import ScreenFooter
from ..widgets.search_box import SearchBox
from ..widgets.sorting import Sort
from ..workers import api_worker
from .base import CrmScreen
from .marketing_list import MarketingListDialog, MarketingListOutcome

#: ``[`` and ``]`` share one footer entry: "[ ] Page".
PAGING = Binding.Group("Page")
#: ``s`` walks through these; None is "all".
STATUS_CYCLE: tuple[str | None, ...] = (None, *COMPANY_STATUSES)


def owner(company: Company) -> str:
    """The owner's name (one the server left out is filled in: see ``show_page``)."""
    return company.owner_name or DASH


COLUMNS: tuple[Column[Company], ...] = (
    Column("name", "Name", lambda c: c.name or NO_NAME, 16, grow=4),
    Column("status", "Status", lambda c: label(c.status), 8),
    Column("owner", "Owner", owner, 10, grow=1),
    Column("industry", "Industry", lambda c: c.industry or DASH, 10, grow=1),
    Column("city", "City", lambda c: c.city or DASH, 9, grow=1),
    Column("country", "Country", lambda c: c.country or DASH, 7, min_table_width=110),
    Column("domain", "Domain", lambda c: c.domain or DASH, 14, grow=1, min_table_width=130),
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


def page_line(page: Page[Company], criteria: CompanyCriteria, sort: Sort | None = None) -> str:
    """'page 2 of 40 · 1,987 companies', or why the table is empty.  The server pages
    in its own order: a sort applies to the page shown, and the line says so."""
    if not page.items and page.page <= 1:
        return "No companies match" if criteria.filtered else "No companies yet"
    pages = page.page_count
    where = f"page {page.page}" if pages is None else f"page {page.page} of {pages}"
    if page.total is None:
        line = f"{where} · more on page {page.page + 1}" if page.has_next else where
    else:
        noun = "company" if page.total == 1 else "companies"
        line = f"{where} · {count(page.total)} {noun}"
    if sort is not None:
        title = next(column.title for column in COLUMNS if column.key == sort.key)
        arrow = DESCENDING if sort.reverse else ASCENDING
        line += f" · this page sorted by {title} {arrow}"
    return line


def page_number_problem(text: str, last: int | None) -> str | None:
    """Why ``text`` is not a page to go to (pages 1 to ``last``, when known), or None."""
    if not (text.isascii() and text.isdigit()):
        return "Type a whole number, such as 3."
    number = int(text)
    if number < 1:
        return "Pages start at 1."
    if last is not None and number > last:
        return f"There are {last} pages." if last != 1 else "There is only 1 page."
    return None


class CompaniesScreen(CrmScreen):
    top_level = True
    screen_title = "Companies"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "page(-1)",
            "Previous page",
            key_display="[",
            group=PAGING,
            id="previous_page",
        ),
        Binding(
            "right_square_bracket",
            "page(1)",
            "Next page",
            key_display="]",
            group=PAGING,
            id="next_page",
        ),
        # Out of the footer (room at 80 columns); help lists them, the palette has "Go to page…".
        Binding(
            "left_curly_bracket",
            "first_page",
            "First page",
            key_display="{",
            show=False,
            id="first_page",
        ),
        Binding(
            "right_curly_bracket",
            "last_page",
            "Last page",
            key_display="}",
            show=False,
            id="last_page",
        ),
        Binding("s", "cycle_status", "Status", id="cycle_status"),
        Binding("o", "pick_owner", "Owner", id="filter_owner"),
        Binding("n", "new_company", "New", tooltip="New company", id="new"),
        # Edit and select stay out of the footer, short at 80 columns; help (?) has them.
        Binding("e", "edit_company", "Edit", show=False, id="edit"),
        Binding("space", "toggle_mark", "Select or unselect", show=False, id="toggle_select"),
        Binding(
            "M",
            "marketing_list",
            "Add to list",
            key_display="M",
            tooltip="Add to a marketing list",
            id="add_to_marketing_list",
        ),
        Binding("escape", "leave_search", "Back to the table", show=False, id="leave_search"),
    ]
    #: Seconds between the last keystroke in the search box and the request (tests set 0).
    search_debounce: ClassVar[float] = 0.3
    #: Companies per server page.
    page_size: ClassVar[int] = 50

    def __init__(self) -> None:
        super().__init__()
        self.criteria = CompanyCriteria()
        self.page: Page[Company] | None = None
        #: What :attr:`page` was asked with (None while the table shows nothing loaded).
        self.shown: CompanyCriteria | None = None
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
        yield RecordList(COLUMNS, selectable=True, id="companies")
        yield Static("", id="page-line", classes="page-line", markup=False)
        yield ScreenFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            # escape means "back to the table" only while typing a search.
            return self.focused is not None and self.focused.id == "search"
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        # What the cache kept first (reading it is async), then the server's page.
        self.call_later(self.show_cached_then_refresh)

    async def show_cached(self) -> None:
        cached = await self.cached(queries.companies(**self.filters(self.criteria)))
        if cached is not None:
            self.show_page(cached)

    @property
    def table(self) -> RecordList[Company]:
        return self.query_one("#companies", RecordList)

    @property
    def selected(self) -> dict[str, Company]:
        """Selected companies by id, kept across pages and filters."""
        return self.table.selected

    # --------------------------------------------------------------- loading

    def filters(self, criteria: CompanyCriteria) -> dict[str, Any]:
        """The client's arguments for ``criteria``."""
        return {
            "status": criteria.status,
            "owner_user_id": criteria.owner.value if criteria.owner else None,
            "q": criteria.q or None,
            "page": criteria.page,
            "page_size": self.page_size,
        }

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
        with self.indicate_loading(self.table):
            page = await self.api.list_companies(**self.filters(criteria))
        if generation != self._generation:
            return  # a newer request was made while this one was out: its answer wins
        if self._past_the_end(page, criteria):
            return
        if page != self.page or criteria != self.shown:  # the same rows (say, the cache's)
            self.show_page(page, keep, criteria)

    def _past_the_end(self, page: Page[Company], criteria: CompanyCriteria) -> bool:
        """An empty page after the one shown: that one was the last, and stays."""
        previous = replace(criteria, page=criteria.page - 1)
        if page.items or self.page is None or self.shown != previous:
            return False
        # The server did not say where the list ends: now we know.
        self.page = self.page.model_copy(update={"has_more": False, "total_pages": previous.page})
        self.criteria = previous
        self.notify("This is the last page.", timeout=2)
        self.query_one("#page-line", Static).update(
            page_line(self.page, previous, self.table.sort), layout=False
        )
        return True

    def handle_api_error(self, error: BaseException, worker: Worker[Any]) -> bool:
        if worker is not self._current:
            return True  # superseded: what it asked for no longer matters
        if self.shown != self.criteria:
            # The rows shown answered other filters (or another page) than the label now
            # says: they go, rather than stand under a label that is not theirs.
            self.page, self.shown = None, None
            self.table.set_records([])
            self.query_one("#empty", Static).display = False
        self.query_one("#page-line", Static).update(
            "Could not load companies. Press r to try again."
        )
        return False  # the app's notification says what went wrong

    def show_page(
        self, page: Page[Company], keep: str | None = None, criteria: CompanyCriteria | None = None
    ) -> None:
        # Owners the server left unnamed: named from the config, or by a short id.
        page = page.model_copy(update={"items": self.names.complete_companies(page.items)})
        self.page = page
        self.shown = criteria or self.criteria
        self.workspace.remember_owners(page.items)
        self.table.set_records(page.items, keep=keep)
        if keep is None or self.table.index_of(keep) is None:
            self.table.cursor = 0
        line = page_line(page, self.criteria, self.table.sort)
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

    def export_source(self) -> ExportSource:
        """Every page of the current search and filters, fetched again for the export."""
        criteria = self.criteria
        filters = {
            "q": criteria.q,
            "status": criteria.status,
            "owner_user_id": criteria.owner.value if criteria.owner else None,
        }
        scope = criteria.describe() if criteria.filtered else ""
        return ExportSource("companies", "companies", scope, Fetch(self.api, "companies", filters))

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

    def action_first_page(self) -> None:
        if self.criteria.page == 1:
            self.notify("This is the first page.", timeout=2)
            return
        self.request(replace(self.criteria, page=1))

    def action_last_page(self) -> None:
        last = self.page.page_count if self.page is not None else None
        if last is None:
            self.notify("The server has not said how many pages there are.", timeout=3)
        elif self.criteria.page == last:
            self.notify("This is the last page.", timeout=2)
        else:
            self.request(replace(self.criteria, page=last))

    def palette_commands(self) -> Iterator[SystemCommand]:
        """This screen's entries in the command palette."""
        yield SystemCommand(
            "Go to page…", "Show a page of companies by its number", self.action_go_to_page
        )

    def action_go_to_page(self) -> None:
        last = self.page.page_count if self.page is not None else None
        shown = f" (1-{last})" if last else ""

        def chosen(answer: str | None) -> None:
            if answer:
                self.request(replace(self.criteria, page=int(answer)))

        dialog = PromptDialog(
            f"Go to page{shown}",
            placeholder="A page number",
            optional=False,
            confirm_label="Go",
            check=lambda text: page_number_problem(text, last),
        )
        self.app.push_screen(dialog, chosen)

    def _has_page(self, number: int) -> bool:
        assert self.page is not None
        last = self.page.page_count
        if last is not None:
            return number <= last
        return self.page.has_next or number <= self.page.page

    # -------------------------------------------------------------- records

    def on_record_list_row_selected(self, event: RecordList.RowSelected) -> None:
        event.stop()
        self._reload_on_resume = True
        self.app.open_record("company", event.key)  # type: ignore[attr-defined]

    def on_record_list_sorted(self, event: RecordList.Sorted) -> None:
        if self.page is not None:
            line = page_line(self.page, self.criteria, event.sort)
            self.query_one("#page-line", Static).update(line, layout=False)

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
        return self.table.current_record

    # ----------------------------------------------------- selection & lists

    def action_toggle_mark(self) -> None:
        if self.table.current_key is None:
            return
        self.table.toggle_selected()
        self._show_selection()
        self.table.action_cursor_down()  # marking a run of rows is space, space, space

    def _show_selection(self) -> None:
        size = len(self.selected)
        self.query_one("#selection", Static).update(f"{size} selected" if size else "")

    def action_marketing_list(self) -> None:
        if self.selected:
            targets = {key: company.name or key for key, company in self.selected.items()}
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
            self.table.clear_selection()
            self._show_selection()
