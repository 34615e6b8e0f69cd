"""The demo app against its own OpenAPI document, with schemathesis: every check on.

Schemathesis reads ``/openapi.json`` from the app in-process and sends what it
generates from it -- valid and invalid bodies and queries, unexpected methods,
missing credentials, sequences of calls -- and checks every answer: no 5xx, the
status codes, content types, bodies and headers the document gives, invalid data
refused, valid data accepted, ``Allow`` on a 405.

In the suite the run is derandomized (a fixed seed) and small, so that it takes
the same path every time.  ``make fuzz`` runs the same test as a campaign
(``CRM_TUI_FUZZ_SECONDS``): larger runs, each with a new random seed, until the time
is up.  Run it after changing the server.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from demo_support import fixed_clock
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from crm_tui.demo import DEMO_API_KEY, DEMO_ENTITY_ID, create_app

#: Seconds of a ``make fuzz`` campaign; unset in the suite.
CAMPAIGN_SECONDS = int(os.environ.get("CRM_TUI_FUZZ_SECONDS", "0") or 0)
SUITE_SEED = 20251214
SUITE_EXAMPLES = 10
#: Examples per operation in each run of a campaign (some three minutes a run).
CAMPAIGN_EXAMPLES = 100
#: Every operation of the document.
DOCUMENTED_OPERATIONS = 28

#: Operations whose bodies name other records (``companyId``...) or follow a rule
#: across fields (a contact needs a name or an e-mail; an e-mail's channel is its
#: connection's).  A schema cannot list the ids that exist, so valid data may meet
#: 400 there, with a message naming the field; everywhere else it must not.
REFERRING_OPERATIONS = (
    "POST /api/crm/contacts",
    "PATCH /api/crm/contacts/{contactId}",
    "POST /api/crm/contacts/{contactId}/company-memberships",
    "POST /api/crm/leads",
    "PATCH /api/crm/leads/{leadId}",
    "POST /api/crm/activities",
    "POST /api/crm/outbound-email",
    "POST /api/crm/prospecting/add-to-marketing-list",
)
#: schemathesis' own list for valid data (2xx, 3xx, 401, 403, 404, 409, 429, 5xx:
#: 5xx fails its own check), and 400.
ACCEPTED_OR_REFERENCE_REFUSED = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]


def fuzz_config(seed: int, examples: int, *, deterministic: bool) -> SchemathesisConfig:
    settings: dict[str, Any] = {
        "seed": seed,
        "headers": {"Authorization": f"Bearer {DEMO_API_KEY}"},
        "parameters": {"entityId": DEMO_ENTITY_ID},
        # Hypothesis' health checks measure the machine as much as the strategies:
        # on a busy one, generating a request can be "too slow", and dates (drawn
        # over years 1-9999, kept within 1900-9999) are "filtered too much" now and then.
        "suppress-health-check": ["too_slow", "filter_too_much"],
        "generation": {
            # No example database: a run never depends on an earlier one.
            "database": "none",
            "deterministic": deterministic,
            "max-examples": examples,
        },
        "phases": {"coverage": {"generate-duplicate-query-parameters": True}},
        "cache": {"enabled": False},
        "operations": [
            {
                "include-name": name,
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ACCEPTED_OR_REFERENCE_REFUSED}
                },
            }
            for name in REFERRING_OPERATIONS
        ],
    }
    return SchemathesisConfig.from_dict(settings)


@dataclass(frozen=True)
class Finding:
    operation: str
    check: str
    title: str
    message: str
    reproduce: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.check}: {self.title}\n{self.message}\n{self.reproduce}"


@dataclass
class Outcome:
    findings: list[Finding]
    errors: list[str]
    operations: set[str]
    checks_run: int


def run(seed: int, examples: int, *, deterministic: bool) -> Outcome:
    """One schemathesis run against a new app: every phase, every operation."""
    app = create_app(now=fixed_clock)
    config = fuzz_config(seed, examples, deterministic=deterministic)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    outcome = Outcome(findings=[], errors=[], operations=set(), checks_run=0)
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            outcome.operations.add(event.recorder.label)
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    outcome.checks_run += 1
                    info = node.failure_info
                    if info is not None:
                        failure = info.failure
                        outcome.findings.append(
                            Finding(
                                event.recorder.label,
                                node.name,
                                failure.title,
                                failure.message,
                                info.code_sample,
                            )
                        )
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            outcome.errors.append(repr(event.exception))
    return outcome


@pytest.fixture
def hypothesis_home(tmp_path: Path) -> Iterator[None]:
    """Hypothesis keeps caches in ``.hypothesis`` of the working directory: not the repo's."""
    set_hypothesis_home_dir(tmp_path / "hypothesis")
    yield
    set_hypothesis_home_dir(None)


def assert_clean(outcome: Outcome, seed: int) -> None:
    distinct = list(dict.fromkeys(outcome.findings))
    report = "\n\n".join(str(finding) for finding in distinct)
    assert not distinct, f"seed {seed}: {len(distinct)} distinct failures\n\n{report}"
    assert not outcome.errors, f"seed {seed}: " + "\n".join(outcome.errors)
    # It did test: every documented operation, with thousands of checks.
    assert len(outcome.operations - {"Stateful tests"}) >= DOCUMENTED_OPERATIONS
    assert outcome.checks_run > 1000


@pytest.mark.usefixtures("hypothesis_home")
def test_schemathesis_finds_nothing() -> None:
    if not CAMPAIGN_SECONDS:
        assert_clean(run(SUITE_SEED, SUITE_EXAMPLES, deterministic=True), SUITE_SEED)
        return
    deadline = time.monotonic() + CAMPAIGN_SECONDS
    while time.monotonic() < deadline:
        seed = random.randrange(2**32)
        print(f"schemathesis run with seed {seed}, {CAMPAIGN_EXAMPLES} examples", flush=True)
        assert_clean(run(seed, CAMPAIGN_EXAMPLES, deterministic=False), seed)
