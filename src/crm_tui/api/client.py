"""`CrmClient`: one typed async method per endpoint of the Axiomatic CRM API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr

from .models import (
    Activity,
    ActivityCreate,
    Company,
    CompanyCreate,
    CompanyMembership,
    CompanyUpdate,
    Contact,
    ContactCreate,
    ContactUpdate,
    Dashboard,
    EmailConnection,
    Lead,
    LeadActivityCreate,
    LeadCreate,
    LeadUpdate,
    MarketingListAdd,
    MarketingListResult,
    MembershipCreate,
    MembershipUpdate,
    OutboundEmail,
    Page,
    SentEmail,
    StageMove,
    Task,
    TimelineEntry,
)
from .parsing import parse_list, parse_one, parse_page
from .transport import HttpCore, OutcomeListener, RetryPolicy, Sleep

R = TypeVar("R", bound=BaseModel)


class CrmClient:
    """The async API service layer.  Use as ``async with CrmClient(...) as client``.

    ``transport`` lets the demo backend be reached in-process
    (``httpx.ASGITransport``) and tests inject faults; the code above it is the same.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | SecretStr,
        entity_id: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if sleep is not None:
            extra["sleep"] = sleep
        self._core = HttpCore(
            base_url=base_url,
            api_key=api_key,
            entity_id=entity_id,
            timeout=timeout,
            transport=transport,
            retry=retry or RetryPolicy(),
            **extra,
        )
        self._writes = 0

    @property
    def base_url(self) -> str:
        return self._core.base_url

    @property
    def entity_id(self) -> str:
        return self._core.entity_id

    @property
    def request_count(self) -> int:
        """Requests actually sent (retries included): what tests count."""
        return self._core.request_count

    @property
    def write_count(self) -> int:
        """Writes the server accepted (POST, PATCH, DELETE): screens showing aggregates
        compare it with the count at their last load to know whether they are stale."""
        return self._writes

    def add_listener(self, listener: OutcomeListener) -> None:
        """Call ``listener(None)`` after each request that worked, ``listener(error)`` else."""
        self._core.add_listener(listener)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._core.aclose()

    async def _get(self, path: str, **params: Any) -> Any:
        return await self._core.request("GET", path, params=params)

    async def _send(self, method: str, path: str, body: Any = None) -> Any:
        data = await self._core.request(method, path, body=body)
        self._writes += 1
        return data

    # ----------------------------------------------------------------- dashboard

    async def get_dashboard(self) -> Dashboard:
        data = await self._get("/dashboard")
        return parse_one(Dashboard, data if data is not None else {}, what="dashboard")

    # ----------------------------------------------------------------- companies

    async def list_companies(
        self,
        *,
        status: str | None = None,
        owner_user_id: str | None = None,
        q: str | None = None,
        page: int | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Page[Company]:
        """One page of companies; ``owner_user_id`` is a UUID, ``"me"`` or ``"unassigned"``."""
        data = await self._get(
            "/companies",
            status=status,
            ownerUserId=owner_user_id,
            q=q or None,
            page=page,
            pageSize=page_size,
            limit=limit,
        )
        return parse_page(Company, data, what="companies", default_page=page or 1)

    async def iter_companies(
        self,
        *,
        status: str | None = None,
        owner_user_id: str | None = None,
        q: str | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[Company]:
        """Every company matching the filters, fetching page after page as needed."""
        page_number = 1
        while True:
            page = await self.list_companies(
                status=status,
                owner_user_id=owner_user_id,
                q=q,
                page=page_number,
                page_size=page_size,
            )
            for company in page.items:
                yield company
            if not page.items or not page.has_next:
                return
            page_number += 1

    async def create_company(self, body: CompanyCreate) -> Company:
        data = await self._send("POST", "/companies", body.to_wire())
        return parse_one(Company, data, what="company")

    async def get_company(self, company_id: str) -> Company:
        data = await self._get(f"/companies/{_seg(company_id)}")
        return parse_one(Company, data, what="company")

    async def update_company(self, company_id: str, body: CompanyUpdate) -> Company:
        data = await self._send("PATCH", f"/companies/{_seg(company_id)}", body.to_wire())
        return await self._record_or_refetch(data, Company, "company", self.get_company, company_id)

    async def list_company_contacts(self, company_id: str) -> list[Contact]:
        data = await self._get(f"/companies/{_seg(company_id)}/contacts")
        return parse_list(Contact, data or [], what="contacts")

    # ------------------------------------------------------------------ contacts

    async def list_contacts(self, *, company_id: str | None = None) -> list[Contact]:
        data = await self._get("/contacts", companyId=company_id)
        return parse_list(Contact, data or [], what="contacts")

    async def create_contact(self, body: ContactCreate) -> Contact:
        data = await self._send("POST", "/contacts", body.to_wire())
        return parse_one(Contact, data, what="contact")

    async def get_contact(self, contact_id: str) -> Contact:
        data = await self._get(f"/contacts/{_seg(contact_id)}")
        return parse_one(Contact, data, what="contact")

    async def update_contact(self, contact_id: str, body: ContactUpdate) -> Contact:
        data = await self._send("PATCH", f"/contacts/{_seg(contact_id)}", body.to_wire())
        return await self._record_or_refetch(data, Contact, "contact", self.get_contact, contact_id)

    async def delete_contact(self, contact_id: str) -> None:
        """Documented as not supported: expect :class:`~crm_tui.api.errors.NotSupported`."""
        await self._send("DELETE", f"/contacts/{_seg(contact_id)}")

    async def list_memberships(self, contact_id: str) -> list[CompanyMembership]:
        data = await self._get(f"/contacts/{_seg(contact_id)}/company-memberships")
        return parse_list(CompanyMembership, data or [], what="memberships")

    async def add_membership(self, contact_id: str, body: MembershipCreate) -> CompanyMembership:
        path = f"/contacts/{_seg(contact_id)}/company-memberships"
        data = await self._send("POST", path, body.to_wire())
        return parse_one(CompanyMembership, data, what="membership")

    async def update_membership(
        self, contact_id: str, membership_id: str, body: MembershipUpdate
    ) -> CompanyMembership:
        path = f"/contacts/{_seg(contact_id)}/company-memberships/{_seg(membership_id)}"
        data = await self._send("PATCH", path, body.to_wire())
        return parse_one(CompanyMembership, data, what="membership")

    async def remove_membership(self, contact_id: str, membership_id: str) -> None:
        path = f"/contacts/{_seg(contact_id)}/company-memberships/{_seg(membership_id)}"
        await self._send("DELETE", path)

    # --------------------------------------------------------------------- leads

    async def list_leads(
        self, *, company_id: str | None = None, contact_id: str | None = None
    ) -> list[Lead]:
        data = await self._get("/leads", companyId=company_id, contactId=contact_id)
        return parse_list(Lead, data or [], what="leads")

    async def create_lead(self, body: LeadCreate) -> Lead:
        data = await self._send("POST", "/leads", body.to_wire())
        return parse_one(Lead, data, what="lead")

    async def get_lead(self, lead_id: str) -> Lead:
        data = await self._get(f"/leads/{_seg(lead_id)}")
        return parse_one(Lead, data, what="lead")

    async def update_lead(self, lead_id: str, body: LeadUpdate) -> Lead:
        data = await self._send("PATCH", f"/leads/{_seg(lead_id)}", body.to_wire())
        return await self._record_or_refetch(data, Lead, "lead", self.get_lead, lead_id)

    async def delete_lead(self, lead_id: str) -> None:
        await self._send("DELETE", f"/leads/{_seg(lead_id)}")

    async def get_timeline(self, lead_id: str) -> list[TimelineEntry]:
        data = await self._get(f"/leads/{_seg(lead_id)}/timeline")
        return parse_list(TimelineEntry, data or [], what="timeline")

    async def move_lead_stage(
        self, lead_id: str, stage: str, *, lost_reason: str | None = None
    ) -> Lead:
        """Move a lead; ``won``/``lost`` trigger the server's win/loss automation."""
        body = StageMove(stage=stage)
        if lost_reason:
            body.lost_reason = lost_reason
        data = await self._send("PATCH", f"/leads/{_seg(lead_id)}/stage", body.to_wire())
        return await self._record_or_refetch(data, Lead, "lead", self.get_lead, lead_id)

    async def add_lead_activity(self, lead_id: str, body: LeadActivityCreate) -> Activity:
        path = f"/leads/{_seg(lead_id)}/activities"
        data = await self._send("POST", path, body.to_wire())
        return parse_one(Activity, data, what="activity")

    # ---------------------------------------------------------------- activities

    async def list_activities(
        self, *, company_id: str | None = None, contact_id: str | None = None
    ) -> list[Activity]:
        data = await self._get("/activities", companyId=company_id, contactId=contact_id)
        return parse_list(Activity, data or [], what="activities")

    async def create_activity(self, body: ActivityCreate) -> Activity:
        data = await self._send("POST", "/activities", body.to_wire())
        return parse_one(Activity, data, what="activity")

    # --------------------------------------------------------------------- tasks

    async def list_tasks(
        self, *, project_id: str | None = None, status: str | None = None
    ) -> list[Task]:
        data = await self._get("/tasks", projectId=project_id, status=status)
        return parse_list(Task, data or [], what="tasks")

    # --------------------------------------------------------------------- email

    async def list_email_connections(self) -> list[EmailConnection]:
        data = await self._get("/outbound-email-connections")
        return parse_list(EmailConnection, data or [], what="connections")

    async def send_outbound_email(self, body: OutboundEmail) -> SentEmail | None:
        """Send once.  Never retried: on a timeout the outcome is unknown, not failed."""
        data = await self._send("POST", "/outbound-email", body.to_wire())
        if data is None:
            return None
        return parse_one(SentEmail, data, what="email")

    # ----------------------------------------------------------------- marketing

    async def add_to_marketing_list(
        self, list_id: str, company_ids: Sequence[str]
    ) -> MarketingListResult:
        body = MarketingListAdd(list_id=list_id, company_ids=list(company_ids))
        data = await self._send("POST", "/prospecting/add-to-marketing-list", body.to_wire())
        if data is None:  # the reference documents an empty answer
            return MarketingListResult(list_id=list_id, added=len(company_ids))
        return parse_one(MarketingListResult, data, what="result")

    # ------------------------------------------------------------------- helpers

    async def _record_or_refetch(
        self,
        data: Any,
        model: type[R],
        what: str,
        fetch: Callable[[str], Awaitable[R]],
        key: str,
    ) -> R:
        """PATCH answers are documented as possibly empty: fetch the record then."""
        if isinstance(data, dict) and data:
            return parse_one(model, data, what=what)
        return await fetch(key)


def _seg(identifier: str) -> str:
    """A path segment: ids are quoted so that a stray '/' cannot change the path."""
    return quote(identifier, safe="")
