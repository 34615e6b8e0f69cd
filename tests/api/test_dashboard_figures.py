"""The cached Dashboard read without the models: the same figures as the models read,
or a refusal that leaves the body to them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from crm_tui.api import UnexpectedResponse, queries
from crm_tui.api.dashboard_figures import (
    CACHED_DASHBOARD,
    CachedActivity,
    CachedDashboard,
    figures_of,
    read_cached_dashboard,
)

#: A dashboard as the demo and the real API send it: every section, nulls, dates with
#: and without fractions and offsets, a field the models do not know.
PLAIN: dict[str, Any] = {
    "pipeline": [
        {"stage": "new", "count": 6, "value": 258500.0, "weightedValue": 21750.0},
        {"stage": "on_hold", "count": 1, "value": 500},
    ],
    "winRate": 0.25,
    "companiesByStatus": {"prospect": 15, "active": 17, "dormant": 2},
    "activitiesThisWeek": {"call": 0, "email": 2},
    "openTasks": 19,
    "overdueTasks": 7,
    "generatedAt": "2024-12-07T09:00:00Z",
    "recentActivity": [
        {
            "id": "a-1",
            "type": "email",
            "subject": "Answered SLA questions",
            "body": None,
            "companyId": "c-1",
            "companyName": "Cobalt Freight",
            "contactId": None,
            "leadId": "l-1",
            "leadTitle": "Fleet refit",
            "userName": "Dana",
            "occurredAt": "2024-12-06T15:04:05.123456Z",
            "createdAt": "2024-12-06T15:05:00+01:00",
            "dueAt": None,
        },
        {"id": "a-2", "type": "note", "subject": "", "createdAt": "2024-12-05T08:00:00"},
        {"id": "a-3"},
    ],
}


def by_models(body: Any) -> CachedDashboard:
    return figures_of(queries.dashboard().read(copy.deepcopy(body)))


@pytest.mark.parametrize(
    "body",
    [
        PLAIN,
        {},
        {"pipeline": None, "recentActivity": [], "winRate": 1},
        {"openTasks": 99, "overdueTasks": 0, "winRate": 0.5},
    ],
    ids=["every-section", "empty", "nulls-and-an-int-rate", "figures-only"],
)
def test_a_plain_dashboard_reads_as_the_models_read_it(body: dict[str, Any]) -> None:
    assert read_cached_dashboard(body) == by_models(body)


def test_the_figures_are_the_drawn_ones() -> None:
    figures = read_cached_dashboard(PLAIN)
    assert figures.pipeline is not None and figures.pipeline[1].weighted_value == 0.0
    assert figures.recent_activity is not None
    first, second, third = figures.recent_activity
    # When it happened, else when it was written down: the models' Activity.when.
    assert first.when == datetime(2024, 12, 6, 15, 4, 5, 123456, tzinfo=UTC)
    assert second.when == datetime(2024, 12, 5, 8, 0)
    assert third == CachedActivity("a-3")
    assert CACHED_DASHBOARD.key == queries.dashboard().key


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(PLAIN)
    target: Any = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("openTasks",), "19"),  # the models convert a number in a string
        (("openTasks",), True),
        (("openTasks",), 19.0),
        (("winRate",), "0.25"),
        (("win_rate",), 0.9),  # the models read snake_case names too
        (("pipeline", 0, "stage"), " new "),  # the models strip spaces
        (("pipeline", 0, "weighted_value"), 1.0),
        (("pipeline", 0), "new"),
        (("pipeline",), {"new": 1}),
        (("companiesByStatus", "active"), None),
        (("recentActivity", 0, "occurredAt"), "yesterday"),
        (("recentActivity", 0, "occurredAt"), 1733577600),
        (("recentActivity", 0, "occurredAt"), "2024-02-30T10:00:00Z"),
        (("recentActivity", 0, "dueAt"), "2024-12-06"),
        (("recentActivity", 0, "body"), 12),
        (("recentActivity", 0, "subject"), None),
        (("recentActivity", 0, "user_name"), "Eve"),
        (("recentActivity", 0, "id"), 7),
        (("data",), {"openTasks": 1}),  # an envelope, which the models unwrap
    ],
)
def test_anything_but_the_plain_shape_is_left_to_the_models(
    path: tuple[Any, ...], value: Any
) -> None:
    body = with_change(path, value)
    with pytest.raises(UnexpectedResponse):
        read_cached_dashboard(body)


@pytest.mark.parametrize("body", [None, [], "<html>", 3])
def test_a_body_that_is_no_dashboard_is_refused(body: Any) -> None:
    with pytest.raises(UnexpectedResponse):
        read_cached_dashboard(body)


def test_figures_tell_a_changed_answer_from_an_equal_one() -> None:
    shown = read_cached_dashboard(PLAIN)
    assert by_models(PLAIN) == shown
    assert by_models(with_change(("openTasks",), 20)) != shown
    assert by_models(with_change(("recentActivity", 1, "subject"), "Later")) != shown
