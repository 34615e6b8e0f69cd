"""Who is calling: the bearer key and the entity, checked before any route runs.

``AuthMiddleware`` guards everything under ``/api/crm`` -- unknown paths, wrong
methods and malformed bodies included -- so a request without a valid key never
learns more than 401, and one for another entity never more than 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from crm_tui.demo.errors import BadRequest, DemoError, Forbidden, Unauthorized
from crm_tui.demo.handlers import error_response
from crm_tui.demo.identity import API_PREFIX, DEMO_API_KEY, DEMO_ENTITY_ID, DEMO_USER_ID
from crm_tui.demo.text import is_uuid

#: The scope-state key the middleware leaves the caller under.
CALLER_STATE = "crm_caller"


@dataclass(frozen=True)
class Caller:
    entity_id: str
    user_id: str


#: The demo key's caller (every key of the demo is the demo user's, in the demo entity).
DEMO_CALLER = Caller(entity_id=DEMO_ENTITY_ID, user_id=DEMO_USER_ID)
#: API key -> whom it belongs to.
KEYS: dict[str, Caller] = {DEMO_API_KEY: DEMO_CALLER}


def keys_for(api_key: str | None) -> dict[str, Caller]:
    """The keys an app accepts: ``api_key`` alone when given, else the published demo key."""
    return {api_key: DEMO_CALLER} if api_key else KEYS


def authenticate(headers: Headers, query: QueryParams, keys: Mapping[str, Caller] = KEYS) -> Caller:
    """The caller, or a 401 (key), 400 (entityId malformed) or 403 (not the key's entity)."""
    authorization = headers.get("authorization", "").strip()
    if not authorization:
        raise Unauthorized("Missing API key: send the header 'Authorization: Bearer ak_...'")
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <API key>'")
    caller = keys.get(key.strip())
    if caller is None:
        raise Unauthorized("Unknown API key")
    entity_id = query.get("entityId", "").strip()
    if not entity_id:
        raise BadRequest("Missing required query parameter 'entityId' (the entity's UUID)")
    if not is_uuid(entity_id):
        raise BadRequest(f"Invalid query parameter 'entityId': not a UUID: '{entity_id[:60]}'")
    if entity_id.lower() != caller.entity_id:
        raise Forbidden(f"This API key does not give access to entity {entity_id}")
    return caller


class AuthMiddleware:
    """Pure ASGI middleware: answers 401/400/403 itself, or lets the request through."""

    def __init__(
        self, app: ASGIApp, prefix: str = API_PREFIX, keys: Mapping[str, Caller] = KEYS
    ) -> None:
        self.app = app
        self.prefix = prefix
        self.keys = keys

    def guards(self, path: str) -> bool:
        return path == self.prefix or path.startswith(self.prefix + "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.guards(scope["path"]):
            await self.app(scope, receive, send)
            return
        try:
            caller = authenticate(
                Headers(scope=scope), QueryParams(scope["query_string"]), self.keys
            )
        except DemoError as exc:
            response = error_response(exc.status, exc.message, exc.headers)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[CALLER_STATE] = caller
        await self.app(scope, receive, send)
