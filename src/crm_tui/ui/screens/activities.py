"""The Activities screen (placeholder until its issue lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .base import CrmScreen


class ActivitiesScreen(CrmScreen):
    top_level = True
    screen_title = "Activities"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Activities is not built yet.", classes="placeholder")
        yield Footer()
