"""`crm-tui export` and the export module, against the demo backend in-process."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from crm_tui import export_cli
from crm_tui.api import CrmClient, ServerError
from crm_tui.cli import main
from crm_tui.demo.identity import DEMO_API_KEY, DEMO_ENTITY_ID
from crm_tui.export import (
    KINDS,
    Fetch,
    RecordWriter,
    TargetExists,
    default_file_name,
    target_file,
    write_all,
)
from crm_tui.workspace import Workspace

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def demo_workspace(size: int | None = None) -> Workspace:
    """Every call seeds the same data: the export's server and the test's agree."""
    return Workspace.for_demo(size=size, clock=lambda: NOW)


@pytest.fixture
def exported_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Workspace]]:
    """`crm-tui export --demo` runs on a fixed-clock demo; the list holds the ones used."""
    used: list[Workspace] = []

    def open_demo(args: Any, loaded: Any) -> Workspace:
        workspace = demo_workspace(args.demo_size)
        used.append(workspace)
        return workspace

    monkeypatch.setattr(export_cli, "open_workspace", open_demo)
    for name in list(os.environ):
        if name.startswith("AXIOMATIC_") or name == "CRM_TUI_CONFIG":
            monkeypatch.delenv(name)
    yield used


async def server_records(kind: str, **filters: str) -> list[Any]:
    workspace = demo_workspace()
    async with workspace.client as client:
        return [record async for record in Fetch(client, kind, filters)]


def server_ids(kind: str, **filters: str) -> list[str]:
    return [record.id for record in asyncio.run(server_records(kind, **filters))]


def read(path: Path, fmt: str) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    if fmt == "json":
        data = json.loads(text)
        assert isinstance(data, list)
        return data
    return [json.loads(line) for line in text.splitlines()]


# ------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("kind", ["companies", "contacts", "leads", "activities", "tasks"])
def test_every_kind_round_trips_with_the_servers_count(
    kind: str, fmt: str, tmp_path: Path, exported_from: list[Workspace]
) -> None:
    target = tmp_path / f"out.{fmt}"
    assert main(["export", kind, "--demo", "-o", str(target)]) == 0
    rows = read(target, fmt)
    expected = server_ids(kind)
    assert len(rows) == len(expected) > 0
    assert [row["id"] for row in rows] == expected
    if fmt == "csv":
        assert list(rows[0]) == list(KINDS[kind].columns)
    else:
        # The records as the API gave them: camelCase keys, nothing renamed.
        assert all("_" not in key for row in rows for key in row)


def test_the_server_total_is_every_page_of_companies(
    tmp_path: Path, exported_from: list[Workspace]
) -> None:
    target = tmp_path / "companies.csv"
    assert main(["export", "companies", "--demo", "--demo-size", "450", "-o", str(target)]) == 0
    page = asyncio.run(_first_page(demo_workspace(450)))
    assert page.total == 450
    assert len(read(target, "csv")) == 450  # more than two pages of 200


async def _first_page(workspace: Workspace) -> Any:
    async with workspace.client as client:
        return await client.list_companies(page_size=1)


def test_json_keeps_fields_the_models_do_not_know(tmp_path: Path) -> None:
    out = io.StringIO()
    writer = RecordWriter(out, "tasks", "json")
    writer.write({"id": "t1", "title": "Call", "sprintId": 7})
    writer.close()
    assert json.loads(out.getvalue()) == [{"id": "t1", "title": "Call", "sprintId": 7}]


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_quoted(hostile: str) -> None:
    out = io.StringIO()
    writer = RecordWriter(out, "companies", "csv")
    writer.write({"id": "c1", "name": hostile, "domain": "=cmd()"})
    writer.close()
    (row,) = read_text(out.getvalue(), "csv")
    assert row["name"] == "'" + hostile
    assert row["domain"] == "'=cmd()"
    assert row["id"] == "c1"  # an ordinary cell is left as it is


def test_csv_keeps_numbers_and_inner_signs_as_they_are() -> None:
    out = io.StringIO()
    writer = RecordWriter(out, "leads", "csv")
    writer.write({"id": "l1", "title": "a=b -c", "value": -1250.5, "currency": "-12.5"})
    writer.close()
    (row,) = read_text(out.getvalue(), "csv")
    assert (row["title"], row["value"], row["currency"]) == ("a=b -c", "-1250.5", "-12.5")


def test_json_and_json_lines_keep_formula_like_text_as_sent() -> None:
    for fmt in ("json", "jsonl"):
        out = io.StringIO()
        writer = RecordWriter(out, "tasks", fmt)
        writer.write({"id": "t1", "title": "=1+1"})
        writer.close()
        assert read_text(out.getvalue(), fmt) == [{"id": "t1", "title": "=1+1"}]


def test_an_empty_export_is_still_a_valid_document() -> None:
    for fmt, expected in (("json", []), ("jsonl", []), ("csv", [])):
        out = io.StringIO()
        RecordWriter(out, "leads", fmt).close()
        assert read_text(out.getvalue(), fmt) == expected


def read_text(text: str, fmt: str) -> list[Any]:
    if fmt == "json":
        return list(json.loads(text))
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    return [json.loads(line) for line in text.splitlines()]


# ----------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("kind", "flags", "filters"),
    [
        ("companies", ["--status", "active", "--q", "a"], {"status": "active", "q": "a"}),
        ("companies", ["--owner", "unassigned"], {"owner_user_id": "unassigned"}),
        ("tasks", ["--status", "done"], {"status": "done"}),
    ],
)
def test_filters_reach_the_server(
    kind: str,
    flags: list[str],
    filters: dict[str, str],
    tmp_path: Path,
    exported_from: list[Workspace],
) -> None:
    target = tmp_path / "out.jsonl"
    assert main(["export", kind, "--demo", *flags, "-o", str(target)]) == 0
    rows = read(target, "jsonl")
    assert [row["id"] for row in rows] == server_ids(kind, **filters)
    assert 0 < len(rows) < len(server_ids(kind))
    if "status" in filters:
        assert {row["status"] for row in rows} == {filters["status"]}


@pytest.mark.parametrize(
    ("kind", "flag", "field"),
    [
        ("contacts", "--company", "companyId"),
        ("leads", "--company", "companyId"),
        ("leads", "--contact", "contactId"),
        ("activities", "--company", "companyId"),
        ("activities", "--contact", "contactId"),
        ("tasks", "--project", "projectId"),
    ],
)
def test_linked_record_filters(
    kind: str, flag: str, field: str, tmp_path: Path, exported_from: list[Workspace]
) -> None:
    everything = asyncio.run(server_records(kind))
    key = {"companyId": "company_id", "contactId": "contact_id", "projectId": "project_id"}[field]
    linked = next(getattr(r, key) for r in everything if getattr(r, key))
    target = tmp_path / "out.json"
    assert main(["export", kind, "--demo", flag, linked, "-o", str(target)]) == 0
    rows = read(target, "json")
    assert [row["id"] for row in rows] == server_ids(kind, **{key: linked})
    assert 0 < len(rows) < len(everything)


def test_without_output_the_records_go_to_stdout(
    exported_from: list[Workspace], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "tasks", "--demo", "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert len(rows) == len(server_ids("tasks"))
    assert captured.err == ""  # stderr is no terminal here: no progress, no chatter


def test_the_format_follows_the_file_extension(
    tmp_path: Path, exported_from: list[Workspace]
) -> None:
    target = tmp_path / "tasks.json"
    assert main(["export", "tasks", "--demo", "-o", str(target)]) == 0
    assert isinstance(json.loads(target.read_text()), list)


def test_progress_is_shown_on_a_terminal(
    tmp_path: Path,
    exported_from: list[Workspace],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["export", "companies", "--demo", "-o", str(tmp_path / "c.csv")]) == 0
    err = capsys.readouterr().err
    assert "\rcompanies: 40 of 40" in err
    assert "wrote 40 companies to" in err


def test_an_unknown_status_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "tasks", "--demo", "--status", "someday"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'someday'" in capsys.readouterr().err


# --------------------------------------------------------------- files and errors


def test_an_existing_file_is_not_replaced_without_force(
    tmp_path: Path, exported_from: list[Workspace], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tasks.csv"
    target.write_text("precious\n")
    assert main(["export", "tasks", "--demo", "-o", str(target)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert target.read_text() == "precious\n"
    assert exported_from == []  # refused before connecting
    assert main(["export", "tasks", "--demo", "-o", str(target), "--force"]) == 0
    assert len(read(target, "csv")) == len(server_ids("tasks"))


def test_target_file_refuses_a_file_that_appeared_while_writing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(TargetExists), target_file(target) as out:
        out.write("new")
        target.write_text("someone else's")
    assert target.read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def fail_on_page(workspace: Workspace, failing_page: int) -> None:
    client = workspace.client
    real = client.list_companies

    async def failing(**kwargs: Any) -> Any:
        if kwargs.get("page") == failing_page:
            raise ServerError("The server failed (500)", status=500)
        return await real(**kwargs)

    client.list_companies = failing  # type: ignore[method-assign]


def test_an_api_error_mid_export_leaves_no_half_written_file(
    tmp_path: Path,
    exported_from: list[Workspace],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def open_failing(args: Any, loaded: Any) -> Workspace:
        workspace = demo_workspace(args.demo_size)
        fail_on_page(workspace, 2)
        return workspace

    monkeypatch.setattr(export_cli, "open_workspace", open_failing)
    target = tmp_path / "companies.csv"
    old = tmp_path / "old.csv"
    old.write_text("kept\n")
    for path, force in ((target, []), (old, ["--force"])):
        argv = ["export", "companies", "--demo", "--demo-size", "500", "-o", str(path), *force]
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("crm-tui: export failed: Server error")
        assert "Traceback" not in err
        assert DEMO_API_KEY not in err
    assert not target.exists()
    assert old.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]  # no temporary left


def test_no_textual_is_imported_by_an_export(tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    code = (
        "import sys\n"
        "from crm_tui.cli import main\n"
        f"assert main(['export', 'tasks', '--demo', '-o', {str(target)!r}]) == 0\n"
        f"assert main(['export', 'tasks', '--demo', '-o', {str(target)!r}]) == 2\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert target.exists()


#: A server of 20,000 companies that makes each page as it is asked for: what is
#: measured is the export's memory, not a database's (the demo's contract is tested
#: in tests/demo; the export against the demo, above).
LARGE = 20_000


def companies_page(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params["page"])
    size = int(request.url.params.get("pageSize", "25"))
    first = (page - 1) * size
    items = [
        {
            "id": f"00000000-0000-4000-8000-{number:012d}",
            "name": f"Company {number}",
            "domain": f"company-{number}.example",
            "status": "prospect",
            "industry": "Software",
            "city": "Lyon",
        }
        for number in range(first, min(first + size, LARGE))
    ]
    return httpx.Response(
        200, json={"items": items, "total": LARGE, "page": page, "pageSize": size}
    )


def test_a_large_export_streams_in_flat_memory(tmp_path: Path) -> None:
    """20,000 companies: the records are written as pages come, never held all at once
    (holding them would take over 30 MB; streaming peaks near 3 MB)."""
    target = tmp_path / "companies.jsonl"

    async def export() -> int:
        async with CrmClient(
            base_url="https://crm.example",
            api_key=DEMO_API_KEY,
            entity_id=DEMO_ENTITY_ID,
            transport=httpx.MockTransport(companies_page),
        ) as client:
            tracemalloc.start()
            try:
                with target_file(target) as out:
                    writer = RecordWriter(out, "companies", "jsonl")
                    return await write_all(Fetch(client, "companies"), writer)
            finally:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB"

    assert asyncio.run(export()) == LARGE
    with target.open(encoding="utf-8") as lines:
        ids = {json.loads(line)["id"] for line in lines}
    assert len(ids) == LARGE


def test_default_file_names_hold_the_view_and_the_day() -> None:
    day = NOW.date()
    assert default_file_name("companies", "csv", day) == "companies-2026-11-25.csv"
    assert default_file_name("Acme / Leads", "json", day) == "acme-leads-2026-11-25.json"
