"""What the UI is connected to: the client, where it points, the names it knows, the cache.

Built by the CLI (from settings, or for the demo backend) and handed to the app, so
that the UI never decides how to reach the server.  The client itself (httpx, the
models, in demo mode the whole demo backend) is built on first use, once the app's
first frame is on screen: nothing of it is needed to draw that frame.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import sqlite3

    from .api import CrmClient
    from .api.errors import CrmError
    from .api.queries import Query
    from .api.transport import HttpCore
    from .cache import CachedAnswer, ResponseCache
    from .config import Settings
    from .demo.early import DemoData
    from .demo.seeding import DemoSeeding
    from .demo.transport import ThreadedASGITransport

T = TypeVar("T")

#: From this many demo companies on, the CLI seeds the demo with the UI up, showing progress.
SEED_WITH_PROGRESS_FROM = 2_000
#: A cached body with more JSON than this is decoded and read in a thread, as the
#: transport reads a fresh answer this large (``transport.OFF_LOOP_BYTES``).
OFF_LOOP_CHARS = 64 * 1024


def utc_now() -> datetime:
    return datetime.now(UTC)


def owners_of(records: Iterable[Any]) -> dict[str, str]:
    """Owner id -> name, from records with ``owner_user_id`` and ``owner_name`` (the last
    record naming an owner wins).  Pure: a long list's are collected in a thread."""
    return {
        record.owner_user_id: record.owner_name
        for record in records
        if record.owner_user_id and record.owner_name
    }


def _import_the_client() -> None:
    # The libraries first: they import nothing of ours, so the UI's thread, importing
    # a screen meanwhile, can only wait for this one, never hold what it needs.
    import httpx  # noqa: F401
    import pydantic  # noqa: F401

    from .api import CrmClient, queries  # noqa: F401


def _with_body(read: Callable[[Any], T], body: Any) -> tuple[T | None, Any]:
    from .api.errors import UnexpectedResponse

    try:
        return read(body), body
    except UnexpectedResponse:
        return None, body


def _large(answer: CachedAnswer) -> bool:
    """Whether reading ``answer`` is work for a thread: much JSON to decode, or (kept in
    this run, decoded already) a list longer than one batch of validation."""
    if answer.size:
        return answer.size > OFF_LOOP_CHARS
    from .api.parsing import is_short

    return not is_short(answer.body)


def _read_cached(query: Query[T], answer: CachedAnswer) -> tuple[T, float] | None:
    from .api.errors import CrmError

    try:
        body = answer.body
    except ValueError:
        return None  # the file's JSON for it is broken: the server will answer
    try:
        return query.read(body), answer.at
    except CrmError:
        return None  # kept by another version of the models: the server will answer


