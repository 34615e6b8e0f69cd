"""Contacts: list (all, or linked to a company), read, create, update.

``companyId``/``companyName`` of a contact are its primary company's.
"""

from __future__ import annotations

from typing import Any

from crm_tui.api.models import Contact
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists, insert, new_id, to_model, to_models, update
from crm_tui.demo.errors import BadRequest, NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.repo.memberships import set_primary_company
from crm_tui.demo.requests import ContactCreate, ContactUpdate
from crm_tui.demo.text import contact_sort_key

SELECT = """
SELECT k.id, k.first_name, k.last_name, k.email, k.phone, k.title, k.company_id,
       c.name AS company_name, k.notes, k.created_at, k.updated_at
FROM contacts k LEFT JOIN companies c ON c.id = k.company_id
"""
ORDER = "ORDER BY k.sort_key, k.id"
NEEDS_A_NAME = "A contact needs at least a firstName, a lastName or an email"


def list_contacts(ctx: Ctx, company_id: str | None = None) -> list[Contact]:
    """Every contact, or those linked to ``company_id`` (any membership), by last name."""
    if company_id is None:
        return to_models(Contact, ctx.conn.execute(f"{SELECT} {ORDER}"))
    rows = ctx.conn.execute(
        f"{SELECT} WHERE k.id IN (SELECT contact_id FROM memberships WHERE company_id = ?) {ORDER}",
        (company_id,),
    )
    return to_models(Contact, rows)


def company_contacts(ctx: Ctx, company_id: str) -> list[Contact]:
    if not exists(ctx.conn, "companies", company_id):
        raise NotFound("company", company_id)
    return list_contacts(ctx, company_id)


def get_contact(ctx: Ctx, contact_id: str) -> Contact:
    row = ctx.conn.execute(f"{SELECT} WHERE k.id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound("contact", contact_id)
    return to_model(Contact, row)


def create_contact(ctx: Ctx, body: ContactCreate) -> Contact:
    """A new contact; a ``companyId`` becomes its primary membership."""
    first, last = checks.text(body.first_name), checks.text(body.last_name)
    email = checks.text(body.email)
    if not (first or last or email):
        raise BadRequest(NEEDS_A_NAME)
    company_id = checks.reference(ctx, "companies", "company", "companyId", body.company_id)
    contact_id = new_id()
    insert(
        ctx.conn,
        "contacts",
        {
            "id": contact_id,
            "first_name": first,
            "last_name": last,
            "email": email,
            "sort_key": contact_sort_key(first, last, email),
            "phone": checks.text(body.phone),
            "title": checks.text(body.title),
            "company_id": None,
            "notes": checks.text(body.notes),
            "created_at": ctx.stamp,
            "updated_at": ctx.stamp,
        },
    )
    if company_id is not None:
        set_primary_company(ctx, contact_id, company_id)
        ctx.conn.execute(
            "UPDATE memberships SET role = ? WHERE contact_id = ?",
            (checks.text(body.title), contact_id),
        )
    return get_contact(ctx, contact_id)


def update_contact(ctx: Ctx, contact_id: str, body: ContactUpdate) -> Contact:
    """Change the sent fields; a new ``companyId`` becomes the primary company."""
    current = get_contact(ctx, contact_id)
    sent = checks.sent_fields(body)
    changes: dict[str, Any] = {}
    for field, value in sent.items():
        if field == "email":
            changes["email"] = checks.text(value)
        elif field == "company_id":
            checks.reference(ctx, "companies", "company", "companyId", value)
        else:
            changes[field] = checks.text(value)
    merged = {**current.model_dump(), **changes}
    first, last, email = merged["first_name"], merged["last_name"], merged["email"]
    if not (first or last or email):
        raise BadRequest(NEEDS_A_NAME)
    if not sent:
        return current
    changes["sort_key"] = contact_sort_key(first, last, email)
    changes["updated_at"] = ctx.stamp
    update(ctx.conn, "contacts", contact_id, changes)
    if "company_id" in sent and sent["company_id"] != current.company_id:
        set_primary_company(ctx, contact_id, sent["company_id"])
    return get_contact(ctx, contact_id)
