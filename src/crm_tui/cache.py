"""The local cache: the raw answers the screens last showed, kept for the next start.

At start the screens show what the cache holds for them at once, marked with its
age, while the server is asked again; when the server cannot be reached they keep
showing it, marked offline.  What is kept is the raw JSON the server sent (read back
through the same tolerant parsing as a fresh answer), never the API key: the
request's key is not part of what is stored, and the query parameters never hold it.

One file per profile (base URL + entity, hashed into the file's name) in the XDG
cache directory (``~/.cache/crm-tui``), readable only by the user (0600 in a 0700
directory), at most :data:`MAX_BYTES` (the oldest answers go first), written to a
temporary file and moved into place, so that a crash mid-write leaves the previous
file.  A file that cannot be read, or was written by another version of the format,
or for another profile, is ignored (and replaced by the next save).

Standard library and platformdirs only, and lazy: opening a cache costs nothing until
a screen asks it for an answer, after the app's first frame.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

#: The file's layout; a file of another version is ignored.
FORMAT_VERSION = 1
#: The most a cache file holds; the oldest answers are dropped to stay under it.
MAX_BYTES = 2 * 1024 * 1024
#: The most answers a file holds (the dashboard, lists, and the last records opened).
MAX_ENTRIES = 80
FILE_SUFFIX = ".json"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/crm-tui`` (``~/.cache/crm-tui``), or the platform's equivalent."""
    from platformdirs import user_cache_path

    return user_cache_path("crm-tui")


def profile_name(base_url: str, entity_id: str) -> str:
    return f"{base_url.rstrip('/')} {entity_id}"


def cache_file(directory: Path, base_url: str, entity_id: str) -> Path:
    """The profile's file: its name is a hash, so it says nothing of the server."""
    import hashlib  # loads OpenSSL: not before the first frame

    digest = hashlib.sha256(profile_name(base_url, entity_id).encode()).hexdigest()[:32]
    return directory / f"{digest}{FILE_SUFFIX}"


@dataclass(frozen=True)
class CachedAnswer:
    body: Any
    #: When the server sent it, in seconds since the epoch.
    at: float


class ResponseCache:
    """The answers of one profile, read from its file on first use, saved on :meth:`save`.

    The file is in ``directory``, :func:`cache_dir` by default.
    """

    def __init__(
        self,
        base_url: str,
        entity_id: str,
        *,
        directory: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.profile = profile_name(base_url, entity_id)
        self._base_url, self._entity_id = base_url, entity_id
        self._directory = directory
        self._clock = clock
        self.dirty = False

    @cached_property
    def path(self) -> Path:
        directory = cache_dir() if self._directory is None else self._directory
        return cache_file(directory, self._base_url, self._entity_id)

    @cached_property
    def _answers(self) -> dict[str, CachedAnswer]:
        """Oldest first (a newer answer moves its key to the end); none from an unusable file."""
        return _read_answers(self.path, self.profile)

    def get(self, key: str) -> CachedAnswer | None:
        return self._answers.get(key)

    def remember(self, key: str, body: Any) -> None:
        """Keep ``body``, the server's answer just now to the query filed under ``key``."""
        self._answers.pop(key, None)
        self._answers[key] = CachedAnswer(body, self._clock())
        self.dirty = True

    def __len__(self) -> int:
        return len(self._answers)

    def save(self) -> None:
        """Write the newest answers that fit to the file, atomically, readable by the user only.

        Safe to run in a thread: it works on a copy of the answers taken first.
        """
        # Clean first: an answer kept while this writes marks it dirty again, to be saved next.
        self.dirty = False
        answers = list(self._answers.items())
        try:
            write_atomically(self.path, self._encode(answers))
        except BaseException:
            self.dirty = True  # not saved: the next save tries again
            raise

    def _encode(self, answers: list[tuple[str, CachedAnswer]]) -> bytes:
        head = json.dumps({"version": FORMAT_VERSION, "profile": self.profile})[:-1]
        budget = MAX_BYTES - len(head) - 32
        kept: list[str] = []
        for key, answer in reversed(answers):  # newest first, until the budget is spent
            item = f"{json.dumps(key)}: {json.dumps({'at': answer.at, 'body': answer.body})}"
            if len(item) + 2 > budget or len(kept) >= MAX_ENTRIES:
                break
            budget -= len(item) + 2
            kept.append(item)
        kept.reverse()  # oldest first again, as they are read back
        return f'{head}, "answers": {{{", ".join(kept)}}}}}'.encode()


def _read_answers(path: Path, profile: str) -> dict[str, CachedAnswer]:
    """The file's answers, or none when it is missing, broken, too big or not ours."""
    try:
        if path.stat().st_size > 2 * MAX_BYTES:
            return {}
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if data.get("version") != FORMAT_VERSION or data.get("profile") != profile:
        return {}
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return {}
    kept: dict[str, CachedAnswer] = {}
    for key, item in answers.items():
        if isinstance(item, dict) and isinstance(item.get("at"), int | float) and "body" in item:
            kept[key] = CachedAnswer(item["body"], float(item["at"]))
    return kept


def write_atomically(path: Path, content: bytes) -> None:
    """``content`` into ``path`` through a temporary file and a rename (0600, dir 0700)."""
    import tempfile  # not before the first frame either

    directory = path.parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a directory we do not own keeps its mode
        os.chmod(directory, 0o700)
    # mkstemp creates the file 0600: the answers are never readable by others, not even
    # for the moment between writing and renaming.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=FILE_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def cache_files(directory: Path) -> list[Path]:
    """The profiles' files, and any temporary file a crash left behind."""
    if not directory.is_dir():
        return []
    found = {*directory.glob(f"*{FILE_SUFFIX}"), *directory.glob(f".tmp-*{FILE_SUFFIX}")}
    return sorted(found)


def clear(directory: Path | None = None) -> int:
    """Remove every profile's cache file; how many were removed."""
    directory = cache_dir() if directory is None else directory
    removed = 0
    for path in cache_files(directory):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed
