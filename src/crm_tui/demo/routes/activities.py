"""``/activities``: the CRM's log of calls, e-mails, meetings, notes and tasks."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import Activity, ActivityCreate
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import activities as repo
from crm_tui.demo.responses import errors, wire, wire_list

router = APIRouter(prefix=API_PREFIX, tags=["activities"], responses=errors(400, 401, 403))


@router.get("/activities", response_model=list[Activity], summary="List CRM activities")
async def list_activities(
    ctx: CtxDep,
    company_id: Annotated[UUID | None, Query(alias="companyId")] = None,
    contact_id: Annotated[UUID | None, Query(alias="contactId")] = None,
) -> JSONResponse:
    """Newest first."""
    return wire_list(
        repo.list_activities(
            ctx,
            company_id=str(company_id) if company_id else None,
            contact_id=str(contact_id) if contact_id else None,
        )
    )


@router.post("/activities", response_model=Activity, status_code=201, summary="Create activity")
async def create_activity(ctx: CtxDep, body: ActivityCreate) -> JSONResponse:
    return wire(repo.create_activity(ctx, body), status_code=201)
