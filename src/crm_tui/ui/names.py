"""Names for the ids a server sends without them.

A record names what it links to: ``companyName`` beside ``companyId``, ``ownerName``
beside ``ownerUserId``.  A server that leaves the names out would leave "—" or a UUID
on screen.  A :class:`NameBook` (one per screen) fills them in before the records are
drawn, from, in order:

1. the names the server did send, in any record the screen has loaded;
2. for owners, the names saved in the config (``[owners]``);
3. for companies, contacts and leads, the record itself, read once per id and kept;
4. failing all that, the shortest prefix of the id that no other id on the screen
   shares (``1b2c…``), so that two owners never look the same.

Records that lack no name are passed on as they are: a complete answer costs a scan.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel

from ..api import CrmClient, CrmError
from ..api.models import Activity, Company, CompanyMembership, Contact, Lead

#: The fewest characters an id is shortened to.
MIN_PREFIX = 4
#: Records read at the same time to learn their names.
PARALLEL_READS = 8

R = TypeVar("R", bound=BaseModel)
#: (kind, id): kind is "company", "contact", "lead" or "owner".
Key = tuple[str, str]


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Each id's shortest prefix (``MIN_PREFIX`` at least) that no other of ``ids`` starts with."""
    unique = sorted(set(ids))
    shortened = {}
    for index, ident in enumerate(unique):
        neighbours = unique[max(index - 1, 0) : index] + unique[index + 1 : index + 2]
        # In sorted order the ids sharing the longest prefix with this one are next to it.
        shared = max((_shared_length(ident, other) for other in neighbours), default=0)
        shortened[ident] = ident[: max(MIN_PREFIX, shared + 1)]
    return shortened


def _shared_length(one: str, other: str) -> int:
    """How many leading characters two strings share."""
    for index, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return index
    return min(len(one), len(other))


def shown_id(prefix: str, ident: str) -> str:
    """A shortened id as it reads on screen: cut ones end with an ellipsis."""
    return prefix if prefix == ident else prefix + "…"


