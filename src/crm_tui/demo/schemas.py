"""Wire shapes of the demo that are not records of ``api.models``.

They exist so that the OpenAPI document describes every answer; the bodies
themselves are built from ``api.models`` (records) or plain dicts.
"""

from __future__ import annotations

from pydantic import Field

from crm_tui.api.models import Company, WireModel


class ErrorBody(WireModel):
    """Every 4xx/5xx answer."""

    error: str = Field(description="A message meant for the user.")


class Deleted(WireModel):
    """The answer to a successful DELETE."""

    deleted: bool = True
    id: str


class CompanyPageBody(WireModel):
    """``GET /companies``: one page of companies, ordered by name."""

    items: list[Company]
    total: int = Field(description="How many companies match, over all pages.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="The page size used (the last page may hold fewer).")
