"""A ``[keys]`` table, checked before the app starts, against the keys as data.

Every id must exist, and on each screen a key may do one thing only: the keys of the
screen, of the widget that has focus there and the global keys together.  A clash
that the user's keymap creates is reported, naming the key, the two action ids and
the screen.  The keys come from ``key_table`` (generated from the bindings), so that
the check imports no screen: a profile with ``[keys]`` starts as fast as one without.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from textual.app import App

from .key_table import ACTION_IDS, SCREEN_KEYS


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """What is wrong with a ``[keys]`` table, one sentence each (empty: nothing)."""
    problems = [_unknown(action, ACTION_IDS) for action in keymap if action not in ACTION_IDS]
    if problems:
        return problems
    normalised = App._normalize_keymap(dict(keymap))
    for title, keys in SCREEN_KEYS.items():
        problems.extend(_clashes(title, keys, normalised))
    return list(dict.fromkeys(problems))


def _unknown(action: str, known: Mapping[str, tuple[str, ...]]) -> str:
    close = difflib.get_close_matches(action, list(known), n=3)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"[keys]: no action {action!r}{hint}; docs/keys.md lists the action ids"


def _clashes(
    title: str, keys: tuple[tuple[str, str | None, str], ...], keymap: Mapping[str, str]
) -> Iterator[str]:
    """Keys that would do two things on the screen ``title``, one of them the user's."""
    doing: dict[str, dict[str, bool]] = {}  # key -> {action: bound by the user?}
    for key, action_id, action in keys:
        user_keys = keymap.get(action_id) if action_id else None
        for bound in user_keys.split(",") if user_keys else [key]:
            actions = doing.setdefault(bound.strip(), {})
            name = action_id or action
            actions[name] = actions.get(name, False) or user_keys is not None
    for key, actions in doing.items():
        if len(actions) > 1 and any(actions.values()):
            names = " and ".join(sorted(actions))
            yield (
                f"[keys]: {key!r} is given to both {names} on {title}: give one of them another key"
            )