class EarlyReader(Protocol):
    """What answers a read before the client is built (see :meth:`Workspace.read_early`):
    the client's own transport (``HttpCore``), or the demo's data (``DemoData``)."""

    async def request_read(
        self,
        method: str,
        path: str,
        read: Callable[[Any], T],
        *,
        params: Mapping[str, Any] | None = None,
    ) -> T: ...


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
    #: Builds the client: called once, on first use of :attr:`client`.
    connect: Callable[[], CrmClient]
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
        self.owners_seen.update(owners_of(records))

    #: What the UI must run (showing its progress) before the first request, if anything.
    preparation: Preparation | None = None
    #: The answers the screens last showed, from an earlier run; None when not cached.
    cache: ResponseCache | None = None
    #: Builds what reads before the client (see :meth:`read_early`): the client's
    #: transport alone (httpx, no models), which the client then sends through; or the
    #: demo's data, before its backend.  None: the client is all there is (a test's).
    connect_core: Callable[[], EarlyReader] | None = None
    _client: CrmClient | None = field(default=None, init=False, repr=False)
    _core: EarlyReader | None = field(default=None, init=False, repr=False)
    _setups: list[Callable[[CrmClient], None]] = field(default_factory=list, init=False, repr=False)
    _early_listeners: list[Callable[[CrmError | None], None]] = field(
        default_factory=list, init=False, repr=False
    )

    @property
    def client(self) -> CrmClient:
        """The client, built the first time it is asked for."""
        if self._client is None:
            client = self.connect()
            if self.cache is not None:
                client.record_answers(self.cache.remember)
            for setup in self._setups:
                setup(client)
            self._client = client
        return self._client

    async def load_client(self) -> CrmClient:
        """:attr:`client`, with its modules (httpx, pydantic, the models: 100 ms and
        more of imports) loaded in a thread the first time: the screen that waits for
        it stays live meanwhile."""
        if self._client is None:
            await asyncio.to_thread(_import_the_client)
        return self.client

    @property
    def core(self) -> EarlyReader | None:
        """What reads before the client, built on first use; None without
        :attr:`connect_core`."""
        if self._core is None and self.connect_core is not None:
            self._core = self.connect_core()
        return self._core

    async def read_early(self, query: Query[T]) -> tuple[T | None, Any] | None:
        """``query``'s answer and the body it was read from, fetched by the transport
        alone while the client (and the models it loads) is not built yet: at a cold
        start the first figures are then up before pydantic is imported, as the floor
        app's are.  The client reads the body again, into the models (``adopt``).

        None when there is no transport of its own, or the client is built already: the
        client reads then.  The value is None when ``query`` cannot read the answer (one
        only the models can: an envelope, say).  A failed read raises as the client's
        would (its listeners, the app's, hear of the client's reads only).
        """
        core = self.core if self._client is None else None
        if core is None:
            return None
        from .api.errors import CrmError  # no pydantic: the transport raises these

        read = partial(_with_body, query.read)
        try:
            value, body = await core.request_read(
                "GET", query.path, read, params=query.query_params
            )
        except CrmError as error:
            self._tell_early(error)
            raise
        self._tell_early(None)
        if value is not None and query.keep and self.cache is not None:
            # Kept as soon as it is on screen, as the client keeps what it reads: a quit
            # before the client is built still leaves it for the next start.
            self.cache.remember(query.key, body)
        return value, body

    def when_read_early(self, listener: Callable[[CrmError | None], None]) -> None:
        """Call ``listener`` with the outcome of each :meth:`read_early` (None when it
        worked, else the error), as the client's listeners hear of its own reads: the
        client does not exist yet to tell them."""
        self._early_listeners.append(listener)

    def _tell_early(self, outcome: CrmError | None) -> None:
        for listener in self._early_listeners:
            listener(outcome)

    def holds(self, query: Query[Any]) -> bool:
        """Whether the cache holds an answer for ``query`` (usable or not)."""
        return self.cache is not None and self.cache.get(query.key) is not None

    def when_connected(self, setup: Callable[[CrmClient], None]) -> None:
        """Run ``setup`` on the client once it is built (at once, if it is): listeners."""
        self._setups.append(setup)
        if self._client is not None:
            setup(self._client)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def cached(self, query: Query[T]) -> tuple[T, float] | None:
        """What the cache holds for ``query``, read as a fresh answer would be, and when
        the server sent it; None when it holds nothing usable.

        A large answer (a board of 2,000 leads) is decoded and read in a thread, as a
        fresh one is: the event loop, and every key, stay free meanwhile.  A small one
        (the Dashboard's) is read at once, where the thread hop would cost more."""
        answer = self.cache.get(query.key) if self.cache is not None else None
        if answer is None:
            return None
        if _large(answer):
            return await asyncio.to_thread(_read_cached, query, answer)
        return _read_cached(query, answer)

    @classmethod
    def for_settings(cls, settings: Settings, *, use_cache: bool = True) -> Workspace:
        """A workspace on the real API.  The caller has checked that a key is set.

        Raises ``ConfigurationError`` for a key or entity the API would refuse anyway.
        """
        from .api.credentials import validate_credentials

        assert settings.api_key is not None and settings.entity_id is not None
        api_key, entity_id = settings.api_key, settings.entity_id
        validate_credentials(api_key.get_secret_value(), entity_id)

        def connect_core() -> HttpCore:
            from .api.transport import HttpCore

            return HttpCore(
                base_url=settings.base_url,
                api_key=api_key,
                entity_id=entity_id,
                timeout=settings.timeout,
            )

        def connect() -> CrmClient:
            from .api import CrmClient
            from .api.transport import HttpCore

            core = workspace.core
            assert isinstance(core, HttpCore)
            return CrmClient.on(core)

        cache = None
        if use_cache and settings.cache:
            from .cache import ResponseCache

            cache = ResponseCache(settings.base_url, entity_id)
        workspace = cls(
            connect=connect,
            connect_core=connect_core,
            server_label=urlsplit(settings.base_url).netloc or settings.base_url,
            entity_id=entity_id,
            marketing_lists=dict(settings.marketing_lists),
            owners=dict(settings.owners),
            projects=dict(settings.projects),
            cache=cache,
        )
        return workspace

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
        workspace's :attr:`preparation`, which the UI runs showing progress; else by
        the Dashboard's first read (``DemoData``, before the backend is built) or when
        the client is first used, whichever comes first (both after the first frame).

        Never cached: the backend answers in-process in a few milliseconds, and its data
        is made afresh at each start, so a cache would only show the last run's data.
        """
        from .demo.identity import DEMO_ENTITY_ID, MARKETING_LISTS

        # A large demo seeds with the UI showing progress, then builds its backend: its
        # start is the seeding.  A small one seeds in a few milliseconds, and answers the
        # Dashboard before the backend (FastAPI, the models) is even imported.
        data = None if seed_later else _demo_data(db_path, size, clock)

        def start_backend() -> tuple[ThreadedASGITransport, DemoSeeding]:
            from .demo import create_app
            from .demo.seeding import DemoSeeding
            from .demo.transport import ThreadedASGITransport

            transport = ThreadedASGITransport()
            seeding = DemoSeeding(
                lambda progress: create_app(
                    size=size,
                    db_path=db_path,
                    now=clock,
                    progress=progress,
                    database=data.database() if data is not None else None,
                ),
                transport,
            )
            return transport, seeding

        # Seeding with progress needs the backend at hand: that is a large demo's start.
        started = start_backend() if seed_later else None

        def connect() -> CrmClient:
            from .api import CrmClient
            from .demo.identity import DEMO_API_KEY, DEMO_BASE_URL

            transport, seeding = started or start_backend()
            if not seed_later:
                seeding.start()  # requests wait for it
            return CrmClient(
                base_url=DEMO_BASE_URL,
                api_key=DEMO_API_KEY,
                entity_id=DEMO_ENTITY_ID,
                transport=transport,
            )

        saved_lists = settings.marketing_lists if settings is not None else {}
        return cls(
            connect=connect,
            server_label="DEMO",
            entity_id=DEMO_ENTITY_ID,
            is_demo=True,
            # The demo's lists have fixed ids: offer them by name, as if saved in the config.
            marketing_lists={
                **{name: list_id for list_id, name in MARKETING_LISTS},
                **saved_lists,
            },
            owners=dict(settings.owners) if settings is not None else {},
            projects=dict(settings.projects) if settings is not None else {},
            clock=clock,
            preparation=started[1] if started is not None else None,
            connect_core=(lambda: data) if data is not None else None,
        )


def _demo_data(db_path: str | None, size: int | None, clock: Callable[[], datetime]) -> DemoData:
    from .demo.early import DemoData

    def open_database() -> sqlite3.Connection:
        from .demo.db import open_demo_database

        return open_demo_database(db_path, size=size, clock=clock)

    return DemoData(open_database, clock)
