"""One column of the pipeline board: a stage's header with its totals, and its cards.

A column renders only the cards that fit its height (plus "+N more"), so a stage
with a thousand leads costs no more to draw than one with four.  Changing a column
refreshes that column alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Set
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...api.models import Lead
from ..formatting import DASH, label

#: Lines of a card: title, company, value and owner, then a blank line.
CARD_HEIGHT = 4
#: Lines of the column header: stage and count, totals, a rule.
HEADER_HEIGHT = 3

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def compact_amount(value: float | None, currency: str | None = None) -> str:
    """1.2M, €45k, CHF 900: short money for narrow places (no symbol if ``currency`` is None)."""
    if value is None:
        return DASH
    number = f"{value:,.0f}"
    for threshold, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= threshold:
            number = f"{value / threshold:.1f}".removesuffix(".0") + suffix
            break
    if not currency:
        return number
    symbol = _SYMBOLS.get(currency.upper())
    return f"{symbol}{number}" if symbol else f"{currency.upper()} {number}"


def owner_names(name: str | None) -> tuple[str, ...]:
    """Ways to write an owner, longest first: 'Sam Rivera', 'Sam R.', 'SR'."""
    if not name:
        return ()
    parts = name.split()
    if len(parts) < 2:
        return (name, name[:2])
    return (name, f"{parts[0]} {parts[-1][:1]}.", "".join(part[:1] for part in parts))


def card_order(lead: Lead) -> tuple[float, str, str]:
    """Biggest deals first, then by title: stable across reloads and moves."""
    return (-(lead.value or 0.0), lead.title.casefold(), lead.id)


class BoardColumn(Widget):
    """A stage's cards.  The :class:`~.board.Board` owns the selection and tells us."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board-column--title",
        "board-column--totals",
        "board-column--rule",
        "board-column--more",
        "board-card--title",
        "board-card--company",
        "board-card--meta",
        "board-card--pending",
        "board-card--cursor",
    }

    def __init__(self, stage: str, *, pending: Set[str] = frozenset()) -> None:
        super().__init__(classes="board-column")
        self.stage = stage
        self.leads: list[Lead] = []
        self._keys: list[tuple[float, str, str]] = []
        #: Index of this column's selected card (kept while another column is active).
        self.cursor = 0
        #: Index of the first card shown.
        self.top = 0
        #: True for the column holding the board's selection.
        self.active = False
        #: Columns hidden to the left / right of this one (shown as arrows in the header).
        self.more_left = False
        self.more_right = False
        #: Ids of leads whose move the server has not confirmed yet (shared with the board).
        self.pending = pending
        self.total_value = 0.0
        self.total_weighted = 0.0
        #: The one currency of the column's leads, or None when they mix currencies.
        self.currency: str | None = None

    # ------------------------------------------------------------- data

    def set_leads(self, leads: Iterable[Lead]) -> None:
        self.leads = sorted(leads, key=card_order)
        self._keys = [card_order(lead) for lead in self.leads]
        self._changed()

    def add_lead(self, lead: Lead) -> int:
        """Add ``lead`` in order; returns its index."""
        key = card_order(lead)
        index = bisect.bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self.leads.insert(index, lead)
        if index <= self.cursor and len(self.leads) > 1:
            self.cursor += 1  # the remembered card stays selected
        self._changed()
        return index

    def remove_lead(self, lead_id: str) -> Lead | None:
        index = self.index_of(lead_id)
        if index is None:
            return None
        del self._keys[index]
        lead = self.leads.pop(index)
        if index < self.cursor:
            self.cursor -= 1
        self._changed()
        return lead

    def index_of(self, lead_id: str) -> int | None:
        for index, lead in enumerate(self.leads):
            if lead.id == lead_id:
                return index
        return None

    @property
    def selected(self) -> Lead | None:
        return self.leads[self.cursor] if self.leads else None

    def _changed(self) -> None:
        self.total_value = sum(lead.value or 0.0 for lead in self.leads)
        self.total_weighted = sum(lead.weighted_value for lead in self.leads)
        currencies = {lead.currency for lead in self.leads if lead.value is not None}
        self.currency = next(iter(currencies)) if len(currencies) == 1 else None
        self.cursor = max(0, min(self.cursor, len(self.leads) - 1))
        self.scroll_to_cursor()
        self.refresh()

    # ---------------------------------------------------------- cursor

    @property
    def fit(self) -> int:
        """How many cards the current height shows (at least one)."""
        return max(1, (self.content_size.height - HEADER_HEIGHT) // CARD_HEIGHT)

    def set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.leads) - 1))
        self.scroll_to_cursor()
        self.refresh()

    def scroll_to_cursor(self) -> None:
        """Keep the selected card among those shown."""
        fit = self.fit
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + fit:
            self.top = self.cursor - fit + 1
        self.top = max(0, min(self.top, max(0, len(self.leads) - fit)))

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    # ----------------------------------------------------------- render

    def render(self) -> Text:
        width = max(1, self.content_size.width)
        lines = self._header(width)
        height = self.content_size.height
        room = height - HEADER_HEIGHT
        if not self.leads:
            lines.append(self._line(Text("No leads", style="dim italic"), width))
        shown = self.leads[self.top : self.top + self.fit]
        for offset, lead in enumerate(shown):
            selected = self.active and self.top + offset == self.cursor
            lines.extend(self._card(lead, width, selected))
        hidden = len(self.leads) - self.top - len(shown)
        if hidden > 0:
            more = Text(f"+{hidden} more", style=self._style("board-column--more"))
            # The last card's blank line holds the note when the column is exactly full.
            if len(lines) - HEADER_HEIGHT >= room:
                lines[HEADER_HEIGHT + room - 1] = self._line(more, width)
            else:
                lines.append(self._line(more, width))
        return Text("\n").join(lines[:height])

    def _header(self, width: int) -> list[Text]:
        title_style = self._style("board-column--title")
        left = "◀ " if self.more_left else ""
        right = " ▶" if self.more_right else ""
        count = f" {len(self.leads)}"
        name = label(self.stage)
        room = width - len(left) - len(right) - len(count)
        if len(name) > room:
            name = name[: max(1, room - 1)] + "…"
        title = Text(left + name, style=title_style)
        title.append(" " * max(0, width - len(left) - len(name) - len(count) - len(right)))
        title.append(count + right, style=title_style)

        amount = compact_amount(self.total_value, self.currency)
        weighted = compact_amount(self.total_weighted, self.currency)
        word = "weighted" if width >= 24 else "w"
        totals = Text(f"{amount} · {word} {weighted}")

        rule_style = self._style("board-column--rule")
        above = f"─ ↑{self.top} more " if self.top else ""
        rule = Text((above + "─" * width)[:width], style=rule_style)
        totals_style = self._style("board-column--totals")
        return [self._line(title, width), self._line(totals, width, totals_style), rule]

    def _card(self, lead: Lead, width: int, selected: bool) -> list[Text]:
        title = Text(lead.title or "(untitled)", style=self._style("board-card--title"))
        company = Text(lead.company_name or DASH, style=self._style("board-card--company"))
        meta = Text(
            compact_amount(lead.value, lead.currency), style=self._style("board-card--meta")
        )
        if lead.id in self.pending:
            note = Text("saving…", style=self._style("board-card--pending"))
        else:
            room = width - len(meta) - 1
            owner = next((name for name in owner_names(lead.owner_name) if len(name) <= room), "")
            note = Text(owner, style=self._style("board-card--meta"))
        gap = width - len(meta) - len(note)
        if gap >= 1:
            meta.append(" " * gap)
            meta.append_text(note)
        cursor = self._style("board-card--cursor") if selected else None
        card = [self._line(part, width, cursor) for part in (title, company, meta)]
        return [*card, Text("")]

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component)

    @staticmethod
    def _line(text: Text, width: int, style: Style | None = None) -> Text:
        """One line exactly ``width`` cells: cut with an ellipsis, padded, styled."""
        line = text.copy()
        line.truncate(width, overflow="ellipsis", pad=True)
        if style is not None:
            line.stylize(style)
        return line
