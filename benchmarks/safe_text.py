"""What making server text safe costs on a large answer: 60,000 records.

Every JSON answer the client decodes is checked for characters that could act on a
terminal (:func:`crm_tui.api.safe_text.clean_json`).  An ordinary answer costs one
compiled pattern over the raw body; only a body that holds such a character is
walked.  The goal: on an ordinary answer, the check adds at most 5% to
``json.loads`` alone (median).  The walk's cost, for an answer that needs it, is
printed for context.  Nothing fails on time.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from crm_tui.api.safe_text import clean_json

RECORDS = 60_000
RUNS = 7
GOAL_PERCENT = 5.0


def body(records: int, *, hostile: bool, plain: bool = False) -> bytes:
    """A bare array of contact-like records, as a server would send it.

    The records hold what makes the check look twice (a newline, written ``\\n``;
    typographic quotes, whose UTF-8 starts as a bidi control's does) unless ``plain``.
    """
    items = [
        {
            "id": f"c0ffee00-0000-4000-8000-{index:012d}",
            "firstName": "Zoë",
            "lastName": f"Ångström {index}",
            "email": f"person{index}@example.com",
            "phone": "+46 8 422 8957",
            "title": "Head of “Things”",
            "companyId": "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60",
            "companyName": "Kelp & Co [Nordic]",
            "notes": "Met at the fair.\nFollow up in March.",
            "createdAt": "2025-03-14T10:30:00Z",
        }
        for index in range(records)
    ]
    if plain:
        for item in items:
            item.update(title="Head of Things", notes="Met at the fair.")
    if hostile:
        items[-1]["notes"] = "\x1b]0;pwned\x07"
    return json.dumps(items, ensure_ascii=False).encode()


def medians(*works: Callable[[], Any]) -> list[float]:
    """Median seconds of each of ``works``, run in turn (interleaved: same machine load)."""
    samples: list[list[float]] = [[] for _ in works]
    for _ in range(RUNS):
        for work, times in zip(works, samples, strict=True):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    return [statistics.median(times) for times in samples]


def run() -> None:
    ordinary, hostile = body(RECORDS, hostile=False), body(RECORDS, hostile=True)
    plain = body(RECORDS, hostile=False, plain=True)
    bare, checked, plain_bare, plain_checked, walked = medians(
        lambda: json.loads(ordinary),
        lambda: clean_json(ordinary, json.loads(ordinary)),
        lambda: json.loads(plain),
        lambda: clean_json(plain, json.loads(plain)),
        lambda: clean_json(hostile, json.loads(hostile)),
    )
    over = (checked - bare) / bare * 100
    plain_over = (plain_checked - plain_bare) / plain_bare * 100
    verdict = "OK" if over <= GOAL_PERCENT else "OVER"
    ms = 1000.0
    print(f"{RECORDS:,} records, {len(ordinary) / 1e6:.1f} MB, median of {RUNS} runs")
    print(f"json.loads alone                 {bare * ms:8.1f} ms")
    print(
        f"+ safety check (ordinary answer) {checked * ms:8.1f} ms  {over:+.1f}%"
        f"  goal<={GOAL_PERCENT:.0f}%  {verdict}"
    )
    print(
        f"+ safety check (plain answer)    {plain_checked * ms:8.1f} ms  {plain_over:+.1f}%"
        f"  (json.loads alone {plain_bare * ms:.1f} ms; no newline, no typographic quote)"
    )
    print(f"+ walk (one hostile string)      {walked * ms:8.1f} ms  (context)")


if __name__ == "__main__":
    run()