class NameBook:
    """What a screen knows of names, by kind and id; reads what it must, once each."""

    def __init__(self, client: CrmClient, saved_owners: Mapping[str, str]) -> None:
        self._client = client
        self._names: dict[Key, str] = {}
        self._saved_owners = {ident.lower(): name for name, ident in saved_owners.items()}
        #: Reads done or in flight, by key: each id is read at most once.
        self._reads: dict[Key, asyncio.Task[str | None]] = {}
        self._slots = asyncio.Semaphore(PARALLEL_READS)

    # ------------------------------------------------------------------ knowing

    def learn(self, kind: str, ident: str | None, name: str | None) -> None:
        if ident and name:
            self._names[(kind, ident)] = name

    def name(self, kind: str, ident: str | None) -> str | None:
        if not ident:
            return None
        if kind == "owner" and ident.lower() in self._saved_owners:
            return self._names.get((kind, ident)) or self._saved_owners[ident.lower()]
        return self._names.get((kind, ident))

    def learn_leads(self, leads: Iterable[Lead]) -> None:
        for lead in leads:
            self.learn("lead", lead.id, lead.title)
            self.learn("company", lead.company_id, lead.company_name)
            self.learn("contact", lead.contact_id, lead.contact_name)
            self.learn("owner", lead.owner_user_id, lead.owner_name)

    # ------------------------------------------------------------------ reading

    async def read_missing(self, kind: str, ids: Iterable[str | None]) -> None:
        """Read each named-less record of ``kind`` among ``ids`` (once per id, in parallel)."""
        wanted = {ident for ident in ids if ident and self.name(kind, ident) is None}
        reads = [self._read(kind, ident) for ident in wanted if kind in _READERS]
        if reads:
            # Shielded: a worker cancelled by a newer load leaves the reads to finish.
            await asyncio.shield(asyncio.gather(*reads))

    def _read(self, kind: str, ident: str) -> asyncio.Task[str | None]:
        key = (kind, ident)
        if key not in self._reads:
            self._reads[key] = asyncio.ensure_future(self._fetch(kind, ident))
        return self._reads[key]

    async def _fetch(self, kind: str, ident: str) -> str | None:
        async with self._slots:
            try:
                name = await _READERS[kind](self._client)(ident)
            except CrmError:
                return None  # gone or refused: the id stands in for the name
        self.learn(kind, ident, name)
        return name

    # --------------------------------------------------------------- completing

    def labels(self, kind: str, ids: Iterable[str | None]) -> dict[str, str]:
        """A label for each id of ``kind``: its name, else its shortest unique prefix."""
        present = [ident for ident in ids if ident]
        shortened = short_ids(present)
        return {
            ident: self.name(kind, ident) or shown_id(shortened[ident], ident) for ident in present
        }

    async def complete_leads(self, leads: Sequence[Lead]) -> list[Lead]:
        """``leads`` with their company, contact and owner named wherever possible."""
        self.learn_leads(leads)
        await self.read_missing("company", (lead.company_id for lead in leads))
        await self.read_missing("contact", (lead.contact_id for lead in leads))
        companies = self.labels("company", (lead.company_id for lead in leads))
        contacts = self.labels("contact", (lead.contact_id for lead in leads))
        owners = self.labels("owner", (lead.owner_user_id for lead in leads))
        return [
            _filled(
                lead,
                company_name=companies.get(lead.company_id or ""),
                contact_name=contacts.get(lead.contact_id or ""),
                owner_name=owners.get(lead.owner_user_id or ""),
            )
            for lead in leads
        ]

    def complete_companies(self, companies: Sequence[Company]) -> list[Company]:
        """``companies`` with their owners named (no read: users cannot be read)."""
        for company in companies:
            self.learn("company", company.id, company.name)
            self.learn("owner", company.owner_user_id, company.owner_name)
        owners = self.labels("owner", (company.owner_user_id for company in companies))
        return [_filled(c, owner_name=owners.get(c.owner_user_id or "")) for c in companies]

    async def complete_contacts(self, contacts: Sequence[Contact]) -> list[Contact]:
        for contact in contacts:
            self.learn("contact", contact.id, contact.display_name)
            self.learn("company", contact.company_id, contact.company_name)
        await self.read_missing("company", (contact.company_id for contact in contacts))
        companies = self.labels("company", (contact.company_id for contact in contacts))
        return [_filled(c, company_name=companies.get(c.company_id or "")) for c in contacts]

    async def complete_memberships(
        self, memberships: Sequence[CompanyMembership]
    ) -> list[CompanyMembership]:
        for membership in memberships:
            self.learn("company", membership.company_id, membership.company_name)
        await self.read_missing("company", (m.company_id for m in memberships))
        companies = self.labels("company", (m.company_id for m in memberships))
        return [_filled(m, company_name=companies.get(m.company_id or "")) for m in memberships]

    async def complete_activities(self, activities: Sequence[Activity]) -> list[Activity]:
        for activity in activities:
            self.learn("company", activity.company_id, activity.company_name)
            self.learn("contact", activity.contact_id, activity.contact_name)
            self.learn("lead", activity.lead_id, activity.lead_title)
        await self.read_missing("company", (a.company_id for a in activities))
        await self.read_missing("contact", (a.contact_id for a in activities))
        await self.read_missing("lead", (a.lead_id for a in activities))
        companies = self.labels("company", (a.company_id for a in activities))
        contacts = self.labels("contact", (a.contact_id for a in activities))
        leads = self.labels("lead", (a.lead_id for a in activities))
        return [
            _filled(
                a,
                company_name=companies.get(a.company_id or ""),
                contact_name=contacts.get(a.contact_id or ""),
                lead_title=leads.get(a.lead_id or ""),
            )
            for a in activities
        ]


def _filled(record: R, **labels: str | None) -> R:
    """``record`` with each empty name field given its label; itself when it lacks none."""
    update = {
        field: label for field, label in labels.items() if label and not getattr(record, field)
    }
    return record.model_copy(update=update) if update else record


Reader = Callable[[str], Awaitable[str]]


def _company_name(client: CrmClient) -> Reader:
    async def read(ident: str) -> str:
        return (await client.get_company(ident)).name

    return read


def _contact_name(client: CrmClient) -> Reader:
    async def read(ident: str) -> str:
        return (await client.get_contact(ident)).display_name

    return read


def _lead_title(client: CrmClient) -> Reader:
    async def read(ident: str) -> str:
        return (await client.get_lead(ident)).title

    return read


#: How a record of each kind is read to learn its name.
_READERS: dict[str, Callable[[CrmClient], Reader]] = {
    "company": _company_name,
    "contact": _contact_name,
    "lead": _lead_title,
}
