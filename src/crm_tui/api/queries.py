"""The reads the screens show, each as a path, its parameters and how its answer is read.

A :class:`Query` is what the client sends for such a read, and what the local cache
files its raw answer under: an answer read back from the cache goes through the same
tolerant parsing as one that just came from the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from .dashboard_figures import DASHBOARD_PATH
from .models import (
    Activity,
    Company,
    CompanyMembership,
    Contact,
    Dashboard,
    Lead,
    Page,
    Task,
    TimelineEntry,
)
from .parsing import ReadList, largest_reader, long_list_reader, parse_one, parse_page
from .query import Query

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def segment(identifier: str) -> str:
    """A path segment: ids are quoted so that a stray '/' cannot change the path."""
    return quote(identifier, safe="")


def dashboard() -> Query[Dashboard]:
    return Query(
        DASHBOARD_PATH,
        (),
        lambda data: parse_one(Dashboard, data if data is not None else {}, what="dashboard"),
        "dashboard",
    )


def companies(
    *,
    status: str | None = None,
    owner_user_id: str | None = None,
    q: str | None = None,
    page: int | None = None,
    page_size: int | None = None,
    limit: int | None = None,
) -> Query[Page[Company]]:
    return Query(
        "/companies",
        (
            ("status", status),
            ("ownerUserId", owner_user_id),
            ("q", q or None),
            ("page", page),
            ("pageSize", page_size),
            ("limit", limit),
        ),
        lambda data: parse_page(
            Company,
            data,
            what="companies",
            default_page=page or 1,
            requested_size=page_size or limit,
        ),
        "companies",
        keep=not q and (page or 1) == 1,
    )


def _record(path: str, model: type[M], what: str, record_id: str) -> Query[M]:
    """One record's GET; an answer without an id is read as this record's."""
    return Query(path, (), lambda data: parse_one(model, data, what=what, known_id=record_id), what)


def _records(path: str, model: type[M], what: str, **params: str | None) -> Query[ReadList[M]]:
    """A list's GET with its filters; records that cannot be read are left out and counted
    (a long list a batch at a time, see :func:`read_long_list`)."""
    return Query(path, tuple(params.items()), long_list_reader(model, what), what)


def company(company_id: str) -> Query[Company]:
    return _record(f"/companies/{segment(company_id)}", Company, "company", company_id)


def company_contacts(company_id: str) -> Query[ReadList[Contact]]:
    return _records(f"/companies/{segment(company_id)}/contacts", Contact, "contacts")


def contact(contact_id: str) -> Query[Contact]:
    return _record(f"/contacts/{segment(contact_id)}", Contact, "contact", contact_id)


def memberships(contact_id: str) -> Query[ReadList[CompanyMembership]]:
    path = f"/contacts/{segment(contact_id)}/company-memberships"
    return _records(path, CompanyMembership, "memberships")


def leads(*, company_id: str | None = None, contact_id: str | None = None) -> Query[ReadList[Lead]]:
    return _records("/leads", Lead, "leads", companyId=company_id, contactId=contact_id)


def lead(lead_id: str) -> Query[Lead]:
    return _record(f"/leads/{segment(lead_id)}", Lead, "lead", lead_id)


def timeline(lead_id: str) -> Query[ReadList[TimelineEntry]]:
    return _records(f"/leads/{segment(lead_id)}/timeline", TimelineEntry, "timeline")


def activities(
    *, company_id: str | None = None, contact_id: str | None = None
) -> Query[ReadList[Activity]]:
    return _records(
        "/activities", Activity, "activities", companyId=company_id, contactId=contact_id
    )


def newest_activities(count: int, key: Callable[[Activity], Any]) -> Query[ReadList[Activity]]:
    """Every activity's GET, of which only the ``count`` that ``key`` ranks newest are read
    into records, newest first.  Filed in the cache as the whole list it is (the body
    kept is the server's, whole)."""
    return Query(
        "/activities", (), largest_reader(Activity, "activities", count, key), "activities"
    )


def tasks(*, project_id: str | None = None, status: str | None = None) -> Query[ReadList[Task]]:
    return _records("/tasks", Task, "tasks", projectId=project_id, status=status)
