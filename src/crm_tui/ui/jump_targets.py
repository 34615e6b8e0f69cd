"""What the palette can jump to by name: a contact or a lead, and what tells it apart."""

from __future__ import annotations

from dataclasses import dataclass

from ..api.models import Contact, Lead
from .formatting import label
from .money import amount


@dataclass(frozen=True)
class JumpTarget:
    kind: str
    id: str
    title: str
    #: What tells two records of one title apart: a lead's stage, company and value.
    detail: str = ""


def contact_target(contact: Contact) -> JumpTarget:
    detail = " · ".join(p for p in (contact.email, contact.company_name) if p)
    return JumpTarget("contact", contact.id, contact.display_name, detail)


def lead_target(lead: Lead) -> JumpTarget:
    value = amount(lead.value, lead.currency) if lead.value is not None else ""
    parts = (label(lead.stage), lead.company_name, value)
    return JumpTarget("lead", lead.id, lead.title, " · ".join(p for p in parts if p))
