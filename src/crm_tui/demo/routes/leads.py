"""``/leads``: the pipeline, stage moves with win/loss automation, the timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import Activity, Lead, TimelineEntry
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import leads as repo
from crm_tui.demo.repo.activities import add_lead_activity
from crm_tui.demo.repo.timeline import lead_timeline
from crm_tui.demo.requests import LeadActivityCreate, LeadCreate, LeadUpdate, StageMove
from crm_tui.demo.responses import errors, long_list, wire, wire_list
from crm_tui.demo.schemas import Deleted
from crm_tui.demo.text import UUID_PATTERN

router = APIRouter(prefix=API_PREFIX, tags=["leads"], responses=errors(400, 401, 403))


@router.get("/leads", response_model=list[Lead], summary="List leads")
@long_list
async def list_leads(
    ctx: CtxDep,
    company_id: Annotated[str | None, Query(alias="companyId", pattern=UUID_PATTERN)] = None,
    contact_id: Annotated[str | None, Query(alias="contactId", pattern=UUID_PATTERN)] = None,
) -> JSONResponse:
    """Newest first."""
    return wire_list(
        repo.list_leads(
            ctx,
            company_id=company_id.lower() if company_id else None,
            contact_id=contact_id.lower() if contact_id else None,
        )
    )


@router.post("/leads", response_model=Lead, status_code=201, summary="Create lead")
async def create_lead(ctx: CtxDep, body: LeadCreate) -> JSONResponse:
    return wire(repo.create_lead(ctx, body), status_code=201)


@router.get("/leads/{leadId}", response_model=Lead, responses=errors(404), summary="Get lead")
async def get_lead(ctx: CtxDep, leadId: str) -> JSONResponse:
    return wire(repo.get_lead(ctx, leadId))


@router.patch("/leads/{leadId}", response_model=Lead, responses=errors(404), summary="Update lead")
async def update_lead(ctx: CtxDep, leadId: str, body: LeadUpdate) -> JSONResponse:
    return wire(repo.update_lead(ctx, leadId, body))


@router.delete(
    "/leads/{leadId}", response_model=Deleted, responses=errors(404), summary="Delete lead"
)
async def delete_lead(ctx: CtxDep, leadId: str) -> JSONResponse:
    return wire(Deleted(id=repo.delete_lead(ctx, leadId)))


@router.get(
    "/leads/{leadId}/timeline",
    response_model=list[TimelineEntry],
    responses=errors(404),
    summary="Lead activity timeline",
)
async def get_timeline(ctx: CtxDep, leadId: str) -> JSONResponse:
    """Activities, stage changes and sent e-mails, newest first."""
    return wire_list(lead_timeline(ctx, leadId))


@router.patch(
    "/leads/{leadId}/stage",
    response_model=Lead,
    responses=errors(404),
    summary="Move lead stage (win/loss automation)",
)
async def move_stage(ctx: CtxDep, leadId: str, body: StageMove) -> JSONResponse:
    return wire(repo.move_stage(ctx, leadId, body))


@router.post(
    "/leads/{leadId}/activities",
    response_model=Activity,
    status_code=201,
    responses=errors(404),
    summary="Add activity on a lead",
)
async def add_activity(ctx: CtxDep, leadId: str, body: LeadActivityCreate) -> JSONResponse:
    return wire(add_lead_activity(ctx, leadId, body), status_code=201)
