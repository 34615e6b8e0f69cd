"""The Dashboard's figures as it draws them, and a reader of a cached dashboard without
pydantic.

A warm start shows the figures the local cache kept before the client is built.
Reading them with the models would import pydantic and build them first (some 80 ms,
a third of a bare Textual app's start); the figures need none of it.  So
:func:`read_cached_dashboard` reads the usual shape of a dashboard with the standard
library, into plain records, and refuses (``UnexpectedResponse``) anything it is not
sure to read exactly as the models would: a field given as a string, a string with
spaces around it, a snake_case name, an envelope.  The caller then reads the body
with the models, as any answer is read.  The body was cleaned when it came (the
cache keeps cleaned answers), so its text is as safe as a fresh answer's.

:class:`DashboardFigures` is what the screen draws from: the models' ``Dashboard``
and :class:`CachedDashboard` both fit it.  :func:`figures_of` gives the drawn figures
of either, to tell whether a fresh answer draws anything new.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from .errors import UnexpectedResponse
from .query import Query

DASHBOARD_PATH = "/dashboard"

#: An RFC 3339 timestamp as servers write them: what both readers read alike.
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")
#: The models also take their fields' snake_case names: a body holding one is theirs.
_SNAKE_DASHBOARD = frozenset(
    {
        "win_rate",
        "companies_by_status",
        "activities_this_week",
        "open_tasks",
        "overdue_tasks",
        "recent_activity",
    }
)
_SNAKE_STAGE = frozenset({"weighted_value"})
_SNAKE_ACTIVITY = frozenset(
    {
        "company_id",
        "company_name",
        "contact_id",
        "contact_name",
        "lead_id",
        "lead_title",
        "user_name",
        "due_at",
        "occurred_at",
        "created_at",
    }
)


class StageFigures(Protocol):
    @property
    def stage(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def value(self) -> float: ...
    @property
    def weighted_value(self) -> float: ...


class RecentFigures(Protocol):
    """A recent activity, as the Dashboard's list draws and opens it."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def company_id(self) -> str | None: ...
    @property
    def company_name(self) -> str | None: ...
    @property
    def contact_id(self) -> str | None: ...
    @property
    def contact_name(self) -> str | None: ...
    @property
    def lead_id(self) -> str | None: ...
    @property
    def lead_title(self) -> str | None: ...
    @property
    def user_name(self) -> str | None: ...
    @property
    def when(self) -> datetime | None: ...


class DashboardFigures(Protocol):
    @property
    def pipeline(self) -> Sequence[StageFigures] | None: ...
    @property
    def win_rate(self) -> float | None: ...
    @property
    def companies_by_status(self) -> Mapping[str, int] | None: ...
    @property
    def activities_this_week(self) -> Mapping[str, int] | None: ...
    @property
    def open_tasks(self) -> int | None: ...
    @property
    def overdue_tasks(self) -> int | None: ...
    @property
    def recent_activity(self) -> Sequence[RecentFigures] | None: ...


@dataclass(frozen=True, slots=True)
class CachedStage:
    stage: str
    count: int = 0
    value: float = 0.0
    weighted_value: float = 0.0


@dataclass(frozen=True, slots=True)
class CachedActivity:
    id: str
    type: str = "note"
    subject: str = ""
    company_id: str | None = None
    company_name: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    lead_id: str | None = None
    lead_title: str | None = None
    user_name: str | None = None
    #: When it happened, else when it was written down (as ``Activity.when``).
    when: datetime | None = None
    #: The cached record itself, for the models to read should it be copied before
    #: the server answers (not a figure: never compared).
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CachedDashboard:
    """The figures of a dashboard, read without the models (or taken from theirs)."""

    pipeline: tuple[CachedStage, ...] | None = None
    win_rate: float | None = None
    companies_by_status: Mapping[str, int] | None = None
    activities_this_week: Mapping[str, int] | None = None
    open_tasks: int | None = None
    overdue_tasks: int | None = None
    recent_activity: tuple[CachedActivity, ...] | None = None


def figures_of(dashboard: DashboardFigures) -> CachedDashboard:
    """What the Dashboard draws of ``dashboard``: equal figures draw the same."""
    if isinstance(dashboard, CachedDashboard):
        return dashboard
    stages = dashboard.pipeline
    recent = dashboard.recent_activity
    return CachedDashboard(
        pipeline=None if stages is None else tuple(_stage_of(stage) for stage in stages),
        win_rate=dashboard.win_rate,
        companies_by_status=_dict_or_none(dashboard.companies_by_status),
        activities_this_week=_dict_or_none(dashboard.activities_this_week),
        open_tasks=dashboard.open_tasks,
        overdue_tasks=dashboard.overdue_tasks,
        recent_activity=None if recent is None else tuple(_activity_of(a) for a in recent),
    )


def _stage_of(stage: StageFigures) -> CachedStage:
    return CachedStage(stage.stage, stage.count, stage.value, stage.weighted_value)


