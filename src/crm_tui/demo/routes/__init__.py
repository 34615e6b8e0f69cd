"""The HTTP face of the demo: one router per family of endpoints, all under /api/crm."""

from __future__ import annotations

from fastapi import APIRouter

from crm_tui.demo.routes import activities, companies, contacts, leads, misc

ROUTERS: tuple[APIRouter, ...] = (
    companies.router,
    contacts.router,
    leads.router,
    activities.router,
    misc.router,
)
