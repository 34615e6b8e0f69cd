"""The demo backend behind a transport that changes its answers: another server's ways.

:class:`ChangedAnswers` wraps the in-process demo: ``answer`` may answer a request
itself (a DELETE the demo refuses, an error message of our choosing); ``rewrite``
changes a JSON answer on its way back (names left out, hostile text put in).
:func:`app_on` builds the app on such a transport, as ``Workspace.for_demo`` would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from crm_tui.api import CrmClient
from crm_tui.demo import create_app
from crm_tui.demo.identity import DEMO_API_KEY, DEMO_BASE_URL, DEMO_ENTITY_ID
from crm_tui.ui.app import CrmApp
from crm_tui.workspace import Workspace

from .conftest import fixed_clock

#: Answers a request itself, or None to let the demo answer.
Answer = Callable[[httpx.Request], httpx.Response | None]
#: Changes the demo's decoded JSON answer to a request.
Rewrite = Callable[[httpx.Request, Any], Any]


class ChangedAnswers(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        answer: Answer | None = None,
        rewrite: Rewrite | None = None,
    ) -> None:
        self.inner = inner
        self.answer = answer
        self.rewrite = rewrite
        #: Every request seen, in order (tests count the reads of a record).
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answered = self.answer(request) if self.answer else None
        if answered is not None:
            return answered
        response = await self.inner.handle_async_request(request)
        if self.rewrite is None or not response.is_success:
            return response
        body = await response.aread()
        if not body:
            return response
        data = self.rewrite(request, json.loads(body))
        return httpx.Response(response.status_code, json=data, request=request)

    def paths(self, method: str = "GET") -> list[str]:
        """The paths of the requests made with ``method`` (below the API prefix)."""
        return [r.url.path for r in self.requests if r.method == method]


def demo_transport(*, size: int | None = None) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=create_app(size=size, now=fixed_clock))


def app_on(
    transport: httpx.AsyncBaseTransport, *, owners: Mapping[str, str] | None = None
) -> CrmApp:
    """The app on ``transport`` (wrapping the demo), with the tests' fixed clock."""
    client = CrmClient(
        base_url=DEMO_BASE_URL, api_key=DEMO_API_KEY, entity_id=DEMO_ENTITY_ID, transport=transport
    )
    workspace = Workspace(
        connect=lambda: client,
        server_label="DEMO",
        entity_id=DEMO_ENTITY_ID,
        is_demo=True,
        owners=dict(owners or {}),
        clock=fixed_clock,
    )
    return CrmApp(workspace)