def _activity_of(activity: RecentFigures) -> CachedActivity:
    return CachedActivity(
        activity.id,
        activity.type,
        activity.subject,
        activity.company_id,
        activity.company_name,
        activity.contact_id,
        activity.contact_name,
        activity.lead_id,
        activity.lead_title,
        activity.user_name,
        activity.when,
    )


def _dict_or_none(counts: Mapping[str, int] | None) -> dict[str, int] | None:
    return None if counts is None else dict(counts)


# ------------------------------------------------------------------ reading


class _NotPlain(Exception):
    """The body is not in the plain shape this reader is sure of."""


def read_cached_dashboard(body: Any) -> CachedDashboard:
    """A cached dashboard's figures; ``UnexpectedResponse`` when the models must read it."""
    try:
        return _dashboard(body)
    except _NotPlain:
        raise UnexpectedResponse("not a plain dashboard: read by the models") from None


#: The cached Dashboard, read without the models (same key as ``queries.dashboard()``).
CACHED_DASHBOARD: Query[CachedDashboard] = Query(
    DASHBOARD_PATH, (), read_cached_dashboard, "dashboard"
)


def _dashboard(body: Any) -> CachedDashboard:
    record = _object(body, _SNAKE_DASHBOARD)
    if "dashboard" in record or "data" in record:
        raise _NotPlain  # maybe an envelope, which the models' reader unwraps
    stages = _optional_list(record.get("pipeline"))
    recent = _optional_list(record.get("recentActivity"))
    return CachedDashboard(
        pipeline=None if stages is None else tuple(_stage(item) for item in stages),
        win_rate=_optional_float(record.get("winRate")),
        companies_by_status=_optional_counts(record.get("companiesByStatus")),
        activities_this_week=_optional_counts(record.get("activitiesThisWeek")),
        open_tasks=_optional_int(record.get("openTasks")),
        overdue_tasks=_optional_int(record.get("overdueTasks")),
        recent_activity=None if recent is None else tuple(_activity(item) for item in recent),
    )


def _stage(raw: Any) -> CachedStage:
    record = _object(raw, _SNAKE_STAGE)
    return CachedStage(
        _text(record.get("stage")),
        _int(record.get("count", 0)),
        _float(record.get("value", 0.0)),
        _float(record.get("weightedValue", 0.0)),
    )


def _activity(raw: Any) -> CachedActivity:
    record = _object(raw, _SNAKE_ACTIVITY)
    # Each must be one the models read alike: ``when`` is either, and one the models
    # refuse (the due date and body too, not drawn: the models would drop the whole
    # list for one) leaves the body to them.
    _optional_timestamp(record.get("dueAt"))
    _optional_text(record.get("body"))
    occurred = _optional_timestamp(record.get("occurredAt"))
    created = _optional_timestamp(record.get("createdAt"))
    return CachedActivity(
        id=_text(record.get("id")),
        type=_text(record.get("type", "note")),
        subject=_text(record.get("subject", "")),
        company_id=_optional_text(record.get("companyId")),
        company_name=_optional_text(record.get("companyName")),
        contact_id=_optional_text(record.get("contactId")),
        contact_name=_optional_text(record.get("contactName")),
        lead_id=_optional_text(record.get("leadId")),
        lead_title=_optional_text(record.get("leadTitle")),
        user_name=_optional_text(record.get("userName")),
        when=occurred or created,
        raw=record,
    )


def _object(raw: Any, snake_names: frozenset[str]) -> dict[str, Any]:
    if not isinstance(raw, dict) or not snake_names.isdisjoint(raw):
        raise _NotPlain
    return raw


def _optional_list(raw: Any) -> list[Any] | None:
    if raw is None or isinstance(raw, list):
        return raw
    raise _NotPlain


def _text(raw: Any) -> str:
    # The models strip spaces around text: one that has any is left to them.
    if not isinstance(raw, str) or raw != raw.strip():
        raise _NotPlain
    return raw


def _optional_text(raw: Any) -> str | None:
    return None if raw is None else _text(raw)


def _int(raw: Any) -> int:
    if type(raw) is not int:  # a bool, a float or a string: the models' to convert
        raise _NotPlain
    return raw


def _optional_int(raw: Any) -> int | None:
    return None if raw is None else _int(raw)


def _float(raw: Any) -> float:
    if type(raw) is not int and type(raw) is not float:
        raise _NotPlain
    return float(raw)


def _optional_float(raw: Any) -> float | None:
    return None if raw is None else _float(raw)


def _optional_counts(raw: Any) -> dict[str, int] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _NotPlain
    return {_text(key): _int(value) for key, value in raw.items()}


def _optional_timestamp(raw: Any) -> datetime | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _TIMESTAMP.fullmatch(raw):
        raise _NotPlain
    try:
        return datetime.fromisoformat(raw)
    except ValueError:  # 2024-02-30 fits the pattern and is no day
        raise _NotPlain from None
