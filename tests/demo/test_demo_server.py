"""``crm-tui demo-server``: refusals are one line on stderr and exit status 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from demo_support import AUTH, ENTITY, error_of, fixed_clock, raw_client

from crm_tui.demo import DEMO_API_KEY, DEMO_ENTITY_ID, create_app, server
from crm_tui.demo.server import API_KEY_VARIABLE, banner, main, serve


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


def test_busy_port_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve("127.0.0.1", port, None, None) == 2
    line = one_error_line(capsys)
    assert f"port {port}" in line and "in use" in line


@pytest.mark.parametrize("size", [0, -3])
def test_size_below_one_is_exit_2(capsys: pytest.CaptureFixture[str], size: int) -> None:
    assert serve("127.0.0.1", 0, size, None) == 2
    assert "--size" in one_error_line(capsys)


@pytest.mark.parametrize("size", ["abc", "1.5", "0"])
def test_bad_size_flag_is_exit_2(capsys: pytest.CaptureFixture[str], size: str) -> None:
    assert main(["--size", size]) == 2
    line = one_error_line(capsys)
    assert "--size must be a whole number of at least 1" in line and size in line


def test_missing_directory_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "no-such-dir" / "demo.db"
    assert main(["--db", str(path), "--port", "0"]) == 2
    assert str(path) in one_error_line(capsys)


def test_directory_as_database_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert serve("127.0.0.1", 0, None, str(tmp_path)) == 2
    assert "cannot open database file" in one_error_line(capsys)


def test_database_of_another_kind_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 200)
    assert serve("127.0.0.1", 0, None, str(path)) == 2
    assert "not a usable SQLite database" in one_error_line(capsys)


def test_port_out_of_range_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve("127.0.0.1", 70000, None, None) == 2
    assert "--port" in one_error_line(capsys)


def test_banner_tells_how_to_connect() -> None:
    text = banner("http://127.0.0.1:8765")
    assert "http://127.0.0.1:8765/api/crm" in text
    assert DEMO_API_KEY in text and DEMO_ENTITY_ID in text
    assert f"export AXIOMATIC_API_KEY={DEMO_API_KEY}" in text
    # The key reaches curl through its input, never on a command line that ps shows.
    curl = next(line for line in text.splitlines() if "curl " in line)
    assert DEMO_API_KEY not in curl and "curl -H @-" in curl


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Stand in for uvicorn: record what the server would have started with."""
    runs: list[dict[str, object]] = []

    def run(
        sock: socket.socket, size: object, db_path: object, api_key: object, **_: object
    ) -> int:
        runs.append({"address": sock.getsockname()[0], "api_key": api_key})
        return 0

    monkeypatch.setattr(server, "_run", run)
    return runs


def test_listening_beyond_loopback_warns(
    capsys: pytest.CaptureFixture[str], started: list[dict[str, object]]
) -> None:
    assert serve("0.0.0.0", 0, None, None) == 0
    err = capsys.readouterr().err
    assert "anyone who can reach this port" in err and DEMO_API_KEY in err
    assert API_KEY_VARIABLE in err  # how to do better


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_quiet(
    capsys: pytest.CaptureFixture[str], started: list[dict[str, object]], host: str
) -> None:
    assert serve(host, 0, None, None) == 0
    assert capsys.readouterr().err == ""


def test_api_key_flag_sets_the_key_and_warns_that_ps_shows_it(
    capsys: pytest.CaptureFixture[str],
    started: list[dict[str, object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(API_KEY_VARIABLE, raising=False)
    assert main(["--port", "0", "--api-key", "ak_mine_123"]) == 0
    assert started[-1]["api_key"] == "ak_mine_123"
    err = capsys.readouterr().err
    assert "visible" in err and "ps" in err and API_KEY_VARIABLE in err
    assert "ak_mine_123" not in err


def test_api_key_from_the_environment_is_quiet_and_not_printed(
    capsys: pytest.CaptureFixture[str],
    started: list[dict[str, object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(API_KEY_VARIABLE, "ak_secret_456")
    assert main(["--port", "0", "--host", "0.0.0.0"]) == 0
    assert started[-1]["api_key"] == "ak_secret_456"
    err = capsys.readouterr().err
    assert "the API key you set" in err and "ak_secret_456" not in err
    assert DEMO_API_KEY not in err


def test_banner_with_a_key_of_ones_own_does_not_print_it() -> None:
    text = banner("http://127.0.0.1:8765", own_key=True)
    assert DEMO_API_KEY not in text and "<your key>" in text


@pytest.mark.parametrize("key", ["", "has space", "ключ"])
def test_unusable_api_key_is_exit_2(capsys: pytest.CaptureFixture[str], key: str) -> None:
    assert serve("127.0.0.1", 0, None, None, api_key=key) == 2
    assert "API key" in one_error_line(capsys)


async def test_a_key_of_ones_own_replaces_the_demo_key() -> None:
    app = create_app(now=fixed_clock, api_key="ak_mine_789")
    async with raw_client(app) as client:
        url = "/api/crm/companies"
        demo = await client.get(url, params=ENTITY, headers=AUTH)
        mine = await client.get(url, params=ENTITY, headers={"Authorization": "Bearer ak_mine_789"})
    assert error_of(demo, 401) == "Unknown API key"
    assert mine.status_code == 200
