"""Horizontal bar charts drawn with block characters, sized to the widget's width.

Each row is a label, a bar proportional to the chart's largest value, and a few
right-aligned figures.  A figure may come in a long and a short form (money per
currency, or "mixed"): the long forms are used when the bars keep room enough.  A bar
can hold an inner part (a pipeline's weighted value
inside its value): the inner part is drawn solid and the rest shaded, so the two
read apart on a low-colour terminal too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

#: Partial blocks by eighths of a cell, index 0 = nothing.
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
SHADE = "░"
#: Labels longer than this are cut, so the bars keep some room.
MAX_LABEL = 14
#: Bars narrower than this read badly: figures then take their short forms.
MIN_BAR = 8

#: A figure, or its (long, short) forms.
Figure = str | tuple[str, str]


@dataclass(frozen=True)
class Bar:
    label: str
    #: The bar's length, relative to the largest value of the chart.
    value: float
    #: Right-aligned figures after the bar (count, money...).
    figures: tuple[Figure, ...] = ()
    #: A part of ``value`` drawn solid; the rest of the bar is shaded.  None: all solid.
    inner: float | None = None


def bar_text(value: float, inner: float | None, maximum: float, width: int) -> tuple[str, str]:
    """(solid, shaded) characters of one bar ``width`` cells wide at ``maximum``."""
    if width <= 0 or maximum <= 0 or value <= 0:
        return "", ""
    eighths = max(1, round(min(value, maximum) / maximum * width * 8))
    if inner is None or inner >= value:
        return FULL * (eighths // 8) + EIGHTHS[eighths % 8].strip(), ""
    # With a shaded rest the solid part is cut at whole cells, so the edge stays crisp.
    cells = math.ceil(eighths / 8)
    solid = min(cells, round(max(inner, 0.0) / maximum * width))
    return FULL * solid, SHADE * (cells - solid)


class BarChart(Widget):
    """Rows of ``label  ███▌░░  figures``; re-drawn to fit whenever its width changes."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    BarChart > .bar--solid { color: $accent; }
    BarChart > .bar--shade { color: $accent-muted; }
    BarChart > .bar--heading { color: $text-muted; }
    BarChart > .bar--label { color: $text; }
    BarChart > .bar--figure { color: $text; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar--solid",
        "bar--shade",
        "bar--heading",
        "bar--label",
        "bar--figure",
    }

    def __init__(
        self,
        *,
        headings: Sequence[str] = (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.headings = tuple(headings)
        self.bars: tuple[Bar, ...] = ()

    def set_bars(self, bars: Sequence[Bar]) -> None:
        """Show ``bars``; the same bars as shown draw nothing (a reload that changed nothing)."""
        bars = tuple(bars)
        if bars == self.bars:
            return
        self.bars = bars
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.bars) + (1 if self.headings else 0)

    def render(self) -> Text:
        return self.draw(self.content_size.width)

    def short_forms(self, width: int) -> bool:
        """Whether the figures take their short forms at ``width`` (too little room)."""
        rows = self._layout(width)[1]
        return any(
            row[i] != _form(figure, 0)
            for bar, row in zip(self.bars, rows, strict=True)
            for i, figure in enumerate(bar.figures)
        )

    def _layout(self, width: int) -> tuple[int, list[tuple[str, ...]], list[int], int]:
        """(label width, each bar's figures, figure widths, bar width) at ``width``:
        the long forms of the figures when the bars keep :data:`MIN_BAR` cells."""
        label_width = min(MAX_LABEL, max((len(bar.label) for bar in self.bars), default=0))
        columns = max([len(self.headings), *(len(bar.figures) for bar in self.bars)])
        for form in (0, 1):  # the long forms, then the short ones
            rows = [tuple(_form(figure, form) for figure in bar.figures) for bar in self.bars]
            figure_widths = [
                max(
                    [len(self.headings[i]) if i < len(self.headings) else 0]
                    + [len(row[i]) for row in rows if i < len(row)]
                )
                for i in range(columns)
            ]
            bar_width = width - label_width - 1 - sum(w + 1 for w in figure_widths) - 1
            if bar_width >= MIN_BAR:
                break
        return label_width, rows, figure_widths, bar_width

    def draw(self, width: int) -> Text:
        """The chart as text, ``width`` cells wide."""
        if not self.bars:
            return Text()
        label_width, rows, figure_widths, bar_width = self._layout(width)
        maximum = max(bar.value for bar in self.bars)
        styles = {
            name: self.get_component_rich_style(f"bar--{name}")
            for name in ("solid", "shade", "heading", "label", "figure")
        }
        lines: list[Text] = []
        if self.headings:
            heading = Text(" " * (width - sum(w + 1 for w in figure_widths)))
            for i, w in enumerate(figure_widths):
                title = self.headings[i] if i < len(self.headings) else ""
                heading.append(" " + title.rjust(w), styles["heading"])
            lines.append(heading)
        for bar, figures in zip(self.bars, rows, strict=True):
            line = Text(no_wrap=True, overflow="crop")
            line.append(_fit(bar.label, label_width), styles["label"])
            line.append(" ")
            solid, shade = bar_text(bar.value, bar.inner, maximum, max(bar_width, 0))
            line.append(solid, styles["solid"])
            line.append(shade, styles["shade"])
            line.append(" " * max(bar_width - len(solid) - len(shade), 0) + " ")
            for i, w in enumerate(figure_widths):
                figure = figures[i] if i < len(figures) else ""
                line.append(" " + figure.rjust(w), styles["figure"])
            lines.append(line)
        return Text("\n", no_wrap=True).join(lines)


def _fit(label: str, width: int) -> str:
    if len(label) > width:
        return label[: max(width - 1, 0)] + "…"
    return label.ljust(width)


def _form(figure: Figure, form: int) -> str:
    """A figure's long (0) or short (1) form; a plain figure has only the one."""
    return figure if isinstance(figure, str) else figure[form]
