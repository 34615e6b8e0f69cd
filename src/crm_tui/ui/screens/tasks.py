"""The Tasks screen: project tasks by due date, filtered by status and project.

Overdue tasks (open, due before today by the workspace clock) are marked in words
and in bold, not by colour alone: the terminal may have few colours.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from ...api.models import TASK_STATUSES, Task
from .. import formatting
from ..loading import loading_indicator
from ..widgets.fitted_table import ColumnSpec, FittedTable
from ..widgets.pickers import Choice, Picker
from ..widgets.search_box import SearchBox
from ..workers import api_worker
from .loaded_rows import LEAVE_SEARCH, LoadedRowsScreen, every_word_in

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("due", "Due", 20),
    ColumnSpec("title", "Task", 16, grow=3),
    ColumnSpec("status", "Status", 11),
    ColumnSpec("project", "Project", 14, grow=2),
    ColumnSpec("priority", "Priority", 8, min_table_width=100),
    ColumnSpec("assignee", "Assignee", 14, grow=1, min_table_width=100),
)

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


def matches(task: Task, needle: str) -> bool:
    parts = (task.title, task.status, task.project_name, task.assignee_name, task.priority)
    return every_word_in(needle, parts)


class TasksScreen(LoadedRowsScreen[Task]):
    CSS_PATH = "../styles/tasks.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_status", "Status"),
        Binding("p", "filter_project", "Project"),
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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tasks-header", classes="list-header")
        yield SearchBox(
            placeholder="/ filter the loaded tasks by text (on this screen, not the server)",
            id="search",
            compact=True,
        )
        yield FittedTable(COLUMNS, id="tasks")
        yield Static("", id="task-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.action_refresh()

    @property
    def table(self) -> FittedTable:
        return self.query_one("#tasks", FittedTable)

    @property
    def today(self) -> date:
        return self.workspace.clock().date()

    # ------------------------------------------------------------------ loading

    def action_refresh(self) -> None:
        self.load()

    @api_worker("tasks-load")
    async def load(self) -> None:
        """Fetch with the current filters; a newer load supersedes this one."""
        with loading_indicator(self.table):
            tasks = await self.api.list_tasks(
                project_id=self.project[0] if self.project else None,
                status=self.status,
            )
        for task in tasks:
            if task.project_id:
                self.seen_projects[task.project_id] = task.project_name or task.project_id
        self.tasks = by_due_date(tasks)
        self.loaded = True
        self.show_rows()

    # ---------------------------------------------------------------- rendering

    def show_rows(self) -> None:
        shown = self.visible_rows()
        today = self.today
        # With no colour red is a dark grey: reverse video stands out instead.
        alarm = "bold reverse" if self.app.no_color else "bold red"
        self.table.set_rows((task.id, self.cells(task, today, alarm)) for task in shown)
        self.show_header(shown)
        self.show_detail()

    def loaded_rows(self) -> list[Task]:
        return self.tasks

    def row_matches(self, row: Task, needle: str) -> bool:
        return matches(row, needle)

    @staticmethod
    def cells(task: Task, today: date, alarm: str = "bold red") -> dict[str, str | Text]:
        overdue = is_overdue(task, today)
        due = Text(formatting.day(task.due_date))
        title = Text(task.title or formatting.DASH)
        if overdue:
            # Words and weight, so it reads on a monochrome terminal too.
            due.append(f" {OVERDUE_MARK}", style="bold")
            due.stylize(alarm)
            title.stylize("bold")
        return {
            "due": due,
            "title": title,
            "status": formatting.label(task.status),
            "project": Text(task.project_name or task.project_id or formatting.DASH),
            "priority": formatting.label(task.priority),
            "assignee": Text(task.assignee_name or "unassigned"),
        }

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
