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
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from ..api import CrmClient, CrmError
from ..api.models import Activity, Company, CompanyMembership, Contact, Lead
from . import off_loop

#: The fewest characters an id is shortened to.
MIN_PREFIX = 4
#: Records read at the same time to learn their names.
PARALLEL_READS = 8

R = TypeVar("R", bound=BaseModel)
#: (kind, id): kind is "company", "contact", "lead" or "owner".
Key = tuple[str, str]
#: (kind, name attribute): how records name themselves (a lead by its title).
Own = tuple[str, str]
#: Lists at least this long are scanned for names in a thread.
OFF_LOOP_RECORDS = off_loop.OFF_LOOP_RECORDS


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
        #: kind -> id -> name: a dict a kind, so that learning a long list's names is one
        #: ``update`` of plain ids (no key tuple made and hashed for each record).
        self._names: dict[str, dict[str, str]] = defaultdict(dict)
        self._saved_owners = {ident.lower(): name for name, ident in saved_owners.items()}
        #: Reads done or in flight, by key: each id is read at most once.
        self._reads: dict[Key, asyncio.Task[str | None]] = {}
        self._slots = asyncio.Semaphore(PARALLEL_READS)

    # ------------------------------------------------------------------ knowing

    def learn(self, kind: str, ident: str | None, name: str | None) -> None:
        if ident and name:
            self._names[kind][ident] = name

    def name(self, kind: str, ident: str | None) -> str | None:
        if not ident:
            return None
        if kind == "owner" and ident.lower() in self._saved_owners:
            return self._names[kind].get(ident) or self._saved_owners[ident.lower()]
        return self._names[kind].get(ident)

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

    async def complete(
        self, records: Sequence[R], links: Sequence[Link], *, own: Own | None = None
    ) -> list[R]:
        """``records`` with the names of what they link to filled in, reading what it must.

        ``own`` (kind, name attribute) learns the records' own names as well.  A long
        list is scanned in a thread: at 60,000 activities the scans take 100 ms and more.
        """
        at = OFF_LOOP_RECORDS
        unnamed, missing = await off_loop.if_long(
            records, self._learn_from, records, links, own, at=at
        )
        for kind, ids in unnamed.items():
            await self.read_missing(kind, ids)
        return await off_loop.if_long(records, self._fill, records, missing, at=at)

    def _learn_from(
        self, records: Sequence[R], links: Sequence[Link], own: Own | None
    ) -> tuple[dict[str, set[str]], list[Link]]:
        """Learn the names ``records`` give; the ids of each readable kind still unnamed,
        and the links some record leaves unnamed (see :meth:`_learn`)."""
        if own is not None:
            self._learn_link(records, (own[0], "id", own[1]))
        pairs, missing = self._learn(records, links)
        unnamed = {
            link[0]: self._unnamed(pairs[link], link[0]) for link in links if link[0] in _READERS
        }
        return unnamed, missing

    def _unnamed(self, pairs: Sequence[tuple[Any, Any]], kind: str) -> set[str]:
        """The ids of ``kind`` among ``pairs`` (id, name) that no name is known for.

        Set operations in C, the ids first: a call to :meth:`name` for each of 20,000
        leads was most of the scan."""
        ids = set(map(itemgetter(0), pairs))
        ids.discard(None)
        ids.discard("")
        return {ident for ident in ids - self._names[kind].keys() if self.name(kind, ident) is None}

    def complete_known(self, records: Sequence[R], links: Sequence[Link]) -> list[R]:
        """As :meth:`complete`, from what is known already: nothing is read."""
        _, missing = self._learn(records, links)
        return self._fill(records, missing)

    async def complete_leads(self, leads: Sequence[Lead]) -> list[Lead]:
        return await self.complete(leads, LEAD_LINKS, own=("lead", "title"))

    def complete_companies(self, companies: Sequence[Company]) -> list[Company]:
        """``companies`` with their owners named (users cannot be read: no request)."""
        for company in companies:
            self.learn("company", company.id, company.name)
        return self.complete_known(companies, COMPANY_LINKS)

    async def complete_contacts(self, contacts: Sequence[Contact]) -> list[Contact]:
        return await self.complete(contacts, COMPANY_OF, own=("contact", "display_name"))

    async def complete_memberships(
        self, memberships: Sequence[CompanyMembership]
    ) -> list[CompanyMembership]:
        return await self.complete(memberships, COMPANY_OF)

    async def complete_activities(self, activities: Sequence[Activity]) -> list[Activity]:
        return await self.complete(activities, ACTIVITY_LINKS)

    def _learn(
        self, records: Sequence[BaseModel], links: Sequence[Link]
    ) -> tuple[dict[Link, list[tuple[Any, Any]]], list[Link]]:
        """Learn the names ``records`` give for ``links``; each link's (id, name) pairs,
        one a record, and the links some record makes without naming what it links to
        (only those are filled in: a complete answer, the usual one, costs a count)."""
        pairs: dict[Link, list[tuple[Any, Any]]] = {}
        missing: list[Link] = []
        for link in links:
            pairs[link], some_unnamed = self._learn_link(records, link)
            if some_unnamed:
                missing.append(link)
        return pairs, missing

    def _learn_link(self, records: Sequence[Any], link: Link) -> tuple[list[tuple[Any, Any]], bool]:
        """:meth:`learn` each name ``records`` give for ``link``; their (id, name) pairs,
        and whether some record has the id without the name.

        In C: the pairs by ``attrgetter``, those with both by ``filter(all, ...)``, one
        ``update`` (a call a record was most of a long list's scan)."""
        kind, id_field, name_field = link
        pairs = list(map(attrgetter(id_field, name_field), records))
        named = list(filter(all, pairs))
        self._names[kind].update(named)
        linked = sum(map(bool, map(itemgetter(0), pairs)))
        return pairs, linked > len(named)

    def _fill(self, records: Sequence[R], missing: Sequence[Link]) -> list[R]:
        """``records`` with the names of the ``missing`` links (those some record leaves
        unnamed, see :meth:`_learn`) filled in from what is known, else a short id."""
        if not missing:
            return list(records)
        labels = {
            name_field: self.labels(kind, (getattr(record, id_field) for record in records))
            for kind, id_field, name_field in missing
        }
        return [
            _filled(
                record,
                **{
                    name_field: labels[name_field].get(getattr(record, id_field) or "")
                    for _, id_field, name_field in missing
                },
            )
            for record in records
        ]


#: (kind, id field, name field): a link a record makes, and where it names it.
Link = tuple[str, str, str]
COMPANY_OF: tuple[Link, ...] = (("company", "company_id", "company_name"),)
LEAD_LINKS: tuple[Link, ...] = (
    *COMPANY_OF,
    ("contact", "contact_id", "contact_name"),
    ("owner", "owner_user_id", "owner_name"),
)
COMPANY_LINKS: tuple[Link, ...] = (("owner", "owner_user_id", "owner_name"),)
ACTIVITY_LINKS: tuple[Link, ...] = (
    *COMPANY_OF,
    ("contact", "contact_id", "contact_name"),
    ("lead", "lead_id", "lead_title"),
)


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
