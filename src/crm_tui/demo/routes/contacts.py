"""``/contacts`` and their company memberships."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import CompanyMembership, Contact
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.errors import MethodNotAllowed
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import contacts as repo
from crm_tui.demo.repo import memberships
from crm_tui.demo.requests import ContactCreate, ContactUpdate, MembershipCreate, MembershipUpdate
from crm_tui.demo.responses import errors, long_list, wire, wire_list
from crm_tui.demo.schemas import Deleted
from crm_tui.demo.text import UUID_PATTERN

router = APIRouter(prefix=API_PREFIX, tags=["contacts"], responses=errors(400, 401, 403))

CONTACT_DELETE_REFUSAL = "Deleting contacts is not supported by the Axiomatic CRM API"


@router.get("/contacts", response_model=list[Contact], summary="List contacts")
@long_list
async def list_contacts(
    ctx: CtxDep,
    company_id: Annotated[
        str | None,
        Query(
            alias="companyId",
            pattern=UUID_PATTERN,
            description="Only contacts linked to this company",
        ),
    ] = None,
) -> JSONResponse:
    return wire_list(repo.list_contacts(ctx, company_id.lower() if company_id else None))


@router.post("/contacts", response_model=Contact, status_code=201, summary="Create contact")
async def create_contact(ctx: CtxDep, body: ContactCreate) -> JSONResponse:
    return wire(repo.create_contact(ctx, body), status_code=201)


@router.get(
    "/contacts/{contactId}", response_model=Contact, responses=errors(404), summary="Get contact"
)
async def get_contact(ctx: CtxDep, contactId: str) -> JSONResponse:
    return wire(repo.get_contact(ctx, contactId))


@router.patch(
    "/contacts/{contactId}",
    response_model=Contact,
    responses=errors(404),
    summary="Update contact",
)
async def update_contact(ctx: CtxDep, contactId: str, body: ContactUpdate) -> JSONResponse:
    return wire(repo.update_contact(ctx, contactId, body))


@router.delete(
    "/contacts/{contactId}",
    status_code=405,
    responses=errors(405),
    summary="Delete contact (not supported)",
    # Not an operation of the API: the route only words the 405 for it.
    include_in_schema=False,
)
async def delete_contact(ctx: CtxDep, contactId: str) -> JSONResponse:
    """Always 405, whether or not the contact exists: the operation itself is refused."""
    raise MethodNotAllowed(CONTACT_DELETE_REFUSAL, headers={"Allow": "GET, PATCH"})


@router.get(
    "/contacts/{contactId}/company-memberships",
    response_model=list[CompanyMembership],
    responses=errors(404),
    summary="List company memberships for a contact",
)
async def list_memberships(ctx: CtxDep, contactId: str) -> JSONResponse:
    return wire_list(memberships.list_memberships(ctx, contactId))


@router.post(
    "/contacts/{contactId}/company-memberships",
    response_model=CompanyMembership,
    status_code=201,
    responses=errors(404, 409),
    summary="Add contact-company membership",
)
async def add_membership(ctx: CtxDep, contactId: str, body: MembershipCreate) -> JSONResponse:
    return wire(memberships.add_membership(ctx, contactId, body), status_code=201)


@router.patch(
    "/contacts/{contactId}/company-memberships/{membershipId}",
    response_model=CompanyMembership,
    responses=errors(404),
    summary="Update membership",
)
async def update_membership(
    ctx: CtxDep, contactId: str, membershipId: str, body: MembershipUpdate
) -> JSONResponse:
    return wire(memberships.update_membership(ctx, contactId, membershipId, body))


@router.delete(
    "/contacts/{contactId}/company-memberships/{membershipId}",
    response_model=Deleted,
    responses=errors(404),
    summary="Remove membership",
)
async def remove_membership(ctx: CtxDep, contactId: str, membershipId: str) -> JSONResponse:
    removed = memberships.remove_membership(ctx, contactId, membershipId)
    return wire(Deleted(id=removed))
