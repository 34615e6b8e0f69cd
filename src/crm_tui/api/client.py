"""`CrmClient`: one typed async method per endpoint of the Axiomatic CRM API.

Writes: any 2xx answer is a success whatever its body.  A write's method returns the
record the answer holds when it holds all of it; otherwise it reads the record
again (by the id in the answer or the path); when that is not possible either, it
returns the record built from what was sent and what the answer said, with an empty
``id`` when the server did not say which record it made.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from functools import partial
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import BaseModel

from . import queries
from .credentials import SecretValue
from .decoding import ArrayReader
from .errors import CrmError, NotFound, OutcomeUnknown
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
    WireModel,
)
from .parsing import (
    Batch,
    ReadList,
    is_complete,
    long_list_reader,
    read_record,
    unwrap_record,
)
from .queries import Query, segment
from .transport import HttpCore, OutcomeListener, RetryPolicy, Sleep, WriteListener

R = TypeVar("R", bound=BaseModel)
L = TypeVar("L", bound=BaseModel)
T = TypeVar("T")
#: Told ``(what, count)`` when a list answer held records that could not be read.
UnreadableListener = Callable[[str, int], None]
#: Given the raw JSON of each answer worth keeping, under its query's key.
Recorder = Callable[[str, Any], None]


class CrmClient:
    """The async API service layer.  Use as ``async with CrmClient(...) as client``.

    ``transport`` lets the demo backend be reached in-process
    (``httpx.ASGITransport``) and tests inject faults; the code above it is the same.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | SecretValue,
        entity_id: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if sleep is not None:
            extra["sleep"] = sleep
        core = HttpCore(
            base_url=base_url,
            api_key=api_key,
            entity_id=entity_id,
            timeout=timeout,
            transport=transport,
            retry=retry or RetryPolicy(),
            **extra,
        )
        self._attach(core)

    @classmethod
    def on(cls, core: HttpCore) -> CrmClient:
        """A client sending through ``core``, which may have been sending already (the
        start-up's first read goes out before the models this module needs are loaded)."""
        client = cls.__new__(cls)
        client._attach(core)
        return client

    def _attach(self, core: HttpCore) -> None:
        self._core = core
        self._unreadable_listeners: list[UnreadableListener] = []
        self._writes = 0
        self._recorder: Recorder | None = None

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
        """Writes the server accepted or may have (POST, PATCH, DELETE whose answer never
        came): screens showing aggregates compare it with the count at their last load
        to know whether they are stale."""
        return self._writes

    def add_listener(self, listener: OutcomeListener) -> None:
        """Call ``listener(None)`` after each request that worked, ``listener(error)`` else."""
        self._core.add_listener(listener)

    def add_write_listener(self, listener: WriteListener) -> None:
        """Call ``listener()`` whenever a write is sent: what was read before may be stale."""
        self._core.add_write_listener(listener)

    def add_unreadable_listener(self, listener: UnreadableListener) -> None:
        """Call ``listener(what, count)`` when a list left out records it could not read."""
        self._unreadable_listeners.append(listener)

    def _tell_unreadable(self, what: str, count: int) -> None:
        if count:
            for listener in self._unreadable_listeners:
                listener(what, count)

    def record_answers(self, recorder: Recorder | None) -> None:
        """Hand the raw JSON of every answer a :class:`Query` keeps to ``recorder``."""
        self._recorder = recorder

    @property
    def unreachable_since(self) -> float | None:
        """When the server was found unreachable (epoch seconds); None while it answers."""
        return self._core.unreachable_since

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
        try:
            data = await self._core.request(method, path, body=body)
        except OutcomeUnknown:
            # The write may have landed: aggregates shown elsewhere may be stale too.
            self._writes += 1
            raise
        self._writes += 1
        return data

    async def _read(self, query: Query[T]) -> T:
        """Send ``query`` and read its answer; an answer worth keeping goes to the recorder.

        The transport reads it (off the event loop when it is large) and hands back the
        body it read as well: that, cleaned as every body is, is what the recorder keeps.
        """
        value, body = await self._core.request_read(
            "GET", query.path, _with_body(query.read), params=query.query_params
        )
        return self._took(query, value, body)

    def adopt(self, query: Query[T], body: Any) -> T:
        """Read ``body``, the answer to ``query`` that this client's transport fetched
        before the client was built (see :meth:`on`), as :meth:`_read` reads a fresh one."""
        return self._took(query, query.read(body), body)

    def _took(self, query: Query[T], value: T, body: Any) -> T:
        if isinstance(value, ReadList | Page):
            self._tell_unreadable(query.what, value.unreadable)
        # Only an answer that read well is kept: a broken one is not worth showing again.
        if query.keep and self._recorder is not None and body is not _UNKEPT:
            self._recorder(query.key, body)
        return value

    async def _list(self, model: type[L], path: str, what: str, **params: Any) -> ReadList[L]:
        """A list endpoint's records; the unreadable ones are counted and told."""
        # Read by the transport: off the event loop when the answer is large.
        read = long_list_reader(model, what)
        records = await self._core.request_read("GET", path, read, params=params)
        self._tell_unreadable(what, records.unreadable)
        return records

    # ----------------------------------------------------------------- dashboard

    async def get_dashboard(self) -> Dashboard:
        return await self._read(queries.dashboard())

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
        return await self._read(
            queries.companies(
                status=status,
                owner_user_id=owner_user_id,
                q=q,
                page=page,
                page_size=page_size,
                limit=limit,
            )
        )

    async def iter_companies(
        self,
        *,
        status: str | None = None,
        owner_user_id: str | None = None,
        q: str | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[Company]:
        """Every company matching the filters, fetching page after page as needed."""
        pages = self.iter_company_pages(
            status=status, owner_user_id=owner_user_id, q=q, page_size=page_size
        )
        async for page in pages:
            for company in page.items:
                yield company

    async def iter_company_pages(
        self,
        *,
        status: str | None = None,
        owner_user_id: str | None = None,
        q: str | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[Page[Company]]:
        """Every page of the companies matching the filters, one request at a time.

        A page carries the server's ``total``: what a progress display needs.
        """
        page_number = 1
        previous: list[str] = []
        while True:
            page = await self.list_companies(
                status=status,
                owner_user_id=owner_user_id,
                q=q,
                page=page_number,
                page_size=page_size,
            )
            ids = [company.id for company in page.items]
            if ids == previous:
                return  # the server ignores ``page``: it sent the same page again
            yield page
            if not page.items or not page.has_next:
                return
            previous = ids
            page_number += 1

    async def create_company(self, body: CompanyCreate) -> Company:
        data = await self._send("POST", "/companies", body.to_wire())
        return await self._written(data, Company, "company", body, fetch=self.get_company)

    async def get_company(self, company_id: str) -> Company:
        return await self._read(queries.company(company_id))

    async def update_company(self, company_id: str, body: CompanyUpdate) -> Company:
        data = await self._send("PATCH", f"/companies/{segment(company_id)}", body.to_wire())
        return await self._written(
            data, Company, "company", body, known_id=company_id, fetch=self.get_company
        )

    async def list_company_contacts(self, company_id: str) -> list[Contact]:
        return await self._read(queries.company_contacts(company_id))

    # ------------------------------------------------------------------ contacts

    async def list_contacts(self, *, company_id: str | None = None) -> list[Contact]:
        return await self._list(Contact, "/contacts", "contacts", companyId=company_id)

    async def create_contact(self, body: ContactCreate) -> Contact:
        data = await self._send("POST", "/contacts", body.to_wire())
        return await self._written(data, Contact, "contact", body, fetch=self.get_contact)

    async def get_contact(self, contact_id: str) -> Contact:
        return await self._read(queries.contact(contact_id))

    async def update_contact(self, contact_id: str, body: ContactUpdate) -> Contact:
        data = await self._send("PATCH", f"/contacts/{segment(contact_id)}", body.to_wire())
        return await self._written(
            data, Contact, "contact", body, known_id=contact_id, fetch=self.get_contact
        )

    async def delete_contact(self, contact_id: str) -> None:
        """Documented as not supported: expect :class:`~crm_tui.api.errors.NotSupported`."""
        await self._send("DELETE", f"/contacts/{segment(contact_id)}")

    async def list_memberships(self, contact_id: str) -> list[CompanyMembership]:
        return await self._read(queries.memberships(contact_id))

    async def add_membership(self, contact_id: str, body: MembershipCreate) -> CompanyMembership:
        path = f"/contacts/{segment(contact_id)}/company-memberships"
        data = await self._send("POST", path, body.to_wire())
        return await self._written(
            data,
            CompanyMembership,
            "membership",
            body,
            fetch=lambda membership_id: self.get_membership(contact_id, membership_id),
            extra={"contactId": contact_id},
        )

    async def update_membership(
        self, contact_id: str, membership_id: str, body: MembershipUpdate
    ) -> CompanyMembership:
        path = f"/contacts/{segment(contact_id)}/company-memberships/{segment(membership_id)}"
        data = await self._send("PATCH", path, body.to_wire())
        return await self._written(
            data,
            CompanyMembership,
            "membership",
            body,
            known_id=membership_id,
            fetch=lambda found_id: self.get_membership(contact_id, found_id),
            extra={"contactId": contact_id},
        )

    async def get_membership(self, contact_id: str, membership_id: str) -> CompanyMembership:
        """One membership, read from the contact's list (the API has no GET for one)."""
        for membership in await self.list_memberships(contact_id):
            if membership.id == membership_id:
                return membership
        raise NotFound(f"No membership with id '{membership_id}'", status=404)

    async def remove_membership(self, contact_id: str, membership_id: str) -> None:
        path = f"/contacts/{segment(contact_id)}/company-memberships/{segment(membership_id)}"
        await self._send("DELETE", path)

    # --------------------------------------------------------------------- leads

    async def list_leads(
        self, *, company_id: str | None = None, contact_id: str | None = None
    ) -> list[Lead]:
        return await self._read(queries.leads(company_id=company_id, contact_id=contact_id))

    async def create_lead(self, body: LeadCreate) -> Lead:
        data = await self._send("POST", "/leads", body.to_wire())
        return await self._written(data, Lead, "lead", body, fetch=self.get_lead)

    async def get_lead(self, lead_id: str) -> Lead:
        return await self._read(queries.lead(lead_id))

    async def update_lead(self, lead_id: str, body: LeadUpdate) -> Lead:
        data = await self._send("PATCH", f"/leads/{segment(lead_id)}", body.to_wire())
        return await self._written(data, Lead, "lead", body, known_id=lead_id, fetch=self.get_lead)

    async def delete_lead(self, lead_id: str) -> None:
        await self._send("DELETE", f"/leads/{segment(lead_id)}")

    async def get_timeline(self, lead_id: str) -> list[TimelineEntry]:
        return await self._read(queries.timeline(lead_id))

    async def move_lead_stage(
        self, lead_id: str, stage: str, *, lost_reason: str | None = None
    ) -> Lead:
        """Move a lead; ``won``/``lost`` trigger the server's win/loss automation."""
        body = StageMove(stage=stage)
        if lost_reason:
            body.lost_reason = lost_reason
        data = await self._send("PATCH", f"/leads/{segment(lead_id)}/stage", body.to_wire())
        return await self._written(data, Lead, "lead", body, known_id=lead_id, fetch=self.get_lead)

    async def add_lead_activity(self, lead_id: str, body: LeadActivityCreate) -> Activity:
        path = f"/leads/{segment(lead_id)}/activities"
        data = await self._send("POST", path, body.to_wire())
        return await self._written(data, Activity, "activity", body, extra={"leadId": lead_id})

    # ---------------------------------------------------------------- activities

    async def list_activities(
        self, *, company_id: str | None = None, contact_id: str | None = None
    ) -> list[Activity]:
        return await self._read(queries.activities(company_id=company_id, contact_id=contact_id))

    async def list_newest_activities(
        self, count: int, *, key: Callable[[Activity], Any]
    ) -> list[Activity]:
        """The ``count`` activities ``key`` ranks newest, newest first (ties in the order
        sent): the others are let go as the list is read, never all held at once."""
        return await self._read(queries.newest_activities(count, key))

    async def create_activity(self, body: ActivityCreate) -> Activity:
        data = await self._send("POST", "/activities", body.to_wire())
        return await self._written(data, Activity, "activity", body)

    # --------------------------------------------------------------------- tasks

    async def list_tasks(
        self, *, project_id: str | None = None, status: str | None = None
    ) -> list[Task]:
        return await self._read(queries.tasks(project_id=project_id, status=status))

    # --------------------------------------------------------------------- email

    async def list_email_connections(self) -> list[EmailConnection]:
        return await self._list(EmailConnection, "/outbound-email-connections", "connections")

    async def send_outbound_email(self, body: OutboundEmail) -> SentEmail | None:
        """Send once, never retried.  Any 2xx is sent: the record when the answer has one.

        When the request left but no answer came back, raises
        :class:`~crm_tui.api.errors.OutcomeUnknown`: the email may have gone out.
        """
        data = await self._send("POST", "/outbound-email", body.to_wire())
        return read_record(SentEmail, unwrap_record(data, "email"))

    # ----------------------------------------------------------------- marketing

    async def add_to_marketing_list(
        self, list_id: str, company_ids: Sequence[str]
    ) -> MarketingListResult:
        body = MarketingListAdd(list_id=list_id, company_ids=list(company_ids))
        data = await self._send("POST", "/prospecting/add-to-marketing-list", body.to_wire())
        result = read_record(MarketingListResult, unwrap_record(data, "result"))
        # The reference documents an empty answer: then every company was added.
        return result or MarketingListResult(list_id=list_id, added=len(company_ids))

    # ------------------------------------------------------------------- helpers

    async def _written(
        self,
        data: Any,
        model: type[R],
        what: str,
        sent: WireModel,
        *,
        known_id: str | None = None,
        fetch: Callable[[str], Awaitable[R]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> R:
        """The record a write's 2xx answer stands for, whatever the answer's body.

        A complete record is taken as it is.  Otherwise the record is read again by
        its id (the answer's, else the path's); when it cannot be, what was sent,
        ``extra`` and what the answer said stand for it (the id empty when unknown).
        """
        answer = unwrap_record(data, what)
        answered = answer if isinstance(answer, dict) else {}
        record = read_record(model, answered)
        if record is not None and is_complete(model, answered):
            return record
        record_id = getattr(record, "id", None) or known_id
        if record_id and fetch is not None:
            try:
                return await fetch(record_id)
            except CrmError:
                pass  # the write was done: what is known stands for the record
        known = {**sent.to_wire(), **(extra or {}), **answered, "id": record_id or ""}
        return read_record(model, known) or model.model_validate({"id": record_id or ""})


#: The body of a list answer too long to keep, read as it was decoded: it was never
#: whole, and nothing of it is kept.
_UNKEPT = object()
#: The longest list whose decoded records are kept, as its body, for the recorder: the
#: cache holds a few megabytes in all, and a longer list's body would only be dropped
#: there after costing its memory here.
KEPT_LIST_RECORDS = 5_000
#: The most bytes of a list's body held for the recorder while it is read: twice what
#: the cache keeps of all its answers (re-encoded, a body may lose its white space).
KEPT_LIST_BYTES = 4 * 1024 * 1024


class _KeptBody:
    """What a list read a batch at a time keeps of its body for the recorder: all of it
    while it is at most :data:`KEPT_LIST_RECORDS` records long, else nothing.  Batches of
    JSON bytes are decoded only at the end, once the list is known to be short enough."""

    def __init__(self) -> None:
        self._batches: list[Batch] | None = []
        self._bytes = 0  # of the batches in JSON bytes
        self._records = 0  # of the decoded ones

    def add(self, batch: Batch) -> None:
        if self._batches is None:
            return
        self._batches.append(batch)
        if isinstance(batch, bytes):
            self._bytes += len(batch)
        else:
            self._records += len(batch)
        if self._bytes > KEPT_LIST_BYTES or self._records > KEPT_LIST_RECORDS:
            self._batches = None  # too long to keep: let the batches go

    def body(self, value: object) -> Any:
        if self._batches is None or _longer_than_kept(value):
            return _UNKEPT
        records: list[Any] = []
        for batch in self._batches:
            records += json.loads(batch) if isinstance(batch, bytes) else batch
            if len(records) > KEPT_LIST_RECORDS:
                return _UNKEPT
        return records


def _longer_than_kept(value: object) -> bool:
    """Whether ``value``, a list read, says its list was too long to keep."""
    return isinstance(value, ReadList) and len(value) + value.unreadable > KEPT_LIST_RECORDS


def _value_and_body(read: Callable[[Any], T], body: Any) -> tuple[T, Any]:
    return read(body), body


def _with_body(read: Callable[[Any], T]) -> Callable[[Any], tuple[T, Any]]:
    """A reader giving the body it read beside the value (for the recorder); one that
    can read a list as it is decoded still can, and gives its body whole while the list
    is at most :data:`KEPT_LIST_RECORDS` long."""
    whole = partial(_value_and_body, read)
    if not isinstance(read, ArrayReader):
        return whole

    def in_batches(batches: Iterator[Batch]) -> tuple[T, Any]:
        kept = _KeptBody()

        def noted() -> Iterator[Batch]:
            for batch in batches:
                kept.add(batch)
                yield batch

        value = read.batches(noted())
        return value, kept.body(value)

    return ArrayReader(whole, in_batches)
