"""RecordList in a small app of its own: cursor, messages, selection, sorting, clicks,
drawing (cut and whole cells, wide characters, markup left as text), column widths,
the detail line, style changes and reloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.message import Message

from crm_tui.ui.widgets.columns import Column, fit, fit_widths
from crm_tui.ui.widgets.record_list import RecordList


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    city: str
    score: int | None


COLUMNS: tuple[Column[Person], ...] = (
    Column("name", "Name", lambda p: p.name, 10, grow=2),
    Column("email", "Email", lambda p: p.email, 10, grow=1),
    Column("city", "City", lambda p: p.city, 8),
    Column(
        "score",
        "Score",
        lambda p: "—" if p.score is None else str(p.score),
        5,
        align="right",
        sort_key=lambda p: p.score,
        min_table_width=60,
    ),
)

PEOPLE = [
    Person("p0", "Ada Lovelace", "ada@example.com", "London", 90),
    Person("p1", "Grace Hopper", "grace@navy.example", "Arlington", 75),
    Person("p2", "Alan Turing", "alan@bletchley.example", "Wilmslow", None),
    Person("p3", "Katherine Johnson", "katherine@nasa.example", "Hampton", 99),
    Person("p4", "Edsger Dijkstra", "edsger@example.nl", "Nuenen", 60),
]


def many(count: int) -> list[Person]:
    return [Person(f"m{n}", f"Person {n:05}", f"p{n}@example.com", "Town", n) for n in range(count)]


class Harness(App[None]):
    def __init__(self, records: Sequence[Person] = PEOPLE, **options: Any) -> None:
        super().__init__()
        self.records = records
        self.options = options
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield RecordList(COLUMNS, id="people", **self.options)

    def on_mount(self) -> None:
        self.people.set_records(self.records)
        self.people.focus()

    @property
    def people(self) -> RecordList[Person]:
        return self.query_one("#people", RecordList)

    def on_record_list_row_highlighted(self, message: RecordList.RowHighlighted) -> None:
        self.messages.append(message)

    def on_record_list_row_selected(self, message: RecordList.RowSelected) -> None:
        self.messages.append(message)

    def on_record_list_sorted(self, message: RecordList.Sorted) -> None:
        self.messages.append(message)


def lines(people: RecordList[Person]) -> list[str]:
    """What the list shows, line by line (header, rows, detail line)."""
    return [people.render_line(y).text for y in range(people.size.height)]


# ------------------------------------------------------------------- cursor


async def test_keys_move_the_cursor_within_the_rows() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        assert people.cursor == 0 and people.current_key == "p0"
        await pilot.press("k")  # already at the top: stays
        assert people.cursor == 0
        await pilot.press("j", "down")
        assert people.current_key == "p2"
        await pilot.press("G")
        assert people.cursor == 4
        await pilot.press("j")  # already at the bottom: stays
        assert people.cursor == 4
        await pilot.press("g")
        assert people.cursor == 0
        await pilot.press("end", "up", "home")
        assert people.cursor == 0
        people.cursor = 99  # validated: clamped to the last row
        assert people.cursor == 4
        people.cursor = -3
        assert people.cursor == 0


async def test_paging_moves_by_the_rows_on_screen_and_keeps_the_cursor_in_view() -> None:
    app = Harness(many(200))
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        shown = people.rows_shown
        assert shown == 12 - 2  # less the header and the detail line
        await pilot.press("pagedown")
        assert people.cursor == shown
        await pilot.press("ctrl+d")
        assert people.cursor == shown + shown // 2
        await pilot.press("ctrl+u", "pageup")
        assert people.cursor == 0
        await pilot.press("G")
        await pilot.pause()
        assert people.cursor == 199
        assert lines(people)[shown].split()[0:2] == ["Person", "00199"]  # last row shown
        await pilot.press("g")
        await pilot.pause()
        assert people.scroll_y == 0
        assert lines(people)[1].split()[0:2] == ["Person", "00000"]


async def test_moving_posts_row_highlighted_and_enter_posts_row_selected() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        app.messages.clear()
        await pilot.press("j")
        await pilot.pause()
        highlighted = [m for m in app.messages if isinstance(m, RecordList.RowHighlighted)]
        assert [(m.index, m.key) for m in highlighted][-1] == (1, "p1")
        assert highlighted[-1].control is app.people
        await pilot.press("enter")
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, RecordList.RowSelected)]
        assert [(m.index, m.key) for m in selected] == [(1, "p1")]


async def test_enter_is_not_offered_where_rows_do_not_open() -> None:
    app = Harness(openable=False)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not [m for m in app.messages if isinstance(m, RecordList.RowSelected)]
        assert "select_cursor" not in {
            binding.binding.action for binding in app.screen.active_bindings.values()
        }


async def test_the_cursor_stays_on_its_record_across_reloads() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        await pilot.press("j", "j", "j")
        assert people.current_key == "p3"
        people.set_records(list(reversed(PEOPLE)))
        assert people.current_key == "p3" and people.cursor == 1
        people.set_records(PEOPLE[:2] + PEOPLE[4:], keep="p4")  # told where to go
        assert people.current_key == "p4"
        people.set_records(PEOPLE[:2])  # its record is gone: the nearest row
        assert people.cursor == 1 and people.current_key == "p1"
        people.set_records([])
        assert people.current_key is None and people.current_record is None
        await pilot.pause()
        assert lines(people)[1].strip() == ""


async def test_the_cursor_follows_its_very_record_or_else_its_key() -> None:
    """A filter narrows the same records: the cursor's record is found by identity (no
    table of every key); reloaded records are new objects, found by key."""
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        await pilot.press("j", "j")
        turing_again = replace(PEOPLE[2], name="Alan M. Turing")
        # The same key twice: the very record the cursor was on wins.
        people.set_records([PEOPLE[2], PEOPLE[0], turing_again])
        assert people.cursor == 0 and people.current_record is PEOPLE[2]
        # Reloaded: another object with its key.
        people.set_records([PEOPLE[4], turing_again])
        assert people.cursor == 1 and people.current_record is turing_again


async def test_records_known_to_be_the_same_objects_are_not_looked_up_by_key() -> None:
    """``by_identity``: another filter over the same load.  The cursor's record is found
    as itself; when the filter left it out, the cursor keeps its height, and an object
    of another load that shares its key is not taken for it."""
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        await pilot.press("j", "j")
        people.set_records([PEOPLE[0], PEOPLE[2], PEOPLE[3]], by_identity=True)
        assert people.cursor == 1 and people.current_record is PEOPLE[2]
        turing_again = replace(PEOPLE[2], name="Alan M. Turing")
        people.set_records([PEOPLE[4], PEOPLE[0], turing_again], by_identity=True)
        assert people.cursor == 1 and people.current_record is PEOPLE[0]
        people.set_records(
            [PEOPLE[4], PEOPLE[0], turing_again, PEOPLE[3]], keep="p3", by_identity=True
        )
        assert people.current_key == "p3"  # a key asked for is looked up whatever


# ---------------------------------------------------------------- selection


async def test_selected_rows_are_marked_and_stay_selected_across_reloads() -> None:
    app = Harness(selectable=True)
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        assert people.toggle_selected() is True
        assert people.toggle_selected("p2") is True
        assert set(people.selected) == {"p0", "p2"}
        await pilot.pause()
        drawn = lines(people)
        assert drawn[1].startswith(" ● ") and drawn[3].startswith(" ● ")
        assert drawn[2].startswith("   ")
        people.set_records(PEOPLE[2:])  # p0 leaves the page, and stays selected
        assert set(people.selected) == {"p0", "p2"}
        assert people.row_text(0).startswith(" ● ")
        assert people.toggle_selected("p2") is False
        assert set(people.selected) == {"p0"}
        people.clear_selection()
        assert not people.selected
        assert not any(people.row_text(n).startswith(" ● ") for n in range(people.row_count))


# ------------------------------------------------------------------ sorting


async def test_s_sorts_each_column_up_then_down_then_the_next() -> None:
    app = Harness()
    async with app.run_test(size=(100, 12)) as pilot:
        people = app.people
        await pilot.press("j")  # on Grace Hopper, who stays under the cursor
        await pilot.press("S")
        await pilot.pause()
        assert people.column_texts("name") == sorted(p.name for p in PEOPLE)
        assert "Name ▲" in lines(people)[0]
        assert people.current_key == "p1"
        await pilot.press("S")
        await pilot.pause()
        assert people.column_texts("name") == sorted((p.name for p in PEOPLE), reverse=True)
        assert "Name ▼" in lines(people)[0] and "▲" not in lines(people)[0]
        assert people.current_key == "p1"
        await pilot.press("S", "S", "S", "S", "S")  # email ▲ ▼, city ▲ ▼, score ▲
        await pilot.pause()
        # By the number, not the text; the one without a score last.
        assert people.row_keys == ["p4", "p1", "p0", "p3", "p2"]
        assert "Score ▲" in lines(people)[0]
        await pilot.press("S")
        assert people.row_keys == ["p3", "p0", "p1", "p4", "p2"]  # still last when reversed
        await pilot.press("S")  # past the last column: the list's own order again
        await pilot.pause()
        assert people.row_keys == [p.id for p in PEOPLE]
        assert "▲" not in lines(people)[0] and "▼" not in lines(people)[0]
        sorts = [m.sort for m in app.messages if isinstance(m, RecordList.Sorted)]
        assert sorts[0] is not None and sorts[0].key == "name" and not sorts[0].reverse
        assert sorts[-1] is None


async def test_a_sort_applies_to_records_loaded_later() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)):
        people = app.people
        people.sort_by("city", reverse=True)
        people.set_records(PEOPLE[1:])
        assert people.column_texts("city") == sorted((p.city for p in PEOPLE[1:]), reverse=True)


async def test_clicking_a_header_sorts_on_it_and_again_reverses() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        await pilot.pause()
        email_x = lines(people)[0].index("Email")
        await pilot.click(people, offset=(email_x, 0))
        assert people.sort is not None and (people.sort.key, people.sort.reverse) == (
            "email",
            False,
        )
        assert people.column_texts("email") == sorted(p.email for p in PEOPLE)
        await pilot.click(people, offset=(email_x, 0))
        assert people.sort is not None and people.sort.reverse
        assert people.column_texts("email") == sorted((p.email for p in PEOPLE), reverse=True)


async def test_clicking_a_row_puts_the_cursor_on_it_and_again_opens_it() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        people = app.people
        await pilot.click(people, offset=(5, 3))  # the header, then rows 0, 1, 2
        assert people.cursor == 2
        assert not [m for m in app.messages if isinstance(m, RecordList.RowSelected)]
        await pilot.click(people, offset=(5, 3))
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, RecordList.RowSelected)]
        assert [m.key for m in selected] == ["p2"]
        await pilot.click(people, offset=(5, 9))  # below the last row: nothing
        assert people.cursor == 2


# ------------------------------------------------------------------ drawing


def test_fit_cuts_with_an_ellipsis_and_respects_wide_characters() -> None:
    assert fit("Aurora Biotech", 14) == "Aurora Biotech"
    assert fit("Aurora Biotech", 10) == "Aurora Bi…"
    assert fit("Trade fair Hamburg", 17) == "Trade fair Hambu…"
    # A two-cell character that would straddle the edge is left out, not split.
    assert fit("日本語テキスト", 6) == "日本 …"
    assert cell_len(fit("日本語テキスト", 6)) == 6
    assert fit("anything", 1) == "…"
    assert fit("anything", 0) == ""


async def test_cut_cells_end_in_an_ellipsis_and_the_detail_line_gives_them_whole() -> None:
    people = [
        Person("w", "Wilhelmina Featherstonehaugh-Smythe", "wilhelmina@example.com", "Oxford", 1),
        Person("j", "日本語の名前がとても長い人", "[bold]tag[/]@example.com", "東京都", 2),
    ]
    app = Harness(people)
    async with app.run_test(size=(50, 8)) as pilot:
        table = app.people
        await pilot.pause()
        drawn = lines(table)
        width = table.scrollable_content_region.width
        assert all(cell_len(line) == width for line in drawn)
        assert drawn[1].startswith(" Wilhelmina Feathers…  wilhelmina@exam…  Oxford ")
        assert "Score" not in drawn[0]  # below its list width: left out
        assert drawn[2].startswith(" 日本語の名前がとて …  ")  # wide characters cut whole
        # The cursor row's cut and hidden values, whole, in the detail line (itself cut
        # with an ellipsis when they do not all fit).
        assert drawn[-1].startswith("Name Wilhelmina Featherstonehaugh-Smythe · Email")
        assert drawn[-1].endswith("…") and cell_len(drawn[-1]) == width
        assert table.detail_text().plain == (
            "Name Wilhelmina Featherstonehaugh-Smythe · Email wilhelmina@example.com · Score 1"
        )
        await pilot.press("j")
        await pilot.pause()
        assert " [bold]tag[/]@ex… " in lines(table)[2]  # markup is text, never read
        assert "[bold]tag[/]@example.com" in table.detail_text().plain


async def test_whole_values_are_drawn_without_an_ellipsis_and_the_list_fills_its_width() -> None:
    app = Harness()
    async with app.run_test(size=(120, 10)) as pilot:
        table = app.people
        await pilot.pause()
        drawn = lines(table)
        for person in PEOPLE:
            row = drawn[1 + PEOPLE.index(person)]
            assert person.name in row and person.email in row and person.city in row
        assert "…" not in "".join(drawn)
        assert drawn[-1].strip() == ""  # nothing cut: nothing to add
        assert drawn[1].rstrip().endswith("90")  # right-aligned, at the list's right edge
        assert cell_len(drawn[1].rstrip()) == table.scrollable_content_region.width - 1


def test_columns_get_what_their_content_needs_and_share_what_is_short_by_weight() -> None:
    columns = [
        Column[Any]("name", "Name", str, 10, grow=4),
        Column[Any]("domain", "Domain", str, 10, grow=1),
        Column[Any]("status", "Status", str, 8),
    ]
    # Room for everything: each column has what it needs; the rest goes by weight.
    needs = {"name": 30, "domain": 20, "status": 11}
    assert fit_widths(columns, 100, needs) == [30 + 31, 20 + 8, 11]
    # Not enough: the short fixed column first, then the domain (needing little) is
    # served whole, and the name takes the rest.
    assert fit_widths(columns, 85, {"name": 80, "domain": 20, "status": 11}) == [54, 20, 11]
    # Nobody can be served whole: shared by weight.
    assert fit_widths(columns, 48, {"name": 80, "domain": 80}) == [10 + 16, 10 + 4, 8]
    assert fit_widths(columns, 49, {"name": 80, "domain": 8}) == [10 + 21, 10, 8]
    # Too narrow for the minimums: each keeps its minimum.
    assert fit_widths(columns, 20, {"name": 80, "domain": 80}) == [10, 10, 8]


async def test_only_the_lines_on_screen_are_drawn() -> None:
    calls: list[str] = []

    def name(person: Person) -> str:
        calls.append(person.id)
        return person.name

    columns = (Column("name", "Name", name, 10), *COLUMNS[1:])
    records = many(60_000)

    class Long(Harness):
        def compose(self) -> ComposeResult:
            yield RecordList(columns, id="people")

    app = Long(records)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        calls.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        assert 0 < len(set(calls)) <= app.people.rows_shown * 2
        assert app.people.current_key == f"m{app.people.rows_shown}"


async def test_a_theme_change_draws_the_lines_again_in_its_colours() -> None:
    app = Harness()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.people
        before = [segment.style for segment in table.render_line(2)]
        assert len(table._lines) > 0  # the rows drawn are kept
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        # Not the kept lines: drawn again, in the new theme's colours.
        after = [segment.style for segment in table.render_line(2)]
        assert after != before
        table.notify_style_update()
        assert len(table._lines) == 0
