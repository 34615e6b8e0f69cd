"""The fields panel: one line a field, its height known from its width alone."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Size

from crm_tui.ui.widgets.field_list import FieldItem, FieldList

ITEMS = [
    FieldItem("Owner", "Priya Nair"),
    FieldItem("Domain", "fjordline.example"),
    FieldItem("Phone", "+47 55\n12 34 56"),  # a server may send a line break anywhere
    FieldItem("Email", None),
    FieldItem("Location", "Bergen, NO"),
    FieldItem("Notes", "Runs the coastal route.\n\nRenewal due in spring.", wide=True),
]


class FieldsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FieldList(ITEMS)


def lines_of(fields: FieldList) -> list[list[Segment]]:
    return [list(fields.render_line(y)) for y in range(fields.size.height)]


@pytest.mark.parametrize("width", [30, 80, 120])
async def test_the_height_is_one_line_a_row_and_a_line_a_wide_field(width: int) -> None:
    app = FieldsApp()
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        fields = app.query_one(FieldList)
        columns = max(1, min(5, (width - 2) // fields.column_width))
        assert fields.size.height == -(-5 // columns) + 1
        text = [("".join(s.text for s in line)).rstrip() for line in lines_of(fields)]
        assert any("+47 55 / 12 34 56" in line for line in text)
        # The wide field's lines are joined, and cut to the width with an ellipsis.
        assert text[-1].startswith("Notes    Runs the coastal r")
        whole = "Runs the coastal route. / Renewal due in spring."
        assert text[-1].endswith(whole if width >= 80 else "…")


async def test_the_height_is_measured_without_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering reads the widget's size, which, asked for during a layout, lays the
    whole screen out again."""
    app = FieldsApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        fields = app.query_one(FieldList)
        rendered: list[object] = []
        real = FieldList.render
        monkeypatch.setattr(FieldList, "render", lambda self: rendered.append(self) or real(self))
        assert fields.get_content_height(Size(80, 20), Size(80, 20), 40) == 6
        assert fields.get_content_height(Size(80, 20), Size(80, 20), 78) == 4
        assert rendered == []


async def test_a_value_keeps_its_style_beside_its_dim_slashes() -> None:
    app = FieldsApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        fields = app.query_one(FieldList)
        notes = lines_of(fields)[-1]
        styles = {segment.text.strip(): segment.style for segment in notes if segment.text.strip()}
        value = next(style for text, style in styles.items() if text.startswith("Runs"))
        label = styles["Notes"]
        assert label is not None and label.dim
        assert value is None or not value.dim
