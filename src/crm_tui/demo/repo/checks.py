"""Checks of values sent in a body, shared by the resources."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from crm_tui.api.models import COMPANY_STATUSES
from crm_tui.demo.context import Ctx
from crm_tui.demo.db import exists
from crm_tui.demo.errors import BadRequest
from crm_tui.demo.text import is_email


def sent_fields(body: BaseModel) -> dict[str, Any]:
    """The declared fields the client actually sent (a PATCH changes only these)."""
    fields = type(body).model_fields
    return {name: getattr(body, name) for name in body.model_fields_set if name in fields}


def wire_name(model: type[BaseModel], field: str) -> str:
    """The camelCase name of ``field`` as the client sends it."""
    info = model.model_fields[field]
    return info.alias or field


def text(value: str | None) -> str | None:
    """An optional text field: blank means none."""
    return value or None


def required(value: Any, field: str) -> Any:
    if value is None:
        raise BadRequest(f"{field} cannot be null")
    return value


def company_status(value: str) -> str:
    if value not in COMPANY_STATUSES:
        allowed = ", ".join(COMPANY_STATUSES)
        raise BadRequest(f"status must be one of {allowed}; got '{value}'")
    return value


def email_address(value: str | None, field: str = "email") -> str | None:
    if not value:
        return None
    if not is_email(value):
        raise BadRequest(f"{field} is not an e-mail address: '{value}'")
    return value


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
