"""The Company screen (placeholder until its issue lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .base import CrmScreen


class CompanyScreen(CrmScreen):
    screen_title = "Company"

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Company {self.record_id} is not built yet.", classes="placeholder")
        yield Footer()
