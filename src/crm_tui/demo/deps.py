"""FastAPI dependencies: the request's ``Ctx``, and the auth it documents."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crm_tui.demo.auth import CALLER_STATE, Caller, authenticate
from crm_tui.demo.context import Ctx
from crm_tui.demo.text import UUID_PATTERN
from crm_tui.demo.times import Clock, as_utc

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API key: `Authorization: Bearer ak_...`.",
)


async def request_context(
    request: Request,
    entity_id: Annotated[
        str,
        Query(
            alias="entityId",
            pattern=UUID_PATTERN,
            description="Entity UUID; must match the API key's entity.",
        ),
    ],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> AsyncIterator[Ctx]:
    """The database, one reading of the clock, and the key's user; one transaction.

    ``AuthMiddleware`` has checked the key and entity already; the parameters are
    declared here so that the OpenAPI document shows them on every operation.

    Whatever the request writes is committed when its handler returns, and rolled
    back when it raises, a refusal or a bug alike: a failed request leaves nothing
    behind.  Handlers never await, so no other request runs inside the transaction.
    """
    caller = request.scope.get("state", {}).get(CALLER_STATE)
    if not isinstance(caller, Caller):  # mounted without the middleware
        caller = authenticate(request.headers, request.query_params)
    state = request.app.state
    clock = cast(Clock, state.clock)
    conn = cast(sqlite3.Connection, state.db)
    try:
        yield Ctx(conn=conn, now=as_utc(clock()), user_id=caller.user_id)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


# Closed when the handler returns, before the answer is sent.
CtxDep = Annotated[Ctx, Depends(request_context, scope="function")]
