"""What the UI is connected to: the client, where it points, and the names it knows.

Built by the CLI (from settings, or for the demo backend) and handed to the app, so
that the UI never decides how to reach the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .api import CrmClient
from .config import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Workspace:
    client: CrmClient
    server_label: str
    entity_id: str
    is_demo: bool = False
    marketing_lists: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = utc_now
    #: Owners met in the companies and leads loaded so far, id -> name: the API lists
    #: no users, so the forms and filters offer these by name.
    owners_seen: dict[str, str] = field(default_factory=dict)
    #: The currency the server gives a lead sent without one (the API's default).
    default_currency: str = "EUR"

    def remember_owners(self, records: Iterable[Any]) -> None:
        """Note the owners (``owner_user_id``, ``owner_name``) of companies or leads."""
        for record in records:
            if record.owner_user_id and record.owner_name:
                self.owners_seen[record.owner_user_id] = record.owner_name

    @classmethod
    def for_settings(cls, settings: Settings) -> Workspace:
        """A workspace on the real API.  The caller has checked that a key is set."""
        assert settings.api_key is not None and settings.entity_id is not None
        client = CrmClient(
            base_url=settings.base_url,
            api_key=settings.api_key,
            entity_id=settings.entity_id,
            timeout=settings.timeout,
        )
        return cls(
            client=client,
            server_label=urlsplit(settings.base_url).netloc or settings.base_url,
            entity_id=settings.entity_id,
            marketing_lists=dict(settings.marketing_lists),
            owners=dict(settings.owners),
            projects=dict(settings.projects),
        )

    @classmethod
    def for_demo(
        cls,
        *,
        size: int | None = None,
        db_path: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        settings: Settings | None = None,
    ) -> Workspace:
        """A workspace on the demo backend, reached in-process: no port, no network."""
        import httpx  # only here: the transport is the one thing demo mode changes

        from .demo import create_app
        from .demo.identity import DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID, MARKETING_LISTS

        app = create_app(size=size, db_path=db_path, now=clock)
        client = CrmClient(
            base_url=DEMO_BASE_URL,
            api_key=DEMO_API_KEY,
            entity_id=DEMO_ENTITY_ID,
            transport=httpx.ASGITransport(app=app),
        )
        saved = settings or Settings()
        return cls(
            client=client,
            server_label="DEMO",
            entity_id=DEMO_ENTITY_ID,
            is_demo=True,
            # The demo's lists have fixed ids: offer them by name, as if saved in the config.
            marketing_lists={
                **{name: list_id for list_id, name in MARKETING_LISTS},
                **saved.marketing_lists,
            },
            owners=dict(saved.owners),
            projects=dict(saved.projects),
            clock=clock,
        )
