"""Command palette providers: go to any screen, and jump to a record by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
        for kind, record_id, title in await app.jump_targets(query):
            text = f"{kind.title()}: {title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_record, kind, record_id))
