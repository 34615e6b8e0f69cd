"""``crm-tui demo-server``: refusals are one line on stderr and exit status 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from crm_tui.demo import DEMO_API_KEY, DEMO_ENTITY_ID
from crm_tui.demo.server import banner, main, serve


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
    assert f"curl -H 'Authorization: Bearer {DEMO_API_KEY}'" in text
