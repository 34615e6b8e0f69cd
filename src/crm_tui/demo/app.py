"""The demo backend: an ASGI app serving the 29 endpoints of ``/api/crm`` over SQLite."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.warnings import UnsupportedFieldAttributeWarning

from crm_tui.demo.auth import AuthMiddleware, keys_for
from crm_tui.demo.db import SeedProgress, open_demo_database
from crm_tui.demo.handlers import install_error_handlers
from crm_tui.demo.identity import API_PREFIX
from crm_tui.demo.limits import MAX_BODY_BYTES, RequestLimits
from crm_tui.demo.routes import ROUTERS
from crm_tui.demo.times import system_clock

# Our models build their validators when first used (``defer_build``).  FastAPI then
# has pydantic build a request body's validator from ``Annotated[Model, Body(alias=
# "body")]``, and pydantic warns that the alias, FastAPI's own bookkeeping, does
# nothing there.  It is harmless; it would only be noise on stderr.
warnings.filterwarnings(
    "ignore",
    message="The 'alias' attribute with value 'body'",
    category=UnsupportedFieldAttributeWarning,
)

DESCRIPTION = """\
The demo backend of crm-tui: the Axiomatic CRM HTTP API as crm-tui reads it
(see docs/api.md), served from SQLite with deterministic fixtures.
Every endpoint needs `Authorization: Bearer <key>` and `?entityId=<uuid>`;
every error is `{"error": "..."}`.
"""


#: The answer to a body over the limit (``limits.RequestLimits``), in the document.
TOO_LARGE = {
    "description": f"The request body is larger than {MAX_BODY_BYTES} bytes.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}


def create_app(
    *,
    size: int | None = None,
    db_path: str | None = None,
    now: Callable[[], datetime] | None = None,
    seed: int = 7,
    api_key: str | None = None,
    progress: SeedProgress | None = None,
    database: sqlite3.Connection | None = None,
) -> FastAPI:
    """Build the app and its database now (not in a lifespan: ASGITransport runs none).

    ``size``: generate that many companies (with proportional data) instead of the
    default set.  ``db_path``: a SQLite file that keeps changes between runs; it is
    seeded only when it holds no data (``size`` and ``seed`` then apply).  ``now``:
    the clock, for the fixtures and every timestamp written.  ``api_key``: the one
    key the app accepts instead of the published demo key.  ``progress``: told how
    far seeding has got (another thread may read it meanwhile).  ``database``: one
    opened (and seeded) already, to serve instead (``size``, ``db_path``, ``seed`` and
    ``progress`` then do nothing).
    """
    clock = now or system_clock
    conn = database
    if conn is None:
        conn = open_demo_database(db_path, size=size, seed=seed, clock=clock, progress=progress)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        conn.close()

    app = FastAPI(
        title="Axiomatic CRM (crm-tui demo backend)",
        version="1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.db = conn
    app.state.clock = clock
    app.add_middleware(AuthMiddleware, prefix=API_PREFIX, keys=keys_for(api_key))
    # Added last, so it runs first: a request too large is refused before anything.
    app.add_middleware(RequestLimits)
    install_error_handlers(app)
    for router in ROUTERS:
        # The routes were built, with the prefix, when their module was imported: add
        # them as they are.  ``include_router`` would build each one again (FastAPI 0.165
        # does it lazily, at the first request: 29 routes, a tenth of a second or more),
        # and every request would then walk the included routers' cached copies.  The
        # router-level tags and error responses are in the routes already.
        app.router.routes.extend(router.routes)
    _document_what_is_served(app)
    return app


def _document_what_is_served(app: FastAPI) -> None:
    """The document as the server answers.

    Validation errors are answered 400 ``{"error"}``: FastAPI's 422 goes.  A query
    parameter is text or absent, never ``null``: FastAPI's ``anyOf [x, null]`` for an
    optional one becomes ``x``.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    operation.get("responses", {}).pop("422", None)
                    for parameter in operation.get("parameters", []):
                        parameter["schema"] = _not_null(parameter["schema"])
                    if "requestBody" in operation:
                        operation["responses"]["413"] = TOO_LARGE
            schemas = schema.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``{"anyOf": [x, {"type": "null"}], ...}`` as ``{...x, ...}``."""
    options = schema.get("anyOf")
    if not options:
        return schema
    kept = [option for option in options if option != {"type": "null"}]
    if len(kept) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**kept[0], **rest}
