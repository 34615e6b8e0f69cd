"""``/activities``: the CRM's log of calls, e-mails, meetings, notes and tasks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import Activity
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import activities as repo
from crm_tui.demo.requests import ActivityCreate
from crm_tui.demo.responses import errors, long_list, wire, wire_list
from crm_tui.demo.text import UUID_PATTERN

router = APIRouter(prefix=API_PREFIX, tags=["activities"], responses=errors(400, 401, 403))


@router.get("/activities", response_model=list[Activity], summary="List CRM activities")
@long_list
async def list_activities(
    ctx: CtxDep,
    company_id: Annotated[str | None, Query(alias="companyId", pattern=UUID_PATTERN)] = None,
    contact_id: Annotated[str | None, Query(alias="contactId", pattern=UUID_PATTERN)] = None,
) -> JSONResponse:
    """Newest first."""
    return wire_list(
        repo.list_activities(
            ctx,
            company_id=company_id.lower() if company_id else None,
            contact_id=contact_id.lower() if contact_id else None,
        )
    )


@router.post("/activities", response_model=Activity, status_code=201, summary="Create activity")
async def create_activity(ctx: CtxDep, body: ActivityCreate) -> JSONResponse:
    return wire(repo.create_activity(ctx, body), status_code=201)
