"""Ready-made choice sources for pickers: companies and contacts from the server."""

from __future__ import annotations

from collections.abc import Sequence

from ..api import CrmClient
from ..api.models import Company, Contact, Lead
from .formatting import label
from .widgets.pickers import Choice, Picker, Search

#: The first choice of every company filter: no filter.
ANY_COMPANY = Choice("", "Any company", "drop this filter")


def company_choice(company: Company) -> Choice:
    detail = " · ".join(p for p in (label(company.status), company.city or "") if p)
    return Choice(company.id, company.name or company.id, detail)


def contact_choice(contact: Contact) -> Choice:
    detail = " · ".join(p for p in (contact.email or "", contact.company_name or "") if p)
    return Choice(contact.id, contact.display_name, detail)


def lead_choice(lead: Lead) -> Choice:
    detail = " · ".join(p for p in (label(lead.stage), lead.company_name or "") if p)
    return Choice(lead.id, lead.title or lead.id, detail)


def company_search(client: CrmClient, *, limit: int = 20) -> Search:
    """Search companies by name on the server (the API's `q`)."""

    async def search(text: str) -> Sequence[Choice]:
        page = await client.list_companies(q=text or None, page=1, page_size=limit)
        return [company_choice(company) for company in page.items]

    return search


def company_filter_picker(client: CrmClient, title: str) -> Picker:
    """The picker of a list's company filter: "Any company", or a company found by name."""
    return Picker(
        title,
        choices=[ANY_COMPANY],
        search=company_search(client),
        placeholder="Type part of a company name",
    )


def contact_search(client: CrmClient, *, limit: int = 30) -> Search:
    """Contacts have no server-side text search: fetch once, filter on the client."""
    cache: list[Contact] = []

    async def search(text: str) -> Sequence[Choice]:
        if not cache:
            cache.extend(await client.list_contacts())
        found = (contact_choice(c) for c in cache)
        return [c for c in found if c.matches(text)][:limit]

    return search


def lead_search(client: CrmClient, *, limit: int = 30) -> Search:
    """Leads have no server-side text search: fetch once, filter on the client."""
    cache: list[Lead] = []

    async def search(text: str) -> Sequence[Choice]:
        if not cache:
            cache.extend(await client.list_leads())
        found = (lead_choice(lead) for lead in cache)
        return [c for c in found if c.matches(text)][:limit]

    return search
