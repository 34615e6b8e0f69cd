"""Exporting companies: memory stays flat as the number of companies grows.

Exports 10,000 and 100,000 demo companies (in-process demo backend) to JSON Lines in a
temporary directory and prints the traced peak memory of the export itself (the
demo's seeding is not counted) and its rate.  Goal: the peak at 100,000 companies is
within 2x the peak at 10,000 (records are written as pages arrive, never held).
Figures are printed; nothing fails on them.  It takes minutes: the demo pages with
OFFSET, so its deep pages get slower (the rate printed is mostly the server's).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tracemalloc
from pathlib import Path

from crm_tui.export import Fetch, RecordWriter, target_file, write_all
from crm_tui.workspace import Workspace

SIZES = (10_000, 100_000)
GOAL_RATIO = 2.0


async def _export(workspace: Workspace, path: Path) -> tuple[int, float, float]:
    async with workspace.client as client:
        # The demo seeds in a thread on its first request: done before tracing starts.
        await client.list_companies(page=1, page_size=1)
        tracemalloc.start()
        started = time.perf_counter()
        with target_file(path) as out:
            count = await write_all(
                Fetch(client, "companies"), RecordWriter(out, "companies", "jsonl")
            )
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return count, peak / 1e6, elapsed


def run() -> None:
    peaks = []
    with tempfile.TemporaryDirectory() as directory:
        for size in SIZES:
            workspace = Workspace.for_demo(size=size)
            count, peak, elapsed = asyncio.run(
                _export(workspace, Path(directory) / f"{size}.jsonl")
            )
            peaks.append(peak)
            print(
                f"{count:>7,} companies: peak {peak:5.1f} MB traced, "
                f"{count / elapsed:,.0f} companies/s"
            )
    ratio = peaks[-1] / peaks[0]
    verdict = "meets" if ratio <= GOAL_RATIO else "misses"
    print(
        f"peak at {SIZES[-1]:,} / peak at {SIZES[0]:,}: {ratio:.2f}x "
        f"(goal <= {GOAL_RATIO}x: {verdict})"
    )
