"""The HTTP face of the demo: one router per family of endpoints, all under /api/crm.

Each router carries the ``/api/crm`` prefix itself, so that its routes are complete
when their module is imported, and ``create_app`` adds them to the app as they are
(see ``crm_tui.demo.app``).
"""

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
