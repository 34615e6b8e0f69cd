"""FastAPI dependencies: the request's ``Ctx``, and the auth it documents."""

from __future__ import annotations

import sqlite3
from typing import Annotated, cast
from uuid import UUID

from fastapi import Depends, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crm_tui.demo.auth import CALLER_STATE, Caller, authenticate
from crm_tui.demo.context import Ctx
from crm_tui.demo.times import Clock, as_utc

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API key: `Authorization: Bearer ak_...`.",
)


async def request_context(
    request: Request,
    entity_id: Annotated[
        UUID,
        Query(
            alias="entityId",
            description="Entity UUID; must match the API key's entity.",
        ),
    ],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> Ctx:
    """The database, one reading of the clock, and the key's user.

    ``AuthMiddleware`` has checked the key and entity already; the parameters are
    declared here so that the OpenAPI document shows them on every operation.
    """
    caller = request.scope.get("state", {}).get(CALLER_STATE)
    if not isinstance(caller, Caller):  # mounted without the middleware
        caller = authenticate(request.headers, request.query_params)
    state = request.app.state
    clock = cast(Clock, state.clock)
    return Ctx(conn=cast(sqlite3.Connection, state.db), now=as_utc(clock()), user_id=caller.user_id)


CtxDep = Annotated[Ctx, Depends(request_context)]
