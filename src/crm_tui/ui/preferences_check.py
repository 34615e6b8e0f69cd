"""The theme and keys a user configured, checked before the app starts."""

from __future__ import annotations

from ..preferences import Preferences
from .themes import unknown_theme


def preference_problems(preferences: Preferences) -> list[str]:
    """One sentence per problem: an unknown theme, an unknown action id, a clash of keys."""
    problems = []
    if preferences.theme:
        problem = unknown_theme(preferences.theme)
        if problem:
            problems.append(problem)
    if preferences.keys:
        from .keymap_check import keymap_problems  # the keys as data: no screen imported

        problems.extend(keymap_problems(preferences.keys))
    return problems
