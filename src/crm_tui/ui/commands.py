"""Command palette providers: the current screen's actions, any screen, a record by name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from ..api import CrmError
from .keymap import SCREENS

if TYPE_CHECKING:
    from .app import CrmApp


class ScreensProvider(Provider):
    """'Go to Companies' and friends."""

    async def discover(self) -> Hits:
        for key, mode, label in SCREENS:
            yield DiscoveryHit(f"Go to {label}", partial(self._goto, mode), help=f"key {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, mode, label in SCREENS:
            text = f"Go to {label}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._goto, mode), help=key)

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
            text = f"Company: {company.name}"
            yield Hit(
                max(matcher.match(text), 0.5),
                matcher.highlight(text),
                partial(app.open_record, "company", company.id),
                help=company.status or "",
            )
        for target in await app.jump_targets(query):
            text = f"{target.kind.title()}: {target.title}"
            score = matcher.match(text)
            if score > 0:
                # Titles repeat ("Training package" at three companies): the help tells
                # them apart (a lead's stage, company and value; a contact's email).
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.open_record, target.kind, target.id),
                    help=target.detail,
                )
