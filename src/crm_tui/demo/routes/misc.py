"""Tasks, outbound e-mail, marketing lists and the dashboard."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from crm_tui.api.models import Dashboard, EmailConnection, MarketingListResult, SentEmail, Task
from crm_tui.demo.deps import CtxDep
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.repo import outreach
from crm_tui.demo.repo.dashboard import dashboard
from crm_tui.demo.repo.tasks import list_tasks
from crm_tui.demo.requests import MarketingListAdd, OutboundEmail
from crm_tui.demo.responses import errors, long_list, wire, wire_list
from crm_tui.demo.text import UUID_PATTERN

router = APIRouter(prefix=API_PREFIX, responses=errors(400, 401, 403))


@router.get(
    "/tasks", response_model=list[Task], tags=["tasks"], summary="List project tasks (CRM shell)"
)
@long_list
async def get_tasks(
    ctx: CtxDep,
    project_id: Annotated[str | None, Query(alias="projectId", pattern=UUID_PATTERN)] = None,
    status: Annotated[Literal["todo", "in_progress", "done"] | None, Query()] = None,
) -> JSONResponse:
    """By due date, undated last."""
    return wire_list(list_tasks(ctx, project_id.lower() if project_id else None, status))


@router.get(
    "/outbound-email-connections",
    response_model=list[EmailConnection],
    tags=["email"],
    summary="List outbound email connections",
)
async def get_email_connections(ctx: CtxDep) -> JSONResponse:
    return wire_list(outreach.list_connections(ctx))


@router.post(
    "/outbound-email",
    response_model=SentEmail,
    status_code=201,
    responses=errors(404),
    tags=["email"],
    summary="Send outbound email for a lead",
)
async def send_email(ctx: CtxDep, body: OutboundEmail) -> JSONResponse:
    """Recorded on the lead's timeline; the demo sends nothing."""
    return wire(outreach.send_email(ctx, body), status_code=201)


@router.post(
    "/prospecting/add-to-marketing-list",
    response_model=MarketingListResult,
    responses=errors(404),
    tags=["prospecting"],
    summary="Add companies to a marketing list",
)
async def add_to_marketing_list(ctx: CtxDep, body: MarketingListAdd) -> JSONResponse:
    return wire(outreach.add_to_marketing_list(ctx, body))


@router.get(
    "/dashboard", response_model=Dashboard, tags=["dashboard"], summary="CRM dashboard aggregates"
)
async def get_dashboard(ctx: CtxDep) -> JSONResponse:
    return JSONResponse(dashboard(ctx))
