"""One column of the pipeline board: a stage's header with its totals, and its cards.

A column renders only the cards that fit its height (plus "+N more"), so a stage
with a thousand leads costs no more to draw than one with four.  Changing a column
refreshes that column alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import ClassVar, Self

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ...api.models import Lead
from ..formatting import DASH, NO_NAME, label
from ..money import Totals, amount, fitted_amounts, lead_totals

#: Lines of a card: title, company, value and owner, then a blank line.
CARD_HEIGHT = 4
#: Lines of the column header: stage and count, total value, weighted value, a rule.
HEADER_HEIGHT = 4
#: The styles a card is drawn with: when one changes, drawn cards are drawn again.
CARD_STYLES = (
    "board-card--title",
    "board-card--company",
    "board-card--meta",
    "board-card--pending",
    "board-card--cursor",
)


def _never(lead_id: str) -> bool:
    return False


def owner_names(name: str | None) -> tuple[str, ...]:
    """Ways to write an owner, longest first: 'Sam Rivera', 'Sam R.', 'SR'."""
    if not name:
        return ()
    parts = name.split()
    if len(parts) < 2:
        return (name, name[:2])
    return (name, f"{parts[0]} {parts[-1][:1]}.", "".join(part[:1] for part in parts))


CardKey = tuple[float, str, str]


def card_order(lead: Lead) -> CardKey:
    """Biggest deals first, then by title: stable across reloads and moves."""
    return (-(lead.value or 0.0), lead.title.casefold(), lead.id)


@dataclass(frozen=True)
class Stack:
    """A column's cards worked out: in card order, their sort keys, their totals.

    Pure work on the leads (no widget is touched): the board builds a big board's
    stacks in a thread (:func:`stack_of` costs a few microseconds a lead).
    """

    leads: list[Lead]
    keys: list[CardKey]
    total_value: Totals
    total_weighted: Totals


def stack_of(leads: Iterable[Lead]) -> Stack:
    """``leads`` in card order, each key worked out once (ids make keys unique, so the
    sort never compares two leads)."""
    keyed = sorted(((card_order(lead), lead) for lead in leads), key=itemgetter(0))
    ordered = [lead for _, lead in keyed]
    total_value, total_weighted = lead_totals(ordered)
    return Stack(
        leads=ordered,
        keys=[key for key, _ in keyed],
        total_value=total_value,
        total_weighted=total_weighted,
    )


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

    #: The lines last built for :meth:`render_line`, and the size they were built for.
    _strips: list[Strip] | None = None
    _strips_size: tuple[int, int] = (0, 0)
    #: The styles the cached cards were drawn with.
    _card_styles: tuple[Style, ...] = ()
    #: Component styles by name, until the next full redraw.
    _styles: dict[str, Style]

    def __init__(self, stage: str, *, is_pending: Callable[[str], bool] = _never) -> None:
        self._styles = {}  # before Widget.__init__, which may refresh
        super().__init__(classes="board-column")
        self.stage = stage
        self.leads: list[Lead] = []
        self._keys: list[CardKey] = []
        #: Index of this column's selected card (kept while another column is active).
        self.cursor = 0
        #: Index of the first card shown.
        self.top = 0
        #: True for the column holding the board's selection.
        self.active = False
        #: Columns hidden to the left / right of this one (shown as arrows in the header).
        self.more_left = False
        self.more_right = False
        #: Whether a lead's move waits for the server: the board keeps that state.
        self.is_pending = is_pending
        #: The column's value and weighted value, per currency (never one sum of several).
        self.total_value: Totals = {}
        self.total_weighted: Totals = {}
        #: Drawn cards by lead id: (the lead drawn, (width, selected, pending), lines).
        self._cards: dict[str, tuple[Lead, tuple[int, bool, bool], list[Strip]]] = {}

    # ------------------------------------------------------------- data

    def set_leads(self, leads: Iterable[Lead]) -> None:
        self.show_stack(stack_of(leads))

    def show_stack(self, stack: Stack) -> None:
        """Show cards worked out already (see :func:`stack_of`): no work per lead here."""
        self.leads = stack.leads
        self._keys = stack.keys
        self._cards.clear()
        self._changed(0, stack.total_value, stack.total_weighted)

    def add_lead(self, lead: Lead) -> int:
        """Add ``lead`` in order; returns its index."""
        key = card_order(lead)
        index = bisect.bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self.leads.insert(index, lead)
        if index <= self.cursor and len(self.leads) > 1:
            self.cursor += 1  # the remembered card stays selected
        self._changed(index)
        return index

    def remove_lead(self, lead_id: str) -> Lead | None:
        index = self.index_of(lead_id)
        if index is None:
            return None
        del self._keys[index]
        lead = self.leads.pop(index)
        self._cards.pop(lead_id, None)
        if index < self.cursor:
            self.cursor -= 1
        self._changed(index)
        return lead

    def index_of(self, lead_id: str) -> int | None:
        for index, lead in enumerate(self.leads):
            if lead.id == lead_id:
                return index
        return None

    @property
    def selected(self) -> Lead | None:
        return self.leads[self.cursor] if self.leads else None

    def _changed(
        self, first: int, value: Totals | None = None, weighted: Totals | None = None
    ) -> None:
        """The cards from index ``first`` on changed: new totals (worked out here unless
        given), redraw from there down."""
        if value is None or weighted is None:
            value, weighted = lead_totals(self.leads)
        self.total_value, self.total_weighted = value, weighted
        top = self.top
        self.cursor = max(0, min(self.cursor, len(self.leads) - 1))
        self.scroll_to_cursor()
        if self.top != top or first < top:
            self.refresh()
        else:
            self.refresh_header()
            self.refresh_from(first)

    # ---------------------------------------------------------- cursor

    @property
    def fit(self) -> int:
        """How many cards the current height shows (at least one)."""
        return max(1, (self.size.height - HEADER_HEIGHT) // CARD_HEIGHT)

    def set_cursor(self, index: int) -> None:
        before, top = self.cursor, self.top
        self.cursor = max(0, min(index, len(self.leads) - 1))
        self.scroll_to_cursor()
        if self.top != top:
            self.refresh()
        else:
            self.refresh_card(before)
            self.refresh_card(self.cursor)

    def set_active(self, active: bool) -> None:
        """Show (or stop showing) the selection in this column."""
        if active != self.active:
            self.active = active
            self.refresh_card(self.cursor)

    def scroll_to_cursor(self) -> None:
        """Keep the selected card among those shown."""
        fit = self.fit
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + fit:
            self.top = self.cursor - fit + 1
        self.top = max(0, min(self.top, max(0, len(self.leads) - fit)))

    # ---------------------------------------------- partial redraws
    # A move or a cursor step changes a few lines: only those are drawn again,
    # which is what keeps a move cheap on a tall column.

    def refresh_header(self) -> None:
        self.refresh(Region(0, 0, self.size.width, HEADER_HEIGHT))

    def refresh_card(self, index: int) -> None:
        slot = index - self.top
        if 0 <= slot < self.fit:
            y = HEADER_HEIGHT + slot * CARD_HEIGHT
            self.refresh(Region(0, y, self.size.width, CARD_HEIGHT))

    def refresh_from(self, index: int) -> None:
        """Redraw the card at ``index`` and everything below it."""
        y = HEADER_HEIGHT + max(0, index - self.top) * CARD_HEIGHT
        if y < self.size.height:
            self.refresh(Region(0, y, self.size.width, self.size.height - y))

    def refresh_lead(self, lead_id: str) -> None:
        index = self.index_of(lead_id)
        if index is not None:
            self.refresh_card(index)

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    class CardClicked(Message):
        """A card was clicked: the board selects it."""

        def __init__(self, column: BoardColumn, index: int) -> None:
            super().__init__()
            self.column = column
            self.index = index

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_HEIGHT:
            return
        index = self.top + (offset.y - HEADER_HEIGHT) // CARD_HEIGHT
        if index < min(len(self.leads), self.top + self.fit):
            self.post_message(self.CardClicked(self, index))

    # ----------------------------------------------------------- render

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # Whatever asks for a redraw drops the lines (cards stay cached).  A redraw of the
        # whole column may come from a style change (theme, focus): drop the styles too.
        self._strips = None
        if not regions:
            self._styles.clear()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_line(self, y: int) -> Strip:
        """The line API: the column's lines are built once per redraw, then handed out."""
        width, height = self.size
        if self._strips is None or self._strips_size != (width, height):
            self._strips = self.shown_lines(width, height)
            self._strips_size = (width, height)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._base())

    def shown_lines(self, width: int | None = None, height: int | None = None) -> list[Strip]:
        """What the column shows, a line each, ``width`` cells wide."""
        width = max(1, self.size.width if width is None else width)
        height = self.size.height if height is None else height
        self._check_styles()
        lines = [self._strip(line, width) for line in self._header(width)]
        room = height - HEADER_HEIGHT
        if not self.leads:
            lines.append(self._strip(Text("No leads", style="dim italic"), width))
        shown = self.leads[self.top : self.top + self.fit]
        for offset, lead in enumerate(shown):
            selected = self.active and self.top + offset == self.cursor
            lines.extend(self._card(lead, width, selected))
        hidden = len(self.leads) - self.top - len(shown)
        if hidden > 0:
            note = Text(f"+{hidden} more", style=self._style("board-column--more"))
            more = self._strip(note, width)
            # The last card's blank line holds the note when the column is exactly full.
            if len(lines) - HEADER_HEIGHT >= room:
                lines[HEADER_HEIGHT + room - 1] = more
            else:
                lines.append(more)
        return lines[:height]

    def plain(self) -> str:
        """The column as plain text (for tests and logs)."""
        return "\n".join(line.text.rstrip() for line in self.shown_lines())

    def _check_styles(self) -> None:
        """Forget the cards drawn with other styles (a theme, or the board's focus, changed)."""
        styles = tuple(self._style(name) for name in CARD_STYLES)
        if styles != self._card_styles:
            self._card_styles = styles
            self._cards.clear()

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

        totals_style = self._style("board-column--totals")
        rule_style = self._style("board-column--rule")
        above = f"─ ↑{self.top} more " if self.top else ""
        rule = Text((above + "─" * width)[:width], style=rule_style)
        return [
            title,
            self._figure("total", "total", self.total_value, width, totals_style),
            self._figure("weighted", "wtd", self.total_weighted, width, totals_style),
            rule,
        ]

    def _figure(self, word: str, short: str, sums: Totals, width: int, style: Style) -> Text:
        """'total      €258.5k': the word on the left, the figure on the right.

        The short word is chosen by the width alone, so neighbouring columns agree.
        Several currencies are written each on its own when they fit, else "mixed":
        the screen's detail line then gives them (never one sum labelled with one).
        """
        if width < len(word) + 1 + len("€999.9k"):
            word = short
        figure = fitted_amounts(sums, width - len(word) - 1)
        gap = max(1, width - len(word) - len(figure))
        return Text(f"{word}{' ' * gap}{figure}", style=style)

    def _card(self, lead: Lead, width: int, selected: bool) -> list[Strip]:
        """A card's four lines; kept while the lead, the width and the selection stay."""
        pending = self.is_pending(lead.id)
        key = (width, selected, pending)
        cached = self._cards.get(lead.id)
        if cached is not None and cached[0] is lead and cached[1] == key:
            return cached[2]
        title = Text(lead.title or NO_NAME, style=self._style("board-card--title"))
        company = Text(lead.company_name or DASH, style=self._style("board-card--company"))
        meta = Text(amount(lead.value, lead.currency), style=self._style("board-card--meta"))
        if pending:
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
        card = [self._strip(part, width, cursor) for part in (title, company, meta)]
        card.append(Strip.blank(width, self._base()))
        self._cards[lead.id] = (lead, key, card)
        return card

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component)
        return style

    def _base(self) -> Style:
        """The column's own colours, under every line (as Textual's Log does)."""
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style
        return base

    def _strip(self, text: Text, width: int, style: Style | None = None) -> Strip:
        """One line exactly ``width`` cells: cut with an ellipsis, padded, styled."""
        line = Text(style=self._base(), no_wrap=True)
        line.append_text(text)
        line.truncate(width, overflow="ellipsis", pad=True)
        if style is not None:
            line.stylize(style)
        return Strip(line.render(self.app.console), width)
