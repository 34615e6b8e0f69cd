"""Companies: list (filtered, searched, paged in SQL), read, create, update."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_tui.api.models import Company
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import insert, new_id, to_model, to_models, update
from crm_tui.demo.errors import NotFound
from crm_tui.demo.repo import checks
from crm_tui.demo.requests import CompanyCreate, CompanyUpdate
from crm_tui.demo.text import fold, like_contains, sort_key

SELECT = """
SELECT c.id, c.name, c.status, c.owner_user_id, u.name AS owner_name, c.domain, c.industry,
       c.phone, c.email, c.city, c.country, c.notes, c.created_at, c.updated_at
FROM companies c LEFT JOIN users u ON u.id = c.owner_user_id
"""


@dataclass(frozen=True)
class CompanyFilter:
    status: str | None = None
    owner_user_id: str | None = None  # a user id (``me`` already resolved)
    unassigned: bool = False
    q: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status is not None:
            clauses.append("c.status = ?")
            params.append(self.status)
        if self.unassigned:
            clauses.append("c.owner_user_id IS NULL")
        elif self.owner_user_id is not None:
            clauses.append("c.owner_user_id = ?")
            params.append(self.owner_user_id)
        if self.q:
            clauses.append("c.name_fold LIKE ? ESCAPE '\\'")
            params.append(like_contains(fold(self.q)))
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def list_companies(
    ctx: Ctx, filters: CompanyFilter, *, offset: int, limit: int
) -> tuple[list[Company], int]:
    """One page of companies ordered by name, and how many match in all."""
    where, params = filters.where()
    total = ctx.conn.execute(f"SELECT count(*) FROM companies c {where}", params).fetchone()[0]
    rows = ctx.conn.execute(
        f"{SELECT} {where} ORDER BY c.name_sort, c.id LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return to_models(Company, rows), int(total)


def get_company(ctx: Ctx, company_id: str) -> Company:
    row = ctx.conn.execute(f"{SELECT} WHERE c.id = ?", (company_id,)).fetchone()
    if row is None:
        raise NotFound("company", company_id)
    return to_model(Company, row)


def create_company(ctx: Ctx, body: CompanyCreate) -> Company:
    """A new company: status defaults to ``prospect``, the owner to the key's user."""
    sent = checks.sent_fields(body)
    owner = checks.owner(ctx, body.owner_user_id) if "owner_user_id" in sent else ctx.user_id
    company_id = new_id()
    values = {
        "id": company_id,
        "status": body.status or "prospect",
        "owner_user_id": owner,
        **_name_columns(body.name),
        **{field: checks.text(getattr(body, field)) for field in _PLAIN_FIELDS},
        "email": checks.text(body.email),
        "created_at": ctx.stamp,
        "updated_at": ctx.stamp,
    }
    insert(ctx.conn, "companies", values)
    return get_company(ctx, company_id)


def update_company(ctx: Ctx, company_id: str, body: CompanyUpdate) -> Company:
    """Change the fields that were sent; ``null`` clears an optional field."""
    get_company(ctx, company_id)
    changes = company_changes(ctx, checks.sent_fields(body))
    if changes:
        changes["updated_at"] = ctx.stamp
        update(ctx.conn, "companies", company_id, changes)
    return get_company(ctx, company_id)


def company_changes(ctx: Ctx, sent: dict[str, Any]) -> dict[str, Any]:
    """The column values for the sent fields of a company PATCH, checked."""
    changes: dict[str, Any] = {}
    for field, value in sent.items():
        if field == "name":
            changes.update(_name_columns(value))
        elif field == "status":
            changes["status"] = value
        elif field == "owner_user_id":
            changes["owner_user_id"] = checks.owner(ctx, value)
        else:
            changes[field] = checks.text(value)
    return changes


def activate_prospect(ctx: Ctx, company_id: str | None) -> None:
    """A won lead makes its company a customer: ``prospect`` becomes ``active``."""
    if company_id is None:
        return
    ctx.conn.execute(
        "UPDATE companies SET status = 'active', updated_at = ? "
        "WHERE id = ? AND status = 'prospect'",
        (ctx.stamp, company_id),
    )


_PLAIN_FIELDS = ("domain", "industry", "phone", "city", "country", "notes")


def _name_columns(name: str) -> dict[str, str]:
    return {"name": name, "name_fold": fold(name), "name_sort": sort_key(name)}
