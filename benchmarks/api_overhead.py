"""What our API layer costs over bare httpx, against the in-process demo backend.

Each operation is done with :class:`CrmClient` and with a bare ``httpx.AsyncClient``
plus ``json.loads`` on the same ``ASGITransport``, in the same run, interleaved (the
order flips every iteration) after a warm-up.  The goal: our layer costs at most
10% over bare httpx at the median.  The figures are printed; nothing fails on time.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from crm_tui.api import CrmClient
from crm_tui.api.models import CLOSED_STAGES

from .figures import percentile

GOAL_PERCENT = 10.0
ITERATIONS = 300
WARMUP = 30
PAGE_SIZE = 25
#: Two open stages a lead is moved between, back and forth.
STAGES = ("contacted", "qualified")

Call = Callable[[int], Awaitable[Any]]


@dataclass
class Row:
    name: str
    ours: list[float]
    bare: list[float]


async def measure(name: str, ours: Call, bare: Call, iterations: int, warmup: int) -> Row:
    for i in range(warmup):
        await ours(i)
        await bare(i)
    row = Row(name, [], [])
    clock = time.perf_counter
    for i in range(iterations):
        pair = ((ours, row.ours), (bare, row.bare))
        for call, samples in pair if i % 2 == 0 else reversed(pair):
            started = clock()
            await call(i)
            samples.append(clock() - started)
    return row


async def bench(iterations: int, warmup: int) -> list[Row]:
    from crm_tui.demo import identity
    from crm_tui.demo.app import create_app

    fixed = datetime(2025, 6, 5, 14, 0, tzinfo=UTC)
    app = create_app(now=lambda: fixed)
    transport = httpx.ASGITransport(app=app)
    entity = {"entityId": identity.DEMO_ENTITY_ID}
    client = CrmClient(
        base_url=identity.DEMO_BASE_URL,
        api_key=identity.DEMO_API_KEY,
        entity_id=identity.DEMO_ENTITY_ID,
        transport=transport,
    )
    bare = httpx.AsyncClient(
        transport=transport,
        base_url=identity.DEMO_BASE_URL + identity.API_PREFIX,
        headers={
            "Authorization": f"Bearer {identity.DEMO_API_KEY}",
            "Accept": "application/json",
        },
    )
    async with client, bare:
        open_leads = [lead for lead in await client.list_leads() if lead.stage not in CLOSED_STAGES]
        if len(open_leads) < 2:
            raise RuntimeError("the demo needs two open leads for this benchmark")
        # Each side moves its own lead, so that every move really changes the stage.
        our_lead, bare_lead = open_leads[0].id, open_leads[1].id

        async def our_list(i: int) -> Any:
            return await client.list_companies(page=1, page_size=PAGE_SIZE)

        async def bare_list(i: int) -> Any:
            params = {**entity, "page": 1, "pageSize": PAGE_SIZE}
            response = await bare.get("/companies", params=params)
            return json.loads(response.content)

        async def our_get(i: int) -> Any:
            return await client.get_lead(our_lead)

        async def bare_get(i: int) -> Any:
            response = await bare.get(f"/leads/{bare_lead}", params=entity)
            return json.loads(response.content)

        async def our_move(i: int) -> Any:
            return await client.move_lead_stage(our_lead, STAGES[i % 2])

        async def bare_move(i: int) -> Any:
            response = await bare.patch(
                f"/leads/{bare_lead}/stage", params=entity, json={"stage": STAGES[i % 2]}
            )
            return json.loads(response.content)

        cases: list[tuple[str, Call, Call]] = [
            (f"list companies (page of {PAGE_SIZE})", our_list, bare_list),
            ("get lead", our_get, bare_get),
            ("move lead stage", our_move, bare_move),
        ]
        return [
            await measure(name, ours, theirs, iterations, warmup) for name, ours, theirs in cases
        ]


def report(rows: list[Row], iterations: int) -> None:
    ms = 1000.0
    head = (
        f"{'operation':<32} {'crm p50':>9} {'bare p50':>9} {'crm p95':>9} {'bare p95':>9}"
        f" {'over p50':>9} {'over p95':>9}  goal<={GOAL_PERCENT:.0f}%"
    )
    print(f"{iterations} iterations each, interleaved; times in ms")
    print(head)
    print("-" * len(head))
    for row in rows:
        ours50, bare50 = percentile(row.ours, 0.50), percentile(row.bare, 0.50)
        ours95, bare95 = percentile(row.ours, 0.95), percentile(row.bare, 0.95)
        over50 = (ours50 - bare50) / bare50 * 100
        over95 = (ours95 - bare95) / bare95 * 100
        verdict = "OK" if over50 <= GOAL_PERCENT else "OVER"
        print(
            f"{row.name:<32} {ours50 * ms:>9.3f} {bare50 * ms:>9.3f} {ours95 * ms:>9.3f}"
            f" {bare95 * ms:>9.3f} {over50:>+8.1f}% {over95:>+8.1f}%  {verdict}"
        )
    print("(the verdict is on the median; the p95 overhead is shown for context)")


def run(iterations: int = ITERATIONS, warmup: int = WARMUP) -> None:
    rows = asyncio.run(bench(iterations, warmup))
    report(rows, iterations)


if __name__ == "__main__":
    run()
