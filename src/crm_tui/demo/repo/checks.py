"""Checks of values sent in a body, shared by the resources."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists
from crm_tui.demo.errors import BadRequest


def sent_fields(body: BaseModel) -> dict[str, Any]:
    """The declared fields the client actually sent (a PATCH changes only these)."""
    fields = type(body).model_fields
    return {name: getattr(body, name) for name in body.model_fields_set if name in fields}


def wire_name(model: type[BaseModel], field: str) -> str:
    """The camelCase name of ``field`` as the client sends it."""
    info = model.model_fields[field]
    return info.alias or field


def text(value: str | None) -> str | None:
    """An optional text field (or e-mail address): blank means none."""
    return value or None


def owner(ctx: Ctx, value: str | None) -> str | None:
    """``ownerUserId`` of a body: a user of the entity, ``me``, or null (unassigned)."""
    if value is None:
        return None
    if value == "me":
        return ctx.user_id
    if not exists(ctx.conn, "users", value):
        raise BadRequest(f"ownerUserId: no user with id '{value}' in this entity")
    return value


def reference(ctx: Ctx, table: str, resource: str, field: str, value: str | None) -> str | None:
    """An id a body refers to: it must exist (else 400 naming the field)."""
    if value is None:
        return None
    if not exists(ctx.conn, table, value):
        raise BadRequest(f"{field}: no {resource} with id '{value}'")
    return value
