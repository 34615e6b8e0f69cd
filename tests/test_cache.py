"""The local cache: round trip, permissions, size bound, atomic writes, unusable files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from crm_tui import cache as cache_module
from crm_tui.cache import FORMAT_VERSION, ResponseCache, cache_file, clear

BASE = "https://crm.example.test"
ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"
DASHBOARD = {"openTasks": 3, "winRate": 0.5, "pipeline": [{"stage": "new", "count": 2}]}


def opened(directory: Path, *, now: float = 1_000.0) -> ResponseCache:
    return ResponseCache(BASE, ENTITY, directory=directory, clock=lambda: now)


def test_answers_come_back_as_they_were_sent(tmp_path: Path) -> None:
    first = opened(tmp_path, now=1_234.5)
    first.remember("/dashboard", DASHBOARD)
    first.save()
    again = opened(tmp_path).get("/dashboard")
    assert again is not None
    assert again.body == DASHBOARD
    assert again.at == 1_234.5


def test_each_profile_has_its_own_file(tmp_path: Path) -> None:
    ours = opened(tmp_path)
    ours.remember("/dashboard", DASHBOARD)
    ours.save()
    other = ResponseCache(BASE, "00000000-0000-4000-8000-000000000000", directory=tmp_path)
    assert other.get("/dashboard") is None
    assert other.path != ours.path
    # The file's name says nothing of the server.
    assert "example" not in ours.path.name


def test_the_file_is_readable_by_the_user_only(tmp_path: Path) -> None:
    directory = tmp_path / "cache" / "crm-tui"
    saved = opened(directory)
    saved.remember("/dashboard", DASHBOARD)
    saved.save()
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_a_directory_left_open_is_closed_again(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    saved = opened(tmp_path)
    saved.remember("/dashboard", DASHBOARD)
    saved.save()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"version": 1, "profile": "x", "answers": []}',
        b"\xff\xfe garbage",
        b"",
    ],
    ids=["truncated", "not-an-object", "answers-not-a-table", "binary", "empty"],
)
def test_a_broken_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = cache_file(tmp_path, BASE, ENTITY)
    path.write_bytes(content)
    broken = opened(tmp_path)
    assert len(broken) == 0
    broken.remember("/dashboard", DASHBOARD)
    broken.save()
    assert opened(tmp_path).get("/dashboard") is not None


def file_text(version: int, answers: dict[str, tuple[float, object]]) -> str:
    """A cache file as the format says: whose it is, then a line per answer."""
    head = json.dumps({"version": version, "profile": cache_module.profile_name(BASE, ENTITY)})
    lines = [f"{json.dumps([key, at])}\t{json.dumps(body)}" for key, (at, body) in answers.items()]
    return "\n".join([head, *lines])


def test_a_file_of_another_version_is_ignored(tmp_path: Path) -> None:
    path = cache_file(tmp_path, BASE, ENTITY)
    answers = {"/dashboard": (1.0, DASHBOARD)}
    path.write_text(file_text(FORMAT_VERSION + 1, answers))
    assert opened(tmp_path).get("/dashboard") is None
    path.write_text(file_text(FORMAT_VERSION, answers))
    assert opened(tmp_path).get("/dashboard") is not None


def test_a_file_of_the_first_version_is_ignored(tmp_path: Path) -> None:
    """Version 1 was one JSON document: it is read as a header of another version."""
    path = cache_file(tmp_path, BASE, ENTITY)
    profile = cache_module.profile_name(BASE, ENTITY)
    answers = {"/dashboard": {"at": 1.0, "body": DASHBOARD}}
    path.write_text(json.dumps({"version": 1, "profile": profile, "answers": answers}))
    assert len(opened(tmp_path)) == 0


def test_a_body_is_decoded_only_when_asked_for_and_saved_as_it_was_read(tmp_path: Path) -> None:
    path = cache_file(tmp_path, BASE, ENTITY)
    leads = [{"id": f"l-{n}", "title": f"Lead {n}"} for n in range(3)]
    path.write_text(file_text(FORMAT_VERSION, {"/leads": (5.0, leads), "/dashboard": (6.0, {})}))
    kept = opened(tmp_path)
    answer = kept.get("/leads")
    assert answer is not None and answer.size == len(json.dumps(leads))  # not decoded yet
    assert answer.body == leads and answer.size == 0 and answer.at == 5.0
    kept.remember("/tasks", [])
    kept.save()
    assert path.read_text().split("\n")[1:] == [
        f'["/leads", 5.0]\t{json.dumps(leads)}',
        '["/dashboard", 6.0]\t{}',
        '["/tasks", 1000.0]\t[]',
    ]


def test_a_broken_line_or_body_loses_that_answer_only(tmp_path: Path) -> None:
    path = cache_file(tmp_path, BASE, ENTITY)
    good = file_text(FORMAT_VERSION, {"/dashboard": (1.0, DASHBOARD)})
    path.write_text(good + '\nnot a line\n["/leads", "noon"]\t[]\n["/tasks", 2.0]\t[{"id"')
    kept = opened(tmp_path)
    assert kept.get("/dashboard").body == DASHBOARD  # type: ignore[union-attr]
    assert kept.get("/leads") is None
    broken = kept.get("/tasks")
    assert broken is not None
    with pytest.raises(ValueError):
        broken.body  # noqa: B018 (the body is decoded when read)


def test_an_answer_larger_than_the_whole_file_is_left_out_and_the_others_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_BYTES", 4_000)
    cache = opened(tmp_path)
    cache.remember("/dashboard", DASHBOARD)
    cache.remember("/activities", [{"subject": "x" * 5_000}])
    cache.save()
    kept = opened(tmp_path)
    assert kept.get("/activities") is None
    assert kept.get("/dashboard") is not None


def test_a_crash_while_writing_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = opened(tmp_path)
    saved.remember("/dashboard", DASHBOARD)
    saved.save()

    def crash(source: str, target: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(cache_module.os, "replace", crash)
    saved.remember("/dashboard", {"openTasks": 99})
    with pytest.raises(OSError):
        saved.save()
    monkeypatch.undo()
    assert opened(tmp_path).get("/dashboard").body == DASHBOARD  # type: ignore[union-attr]
    assert [p.name for p in tmp_path.iterdir()] == [saved.path.name]  # no temporary left


def test_the_file_stays_under_its_size_and_drops_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_BYTES", 4_000)
    big = opened(tmp_path)
    for n in range(20):
        big.remember(f"/companies/{n}", {"name": "x" * 400, "n": n})
    big.save()
    assert big.path.stat().st_size <= 4_000
    kept = opened(tmp_path)
    assert kept.get("/companies/19") is not None  # the newest stay
    assert kept.get("/companies/0") is None  # the oldest went


def test_the_number_of_answers_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 5)
    many = opened(tmp_path)
    for n in range(12):
        many.remember(f"/leads/{n}", {"n": n})
    many.save()
    kept = opened(tmp_path)
    assert len(kept) == 5
    assert kept.get("/leads/11") is not None


def test_clear_removes_every_profile(tmp_path: Path) -> None:
    for entity in (ENTITY, "00000000-0000-4000-8000-000000000000"):
        one = ResponseCache(BASE, entity, directory=tmp_path)
        one.remember("/dashboard", DASHBOARD)
        one.save()
    (tmp_path / ".tmp-left-by-a-crash.json").write_text("{")
    assert clear(tmp_path) == 3
    assert list(tmp_path.iterdir()) == []
    assert clear(tmp_path / "never-made") == 0


def test_the_file_is_written_with_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renames: list[tuple[str, str]] = []
    real = os.replace

    def spying(source: str, target: str) -> None:
        renames.append((os.path.basename(source), os.path.basename(target)))
        real(source, target)

    monkeypatch.setattr(cache_module.os, "replace", spying)
    saved = opened(tmp_path)
    saved.remember("/dashboard", DASHBOARD)
    saved.save()
    assert len(renames) == 1 and renames[0][1] == saved.path.name
    assert renames[0][0].startswith(".tmp-")
