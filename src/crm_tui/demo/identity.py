"""Who the demo backend is: its key, its entity and its users.

Only constants, and no third-party imports: the CLI and the UI read these
without loading FastAPI.
"""

from __future__ import annotations

#: The one API key the demo accepts (``Authorization: Bearer <key>``).
DEMO_API_KEY = "ak_demo_4f3c9b2e7d1a"
#: The entity the key belongs to (``?entityId=``).
DEMO_ENTITY_ID = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
#: The organisation behind the demo entity, used for its e-mail addresses.
DEMO_ENTITY_NAME = "Brightline Demo"
DEMO_EMAIL_DOMAIN = "brightline.example"

#: The key's user: ``ownerUserId=me`` and everything written through the API is theirs.
DEMO_USER_ID = "0b5e2c1d-3f4a-4b6c-8d7e-9f0a1b2c3d01"
DEMO_USER_NAME = "Sam Rivera"

#: A well-formed entity that is not the key's: requests for it are answered 403.
OTHER_ENTITY_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"

#: The base URL the UI uses when it runs the demo app in-process (httpx.ASGITransport).
DEMO_BASE_URL = "http://demo.crm-tui.invalid"
#: Where every endpoint lives, below the base URL.
API_PREFIX = "/api/crm"

#: The entity's users (id, name, e-mail): the owners of companies and leads.
USERS: tuple[tuple[str, str, str], ...] = (
    (DEMO_USER_ID, DEMO_USER_NAME, f"sam.rivera@{DEMO_EMAIL_DOMAIN}"),
    ("0b5e2c1d-3f4a-4b6c-8d7e-9f0a1b2c3d02", "Priya Nair", f"priya.nair@{DEMO_EMAIL_DOMAIN}"),
    ("0b5e2c1d-3f4a-4b6c-8d7e-9f0a1b2c3d03", "Jonas Berg", f"jonas.berg@{DEMO_EMAIL_DOMAIN}"),
    (
        "0b5e2c1d-3f4a-4b6c-8d7e-9f0a1b2c3d04",
        "Claire Dubois",
        f"claire.dubois@{DEMO_EMAIL_DOMAIN}",
    ),
    ("0b5e2c1d-3f4a-4b6c-8d7e-9f0a1b2c3d05", "Marcus Lee", f"marcus.lee@{DEMO_EMAIL_DOMAIN}"),
)

#: Projects of the task list (id, name).
PROJECTS: tuple[tuple[str, str], ...] = (
    ("7c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e01", "Website relaunch"),
    ("7c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e02", "Customer onboarding Q3"),
    ("7c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e03", "CRM data cleanup"),
    ("7c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e04", "Trade fair Hamburg"),
)

#: Outbound e-mail connections (id, channel, e-mail, display name).
EMAIL_CONNECTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a01",
        "gmail",
        f"sam.rivera@{DEMO_EMAIL_DOMAIN}",
        DEMO_USER_NAME,
    ),
    (
        "3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a02",
        "outlook",
        f"sales@{DEMO_EMAIL_DOMAIN}",
        f"{DEMO_ENTITY_NAME} Sales",
    ),
)

#: Marketing lists (id, name).
NEWSLETTER_LIST_ID = "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f01"
WEBINAR_LIST_ID = "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f02"
MARKETING_LISTS: tuple[tuple[str, str], ...] = (
    (NEWSLETTER_LIST_ID, "Newsletter"),
    (WEBINAR_LIST_ID, "Q4 webinar"),
)
