"""``/companies``: list (filters, search, paging), create, read, update, contacts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import Company, Contact
from crm_tui.demo.context import Ctx
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.errors import BadRequest
from crm_tui.demo.fields import MAX_PAGE, MAX_QUERY_LENGTH
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import companies as repo
from crm_tui.demo.repo.contacts import company_contacts
from crm_tui.demo.requests import CompanyCreate, CompanyUpdate
from crm_tui.demo.responses import errors, wire, wire_list
from crm_tui.demo.schemas import CompanyPageBody
from crm_tui.demo.text import UUID_PATTERN, is_uuid

router = APIRouter(prefix=API_PREFIX, tags=["companies"], responses=errors(400, 401, 403))

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
OWNER_FILTER_PATTERN = f"^$|^(me|unassigned)$|{UUID_PATTERN}"


def resolve_paging(page: int | None, page_size: int | None, limit: int | None) -> tuple[int, int]:
    """(page, page size).  ``limit`` (legacy) caps the page size when ``page`` is omitted."""
    size = page_size or DEFAULT_PAGE_SIZE
    if page is None and limit is not None:
        size = min(limit, page_size or MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    return page or 1, size


def owner_filter(ctx: Ctx, owner_user_id: str | None) -> repo.CompanyFilter:
    """``ownerUserId``: a user's UUID, ``me`` (the key's user) or ``unassigned``."""
    if owner_user_id is None or owner_user_id == "":
        return repo.CompanyFilter()
    if owner_user_id == "unassigned":
        return repo.CompanyFilter(unassigned=True)
    if owner_user_id == "me":
        return repo.CompanyFilter(owner_user_id=ctx.user_id)
    if not is_uuid(owner_user_id):
        raise BadRequest(
            "Invalid query parameter 'ownerUserId': give a user's UUID, 'me' or 'unassigned'; "
            f"got '{owner_user_id[:60]}'"
        )
    return repo.CompanyFilter(owner_user_id=owner_user_id.lower())


@router.get("/companies", response_model=CompanyPageBody, summary="List companies")
async def list_companies(
    ctx: CtxDep,
    status: Annotated[Literal["prospect", "active", "inactive"] | None, Query()] = None,
    owner_user_id: Annotated[
        str | None,
        Query(
            alias="ownerUserId",
            description="A user's UUID, me, or unassigned (blank: any owner)",
            json_schema_extra={"pattern": OWNER_FILTER_PATTERN},
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_QUERY_LENGTH,
            description="Case-insensitive substring of the name; % and _ match themselves",
        ),
    ] = None,
    page: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="From 1 (default 1)")] = None,
    page_size: Annotated[
        int | None, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="Default 25")
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_PAGE, description="Legacy: caps page size when page omitted"),
    ] = None,
) -> JSONResponse:
    page_number, size = resolve_paging(page, page_size, limit)
    base = owner_filter(ctx, owner_user_id)
    filters = repo.CompanyFilter(
        status=status,
        owner_user_id=base.owner_user_id,
        unassigned=base.unassigned,
        q=(q or "").strip() or None,
    )
    items, total = repo.list_companies(ctx, filters, offset=(page_number - 1) * size, limit=size)
    return wire(CompanyPageBody(items=items, total=total, page=page_number, page_size=size))


@router.post("/companies", response_model=Company, status_code=201, summary="Create company")
async def create_company(ctx: CtxDep, body: CompanyCreate) -> JSONResponse:
    return wire(repo.create_company(ctx, body), status_code=201)


@router.get(
    "/companies/{companyId}",
    response_model=Company,
    responses=errors(404),
    summary="Get company by ID",
)
async def get_company(ctx: CtxDep, companyId: str) -> JSONResponse:
    return wire(repo.get_company(ctx, companyId))


@router.patch(
    "/companies/{companyId}",
    response_model=Company,
    responses=errors(404),
    summary="Update company",
)
async def update_company(ctx: CtxDep, companyId: str, body: CompanyUpdate) -> JSONResponse:
    return wire(repo.update_company(ctx, companyId, body))


@router.get(
    "/companies/{companyId}/contacts",
    response_model=list[Contact],
    responses=errors(404),
    summary="List contacts linked to a company",
)
async def list_company_contacts(ctx: CtxDep, companyId: str) -> JSONResponse:
    return wire_list(company_contacts(ctx, companyId))
