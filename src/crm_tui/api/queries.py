"""The reads the screens show, each as a path, its parameters and how its answer is read.

A :class:`Query` is what the client sends for such a read, and what the local cache
files its raw answer under: an answer read back from the cache goes through the same
tolerant parsing as one that just came from the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode

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
from .parsing import parse_list, parse_one, parse_page

T = TypeVar("T")


@dataclass(frozen=True)
class Query(Generic[T]):
    """One GET: its path, its parameters (None ones are not sent) and its reader."""

    path: str
    params: tuple[tuple[str, Any], ...]
    read: Callable[[Any], T]
    #: What the answer holds, in words ("companies"): told with a list's unreadable records.
    what: str
    #: Whether its answer is worth keeping for the next start (the first page of a
    #: search is not: every keystroke would push a useful answer out).
    keep: bool = True

    @property
    def query_params(self) -> dict[str, Any]:
        return {name: value for name, value in self.params if value is not None}

    @property
    def key(self) -> str:
        """What the cache files the answer under: ``/companies?page=1&pageSize=50``."""
        params = sorted(self.query_params.items())
        return f"{self.path}?{urlencode(params)}" if params else self.path


def segment(identifier: str) -> str:
    """A path segment: ids are quoted so that a stray '/' cannot change the path."""
    return quote(identifier, safe="")


def dashboard() -> Query[Dashboard]:
    return Query(
        "/dashboard",
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


def company(company_id: str) -> Query[Company]:
    return Query(
        f"/companies/{segment(company_id)}",
        (),
        lambda data: parse_one(Company, data, what="company", known_id=company_id),
        "company",
    )


def company_contacts(company_id: str) -> Query[list[Contact]]:
    return Query(
        f"/companies/{segment(company_id)}/contacts",
        (),
        lambda data: parse_list(Contact, data, what="contacts"),
        "contacts",
    )


def contact(contact_id: str) -> Query[Contact]:
    return Query(
        f"/contacts/{segment(contact_id)}",
        (),
        lambda data: parse_one(Contact, data, what="contact", known_id=contact_id),
        "contact",
    )


def memberships(contact_id: str) -> Query[list[CompanyMembership]]:
    return Query(
        f"/contacts/{segment(contact_id)}/company-memberships",
        (),
        lambda data: parse_list(CompanyMembership, data, what="memberships"),
        "memberships",
    )


def leads(*, company_id: str | None = None, contact_id: str | None = None) -> Query[list[Lead]]:
    return Query(
        "/leads",
        (("companyId", company_id), ("contactId", contact_id)),
        lambda data: parse_list(Lead, data, what="leads"),
        "leads",
    )


def lead(lead_id: str) -> Query[Lead]:
    return Query(
        f"/leads/{segment(lead_id)}",
        (),
        lambda data: parse_one(Lead, data, what="lead", known_id=lead_id),
        "lead",
    )


def timeline(lead_id: str) -> Query[list[TimelineEntry]]:
    return Query(
        f"/leads/{segment(lead_id)}/timeline",
        (),
        lambda data: parse_list(TimelineEntry, data, what="timeline"),
        "timeline",
    )


def activities(
    *, company_id: str | None = None, contact_id: str | None = None
) -> Query[list[Activity]]:
    return Query(
        "/activities",
        (("companyId", company_id), ("contactId", contact_id)),
        lambda data: parse_list(Activity, data, what="activities"),
        "activities",
    )


def tasks(*, project_id: str | None = None, status: str | None = None) -> Query[list[Task]]:
    return Query(
        "/tasks",
        (("projectId", project_id), ("status", status)),
        lambda data: parse_list(Task, data, what="tasks"),
        "tasks",
    )
