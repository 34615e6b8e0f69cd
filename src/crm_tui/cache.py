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

The file is a line of JSON saying whose it is, then a line per answer, oldest first:
``["/dashboard", 1733577600.0]``, a tab, and the body's JSON.  Reading the file
splits it into lines; a body is decoded only when a screen asks for it, so the
Dashboard's few hundred bytes at start do not wait for a board of 2,000 leads
(:attr:`CachedAnswer.size` tells the caller when decoding is work for a thread).

Standard library and platformdirs only, and lazy: opening a cache costs nothing until
a screen asks it for an answer, after the app's first frame.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

#: The file's layout; a file of another version is ignored.
FORMAT_VERSION = 2
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


class CachedAnswer:
    """A kept answer and when the server sent it; read from the file, its body is
    decoded from JSON the first time it is asked for (:attr:`body`)."""

    __slots__ = ("_body", "_text", "at")

    def __init__(self, body: Any, at: float, *, text: str | None = None) -> None:
        self._body = body
        #: The body's JSON while it is not decoded yet.
        self._text = text
        #: When the server sent it, in seconds since the epoch.
        self.at = at

    @classmethod
    def encoded(cls, text: str, at: float) -> CachedAnswer:
        """An answer as the file holds it: its body's JSON, decoded on first use."""
        return cls(None, at, text=text)

    @property
    def size(self) -> int:
        """Characters of JSON still to decode: 0 once the body is decoded."""
        text = self._text
        return 0 if text is None else len(text)

    @property
    def body(self) -> Any:
        """The body; raises ``ValueError`` when the file's JSON for it is broken."""
        text = self._text
        if text is not None:
            self._body = json.loads(text)
            self._text = None  # after the body: a save in a thread reads one or the other
        return self._body

    def encode(self) -> str:
        """The body's JSON (as it was read, when it was never decoded)."""
        text = self._text
        return text if text is not None else json.dumps(self._body)


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
        head = json.dumps({"version": FORMAT_VERSION, "profile": self.profile})
        budget = MAX_BYTES - len(head) - 1
        kept: list[str] = []
        for key, answer in reversed(answers):  # newest first, until the budget is spent
            # json.dumps escapes every control character: a line holds no tab or newline.
            item = f"{json.dumps([key, answer.at])}\t{answer.encode()}"
            if len(item) + 1 > MAX_BYTES:
                continue  # never fits, however old the others: the rest still may
            if len(item) + 1 > budget or len(kept) >= MAX_ENTRIES:
                break
            budget -= len(item) + 1
            kept.append(item)
        kept.reverse()  # oldest first again, as they are read back
        return "\n".join([head, *kept]).encode()


def _read_answers(path: Path, profile: str) -> dict[str, CachedAnswer]:
    """The file's answers (bodies not decoded yet), or none when it is missing, broken,
    too big or not ours."""
    try:
        if path.stat().st_size > 2 * MAX_BYTES:
            return {}
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n")
        header = json.loads(head)
    except (OSError, ValueError):
        return {}
    if not isinstance(header, dict):
        return {}
    if header.get("version") != FORMAT_VERSION or header.get("profile") != profile:
        return {}
    kept: dict[str, CachedAnswer] = {}
    for line in rest.split("\n"):
        answer = _answer_line(line)
        if answer is not None:
            kept[answer[0]] = answer[1]
    return kept


def _answer_line(line: str) -> tuple[str, CachedAnswer] | None:
    """``["/dashboard", 1733577600.0]<tab>{...}``: the key and its answer; None if broken."""
    label, tab, body = line.partition("\t")
    try:
        key, at = json.loads(label) if tab else (None, None)
    except (ValueError, TypeError):
        return None
    if not isinstance(key, str) or isinstance(at, bool) or not isinstance(at, int | float):
        return None
    return key, CachedAnswer.encoded(body, float(at))


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
