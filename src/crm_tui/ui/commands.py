"""Command palette providers: the current screen's actions, any screen, a record by name.

A record's hit is built here, not by Textual's ``Matcher``: its ``highlight`` reads the
text as markup (a name holding ``[/]`` failed the palette, ``[@click=app.quit]`` was a
live action), and its fuzzy search tries every combination of positions, which a long
name turns into minutes.  A record matches when it holds the query (as the server's
search and the jump targets' filter have it), drawn as plain text, cut to a line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.types import IgnoreReturnCallbackType

from ..api import CrmError
from .keymap import SCREENS
from .widgets.columns import fit

if TYPE_CHECKING:
    from .app import CrmApp

#: Cells of a hit's text: a longer name is cut, the palette is no place to read it all.
HIT_MAX_CELLS = 100
#: The score of a company the server found by name although the text does not hold the
#: query as typed (the server may fold accents or match otherwise).
SERVER_MATCH_SCORE = 0.5


def record_hit(
    matcher: Matcher, text: str, command: IgnoreReturnCallbackType, *, help: str = ""
) -> Hit:
    """A plain-text hit for ``text``, the query highlighted; its score is 0 without it."""
    text = fit(text, HIT_MAX_CELLS)
    content = Content(text)
    lowered, query = text.lower(), matcher.query.lower()
    # lower() may change a text's length (rarely): then no offset can be trusted.
    start = lowered.find(query) if query and len(lowered) == len(text) else -1
    score = 0.0
    if start >= 0:
        offsets = list(range(start, start + len(query)))
        # Textual's own score for a query found whole in the text.
        score = matcher.fuzzy_search.score(lowered, offsets) * 1.5
        content = content.stylize(matcher.match_style, start, start + len(query))
    return Hit(score, content, command, text=text, help=escape(help) or None)


class ScreensProvider(Provider):
    """'Go to Companies' and friends."""

    async def discover(self) -> Hits:
        for key, mode, label in SCREENS:
            key = self._key(mode, key)
            yield DiscoveryHit(f"Go to {label}", partial(self._goto, mode), help=f"key {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, mode, label in SCREENS:
            text = f"Go to {label}"
            score = matcher.match(text)
            if score > 0:
                key = self._key(mode, key)
                yield Hit(score, matcher.highlight(text), partial(self._goto, mode), help=key)

    def _key(self, mode: str, default: str) -> str:
        """The key of ``goto_<mode>``: the user's from ``[keys]``, else the default."""
        app: CrmApp = self.app  # type: ignore[assignment]
        return app.preferences.keys.get(f"goto_{mode}", default)

    async def _goto(self, mode: str) -> None:
        await self.app.run_action(f"goto('{mode}')")


def screen_actions(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(what it does, action, key) for the keys of ``screen`` that work now.

    The screen's own keys only: the global ones are the palette's screens and system
    commands, and a list's cursor keys are no commands.  A binding's tooltip is the
    longer wording of its footer label ("New company" for "New").
    """
    found: dict[tuple[str, str], str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen or not active.enabled or not binding.description:
            continue
        what = binding.tooltip or binding.description
        key = screen.app.get_key_display(binding)
        found.setdefault((what, binding.action), key)
    return [(what, action, key) for (what, action), key in found.items()]


class ActionsProvider(Provider):
    """What the keys of the screen under the palette do: 'New company', 'Refresh'…"""

    def _commands(self) -> list[tuple[str, Callable[[], Awaitable[None]], str]]:
        screen = self.screen
        return [
            (what, partial(self._run, screen, action), f"key {key}")
            for what, action, key in screen_actions(screen)
        ]

    async def discover(self) -> Hits:
        for text, run, help_text in self._commands():
            yield DiscoveryHit(text, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, help=help_text)

    async def _run(self, screen: Screen[object], action: str) -> None:
        await self.app.run_action(action, default_namespace=screen)


class JumpProvider(Provider):
    """Jump to a company (server search), contact or lead by name."""

    async def startup(self) -> None:
        # The contacts and leads load in the background while the user starts typing,
        # once: later palettes reuse them until a write.
        app: CrmApp = self.app  # type: ignore[assignment]
        app.load_jump_targets()

    async def search(self, query: str) -> Hits:
        query = query.strip()
        if len(query) < 2:
            return
        app: CrmApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        try:
            page = await app.workspace.client.list_companies(q=query, page_size=10)
        except CrmError:
            return  # the palette is no place for an error; the screens report them
        for company in page.items:
            open_company = partial(app.open_record, "company", company.id)
            text = f"Company: {company.name}"
            hit = record_hit(matcher, text, open_company, help=company.status or "")
            hit.score = max(hit.score, SERVER_MATCH_SCORE)  # the server found it
            yield hit
        try:
            targets = await app.jump_targets(query)
        except CrmError:
            return
        for target in targets:
            text = f"{target.kind.title()}: {target.title}"
            # Titles repeat ("Training package" at three companies): the help tells
            # them apart (a lead's stage, company and value; a contact's email).
            hit = record_hit(
                matcher, text, partial(app.open_record, target.kind, target.id), help=target.detail
            )
            if hit.score > 0:
                yield hit
