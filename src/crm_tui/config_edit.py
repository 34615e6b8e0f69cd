"""Write one setting back into the user's config file, leaving everything else as it was.

Python's standard library reads TOML but cannot write it, and rewriting the whole
file would lose the user's comments and layout.  So one line is edited: the
setting's line in its table is replaced, or a line is added at the top of the table
(a missing ``[profiles.NAME]`` table is appended).  The result is read back: unless
it holds exactly the old settings plus the new value, nothing is written and
:class:`ConfigError` says why (an unusual layout, such as a profile written as an
inline table, is left for the user to edit).  The file is replaced atomically and
keeps its permissions; a new file is readable only by the user (it may hold a key).
"""

from __future__ import annotations

import copy
import json
import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from .config import ConfigError

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\[\]]+?)\s*\]\]?\s*(#.*)?$")


def save_setting(path: Path, profile: str | None, key: str, value: str) -> None:
    """Set ``key = "value"`` in ``[profiles.<profile>]``, or at the top level without one."""
    text = _read(path)
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML, left as it is: {exc}") from None
    table = ("profiles", profile) if profile else ()
    edited = _with_line(text, table, key, f"{key} = {json.dumps(value, ensure_ascii=False)}")
    expected = copy.deepcopy(before)
    _nested(expected, table)[key] = value
    try:
        after = tomllib.loads(edited)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        where = f"[profiles.{profile}]" if profile else "the top of the file"
        raise ConfigError(f"{path}: could not add {key} safely; add {key} = {value!r} to {where}")
    _write(path, edited)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None


def _nested(data: dict[str, Any], table: tuple[str, ...]) -> dict[str, Any]:
    for name in table:
        data = data.setdefault(name, {})
    return data


def _table_of(line: str) -> tuple[str, ...] | None:
    match = _HEADER.match(line)
    if match is None:
        return None
    return tuple(part.strip().strip("\"'") for part in match["name"].split("."))


def _with_line(text: str, table: tuple[str, ...], key: str, new_line: str) -> str:
    """``text`` with ``new_line`` in ``table``: replacing ``key``'s line, else added."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    setting = re.compile(rf"^\s*{re.escape(key)}\s*=")
    current: tuple[str, ...] = ()
    start = 0 if not table else None
    for index, line in enumerate(lines):
        header = _table_of(line)
        if header is not None:
            if current == table and start is not None:
                break  # the end of our table, the key not in it
            current = header
            if header == table:
                start = index + 1
            continue
        if current == table and setting.match(line):
            lines[index] = new_line + "\n"
            return "".join(lines)
    if start is None:  # no such table yet
        separator = "\n" if lines else ""
        name = ".".join(part if _BARE.fullmatch(part) else json.dumps(part) for part in table)
        return "".join(lines) + f"{separator}[{name}]\n{new_line}\n"
    lines.insert(start, new_line + "\n")
    return "".join(lines)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o600
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written: {exc.strerror or exc}") from None
