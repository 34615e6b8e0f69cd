"""A contact's company memberships, and which one is primary.

The invariant: ``contacts.company_id`` is the company of the contact's primary
membership, or null when none is primary.  Every change goes through
``set_primary_company`` or keeps the two in step itself.
"""

from __future__ import annotations

from crm_tui.api.models import CompanyMembership
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists, insert, new_id, to_model, to_models, update
from crm_tui.demo.errors import Conflict, NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.requests import MembershipCreate, MembershipUpdate

SELECT = """
SELECT m.id, m.contact_id, m.company_id, c.name AS company_name, m.role, m.is_primary,
       m.started_on, m.created_at
FROM memberships m JOIN companies c ON c.id = m.company_id
"""


def require_contact(ctx: Ctx, contact_id: str) -> None:
    if not exists(ctx.conn, "contacts", contact_id):
        raise NotFound("contact", contact_id)


def list_memberships(ctx: Ctx, contact_id: str) -> list[CompanyMembership]:
    """The primary membership first, then by company name."""
    require_contact(ctx, contact_id)
    rows = ctx.conn.execute(
        f"{SELECT} WHERE m.contact_id = ? ORDER BY m.is_primary DESC, c.name_sort, m.id",
        (contact_id,),
    )
    return to_models(CompanyMembership, rows)


def get_membership(ctx: Ctx, contact_id: str, membership_id: str) -> CompanyMembership:
    row = ctx.conn.execute(
        f"{SELECT} WHERE m.id = ? AND m.contact_id = ?", (membership_id, contact_id)
    ).fetchone()
    if row is None:
        raise NotFound("company membership", membership_id)
    return to_model(CompanyMembership, row)


def add_membership(ctx: Ctx, contact_id: str, body: MembershipCreate) -> CompanyMembership:
    """Link the contact to a company.  The first link, or ``isPrimary: true``, is primary."""
    require_contact(ctx, contact_id)
    company_id = checks.reference(ctx, "companies", "company", "companyId", body.company_id)
    duplicate = ctx.conn.execute(
        "SELECT id FROM memberships WHERE contact_id = ? AND company_id = ?",
        (contact_id, company_id),
    ).fetchone()
    if duplicate is not None:
        raise Conflict(
            f"Contact '{contact_id}' is already linked to company '{company_id}' "
            f"(membership '{duplicate[0]}')"
        )
    primary = body.is_primary
    if primary is None:
        primary = _primary_company(ctx, contact_id) is None
    membership_id = new_id()
    insert(
        ctx.conn,
        "memberships",
        {
            "id": membership_id,
            "contact_id": contact_id,
            "company_id": company_id,
            "role": checks.text(body.role),
            "is_primary": 0,
            "started_on": ctx.today_text,
            "created_at": ctx.stamp,
        },
    )
    if primary:
        set_primary_company(ctx, contact_id, company_id)
    return get_membership(ctx, contact_id, membership_id)


def update_membership(
    ctx: Ctx, contact_id: str, membership_id: str, body: MembershipUpdate
) -> CompanyMembership:
    """Change the role, or make the membership primary (or no longer primary)."""
    require_contact(ctx, contact_id)
    current = get_membership(ctx, contact_id, membership_id)
    sent = checks.sent_fields(body)
    if "role" in sent:
        update(ctx.conn, "memberships", membership_id, {"role": checks.text(sent["role"])})
    if sent.get("is_primary") is True:
        set_primary_company(ctx, contact_id, current.company_id)
    elif sent.get("is_primary") is False and current.is_primary:
        set_primary_company(ctx, contact_id, None)
    return get_membership(ctx, contact_id, membership_id)


def remove_membership(ctx: Ctx, contact_id: str, membership_id: str) -> str:
    """Unlink; removing the primary membership leaves the contact without a company."""
    require_contact(ctx, contact_id)
    current = get_membership(ctx, contact_id, membership_id)
    ctx.conn.execute("DELETE FROM memberships WHERE id = ?", (membership_id,))
    if current.is_primary:
        set_primary_company(ctx, contact_id, None)
    return membership_id


def set_primary_company(ctx: Ctx, contact_id: str, company_id: str | None) -> None:
    """Make ``company_id`` the contact's primary company (linking it if need be), or none.

    Runs inside the caller's transaction.
    """
    if company_id is not None and not _has_membership(ctx, contact_id, company_id):
        insert(
            ctx.conn,
            "memberships",
            {
                "id": new_id(),
                "contact_id": contact_id,
                "company_id": company_id,
                "role": None,
                "is_primary": 0,
                "started_on": ctx.today_text,
                "created_at": ctx.stamp,
            },
        )
    ctx.conn.execute(
        "UPDATE memberships SET is_primary = (company_id IS ?) WHERE contact_id = ?",
        (company_id, contact_id),
    )
    ctx.conn.execute(
        "UPDATE contacts SET company_id = ?, updated_at = ? WHERE id = ?",
        (company_id, ctx.stamp, contact_id),
    )


def _has_membership(ctx: Ctx, contact_id: str, company_id: str) -> bool:
    row = ctx.conn.execute(
        "SELECT 1 FROM memberships WHERE contact_id = ? AND company_id = ?",
        (contact_id, company_id),
    ).fetchone()
    return row is not None


def _primary_company(ctx: Ctx, contact_id: str) -> str | None:
    row = ctx.conn.execute("SELECT company_id FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return None if row is None else row[0]
