"""Themes: Textual's own, and ``textual-ansi``: the terminal's own 16 colours.

Textual 8 ships its ANSI theme as ``ansi-dark``; ``textual-ansi`` is the name Textual
apps have long used for it, registered as the same theme so that either works.
Every colour the screens use comes from the theme's variables ($error, $success,
$text-muted…), so each theme reads as its own.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

TEXTUAL_ANSI = replace(BUILTIN_THEMES["ansi-dark"], name="textual-ansi")
#: Our themes on top of Textual's built-in ones.
EXTRA_THEMES: tuple[Theme, ...] = (TEXTUAL_ANSI,)


def theme_names() -> list[str]:
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in EXTRA_THEMES)})


def unknown_theme(name: str) -> str | None:
    """None for a theme that exists, else a message listing the ones that do."""
    names = theme_names()
    if name in names:
        return None
    return f"Unknown theme {name!r}. Themes: {', '.join(names)}"
