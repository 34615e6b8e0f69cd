"""What the UI is connected to: the client, where it points, and the names it knows.

Built by the CLI (from settings, or for the demo backend) and handed to the app, so
that the UI never decides how to reach the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from .api import CrmClient
from .config import Settings

#: From this many demo companies on, the CLI seeds the demo with the UI up, showing progress.
SEED_WITH_PROGRESS_FROM = 2_000


def utc_now() -> datetime:
    return datetime.now(UTC)


class Preparation(Protocol):
    """Work the backend must finish before it can answer (a large demo's seeding).

    The UI runs :meth:`run` in a thread and shows :attr:`progress` meanwhile.
    """

    @property
    def progress(self) -> tuple[str, int, int]:
        """(what it is doing, items done, items in all; 0 when not known yet)."""
        ...

    def run(self) -> None:
        """Do the work; blocks until done, raises if it failed."""
        ...


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

    #: What the UI must run (showing its progress) before the first request, if anything.
    preparation: Preparation | None = None

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
        seed_later: bool = False,
    ) -> Workspace:
        """A workspace on the demo backend, reached in-process: no port, no network.

        The demo runs on an event loop of its own, in a thread, so that its queries and
        JSON never hold up the UI's.  With ``seed_later`` its database is seeded by the
        workspace's :attr:`preparation`, which the UI runs showing progress; else now.
        """
        from .demo import create_app
        from .demo.identity import DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID, MARKETING_LISTS
        from .demo.seeding import DemoSeeding
        from .demo.transport import ThreadedASGITransport

        transport = ThreadedASGITransport()
        seeding = DemoSeeding(
            lambda progress: create_app(size=size, db_path=db_path, now=clock, progress=progress),
            transport,
        )
        if not seed_later:
            seeding.run()
        client = CrmClient(
            base_url=DEMO_BASE_URL,
            api_key=DEMO_API_KEY,
            entity_id=DEMO_ENTITY_ID,
            transport=transport,
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
            preparation=seeding if seed_later else None,
        )
