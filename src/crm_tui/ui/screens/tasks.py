"""The Tasks screen: project tasks by due date, filtered by status and project.

Overdue tasks (open, due before today by the workspace clock) are marked in words
and in bold, not by colour alone: the terminal may have few colours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from ...api import queries
from ...api.models import TASK_STATUSES, Task
from .. import formatting
from ..export_view import ExportSource
from ..widgets.columns import Column
from ..widgets.pickers import Choice, Picker
from ..widgets.record_list import RecordList
from ..widgets.screen_footer import ScreenFooter
from ..widgets.search_box import SearchBox
from ..workers import api_worker
from .loaded_rows import LEAVE_SEARCH, LoadedRowsScreen, off_loop_if_long, searchable

#: What `s` steps through; None is "all" (no `status` sent).
STATUS_CYCLE: tuple[str | None, ...] = (None, *TASK_STATUSES)
DONE = "done"
#: The value of the project picker's first choice: any project.
ANY = ""
#: Plain ASCII: a symbol like ⚠ is drawn one or two cells wide depending on the terminal.
OVERDUE_MARK = "! overdue"


def is_overdue(task: Task, today: date) -> bool:
    """Open (not done) and due before today."""
    return task.status != DONE and task.due_date is not None and task.due_date < today


def by_due_date(tasks: list[Task]) -> list[Task]:
    """Soonest due first; tasks without a due date last."""
    return sorted(
        tasks,
        key=lambda t: (t.due_date is None, t.due_date or date.max, t.title.casefold()),
    )


def search_text(task: Task) -> str:
    parts = (task.title, task.status, task.project_name, task.assignee_name, task.priority)
    return searchable(parts)


def task_columns(
    today: Callable[[], date], alarm: str = "record-list--alert"
) -> tuple[Column[Task], ...]:
    """The list's columns.  Overdue tasks are marked in words and weight, not colour
    alone, so they read on a monochrome terminal too (``alarm`` styles their due date:
    the theme's error colour by default)."""

    def due(task: Task) -> str:
        mark = f" {OVERDUE_MARK}" if is_overdue(task, today()) else ""
        return formatting.day(task.due_date) + mark

    def emphasis(style: str) -> Callable[[Task], str | None]:
        return lambda task: style if is_overdue(task, today()) else None

    return (
        Column("due", "Due", due, 20, style=emphasis(alarm), sort_key=lambda t: t.due_date),
        Column(
            "title",
            "Task",
            lambda t: t.title or formatting.DASH,
            16,
            grow=3,
            style=emphasis("bold"),
            in_detail=False,  # the detail strip has it
        ),
        Column("status", "Status", lambda t: formatting.label(t.status), 11),
        Column(
            "project",
            "Project",
            lambda t: t.project_name or t.project_id or formatting.DASH,
            14,
            grow=2,
        ),
        Column(
            "priority",
            "Priority",
            lambda t: formatting.label(t.priority),
            8,
            min_table_width=100,
            in_detail=False,
        ),
        Column(
            "assignee",
            "Assignee",
            lambda t: t.assignee_name or "unassigned",
            14,
            grow=1,
            min_table_width=100,
            in_detail=False,
        ),
    )


class TasksScreen(LoadedRowsScreen[Task]):
    load_group = "tasks-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_status", "Status", id="cycle_status"),
        Binding("p", "filter_project", "Project", id="filter_project"),
        LEAVE_SEARCH,
    ]
    top_level = True
    screen_title = "Tasks"

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None
        #: (project id, name) the list is narrowed to, or None for any project.
        self.project: tuple[str, str] | None = None
        #: Every project seen in a loaded task (id -> name): the picker offers them.
        self.seen_projects: dict[str, str] = {}
        self.tasks: list[Task] = []
        self.loaded = False
        self._taken: list[Task] | None = None
        self._today: date | None = None
        self.reads_ahead.start("tasks", self.api.list_tasks, **self.filters())

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tasks-header", classes="list-header")
        yield SearchBox(
            placeholder="/ filter the loaded tasks by text (on this screen, not the server)",
            id="search",
            compact=True,
        )
        # The theme's error colour; with no colour that is a dark grey, and reverse
        # video stands out instead.
        alarm = "bold reverse" if self.app.no_color else "record-list--alert"
        yield RecordList(task_columns(lambda: self.today, alarm), openable=False, id="tasks")
        yield Static("", id="task-detail")
        yield ScreenFooter()

    async def on_mount(self) -> None:
        await self.load_first()

    async def show_cached(self) -> None:
        cached = await self.cached(queries.tasks(**self.filters()))
        if cached is not None:
            await self.take(cached)

    @property
    def table(self) -> RecordList[Task]:
        return self.query_one("#tasks", RecordList)

    @property
    def today(self) -> date:
        """Today, as of the last time the rows were shown: asked of the clock once a
        pass, not once for each of 10,000 rows."""
        if self._today is None:
            self._today = self.workspace.clock().date()
        return self._today

    # ------------------------------------------------------------------ loading

    def action_refresh(self) -> None:
        self.load()

    def filters(self) -> dict[str, str | None]:
        """The client's arguments for the filters set."""
        return {"project_id": self.project[0] if self.project else None, "status": self.status}

    @api_worker("tasks-load")
    async def load(self) -> None:
        """Fetch with the current filters; a newer load supersedes this one."""
        with self.indicate_loading(self.table):
            tasks = await self.reads_ahead.take("tasks", self.api.list_tasks, **self.filters())
        if tasks != self._taken:  # the same tasks again (say, after the cache's)
            await self.take(tasks)

    async def take(self, tasks: list[Task]) -> None:
        """Show ``tasks``, as the server (or the cache) sent them."""
        self._taken = tasks
        for task in tasks:
            if task.project_id:
                self.seen_projects[task.project_id] = task.project_name or task.project_id
        self.tasks = await off_loop_if_long(by_due_date, tasks)
        self.rows_loaded()
        await self.filter_loaded()
        self.show_rows()

    # ---------------------------------------------------------------- rendering

    def show_rows(self) -> None:
        self._today = None
        shown = self.visible_rows()
        self.put_rows(shown)
        self.show_header(shown)
        self.show_detail()

    def server_filters(self) -> object:
        return (self.project, self.status)

    def forget_rows(self) -> None:
        self.tasks = []
        self.loaded = False

    def loaded_rows(self) -> list[Task]:
        return self.tasks

    def row_text(self, row: Task) -> str:
        return search_text(row)

    def export_source(self) -> ExportSource | None:
        return self.export_rows(
            "tasks",
            f"status: {self.status}" if self.status else None,
            f"project: {self.project[1]}" if self.project else None,
        )

    def show_header(self, shown: list[Task]) -> None:
        header = Text("Tasks", style="bold")
        header.append(" · status: ")
        header.append(formatting.label(self.status) if self.status else "all", style="bold")
        header.append(" · project: ")
        header.append(self.project[1] if self.project else "any", style="bold")
        needle = self.needle
        if needle:
            header.append(" · text: ")
            header.append(needle, style="italic")
        if self.loaded:
            overdue = sum(is_overdue(task, self.today) for task in shown)
            noun = "task" if len(shown) == 1 else "tasks"
            header.append(f" · {formatting.count(len(shown))} {noun}")
            header.append(
                f" · {formatting.count(overdue)} overdue", style="bold" if overdue else ""
            )
        self.query_one("#tasks-header", Static).update(header)

    def show_detail(self) -> None:
        """What the narrow table leaves out, for the row under the cursor."""
        task = self.current_row()
        detail = Text(no_wrap=True, overflow="ellipsis")
        if task is not None:
            detail.append(task.title or formatting.DASH, style="bold")
            parts = [
                f"assignee: {task.assignee_name or 'unassigned'}",
                f"priority: {formatting.label(task.priority)}",
            ]
            if task.completed_at:
                parts.append(f"completed {formatting.day(task.completed_at)}")
            if is_overdue(task, self.today) and task.due_date:
                days = (self.today - task.due_date).days
                parts.append(f"{days}d overdue")
            detail.append("\n" + " · ".join(parts), style="dim")
        elif self.loaded:
            detail.append("No tasks match these filters.", style="dim")
        self.query_one("#task-detail", Static).update(detail)

    # ------------------------------------------------------------------ filters

    def action_cycle_status(self) -> None:
        index = STATUS_CYCLE.index(self.status) if self.status in STATUS_CYCLE else 0
        self.status = STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)]
        self.show_header(self.visible_rows())
        self.action_refresh()

    def project_choices(self) -> list[Choice]:
        """Any, then the projects seen in loaded tasks, then those saved in the config."""
        choices = [Choice(ANY, "Any project", "drop this filter")]
        for project_id, name in sorted(self.seen_projects.items(), key=lambda kv: kv[1]):
            choices.append(Choice(project_id, name, "seen in tasks"))
        seen = set(self.seen_projects)
        for name, project_id in sorted(self.workspace.projects.items()):
            if project_id not in seen:
                choices.append(Choice(project_id, name, "saved in config"))
        return choices

    def action_filter_project(self) -> None:
        self.app.push_screen(
            Picker(
                "Filter tasks by project",
                choices=self.project_choices(),
                allow_uuid=True,
                placeholder="Type a project name, or paste a project id (UUID)",
            ),
            self._set_project,
        )

    def _set_project(self, choice: Choice | None) -> None:
        if choice is None:
            return
        if not choice.value:
            self.project = None
        else:
            known = {**{v: k for k, v in self.workspace.projects.items()}, **self.seen_projects}
            # A typed id nobody named yet reads as its first block, not 36 characters.
            self.project = (choice.value, known.get(choice.value, f"id {choice.value[:8]}…"))
        self.show_header(self.visible_rows())
        self.action_refresh()
