"""``y`` copies the highlighted record's most useful value, ``Y`` lets the user pick one."""

from __future__ import annotations

import pytest

from crm_tui.api.models import Company, Contact, Lead
from crm_tui.ui.copying import CopyValue, best_value, copy_values
from crm_tui.ui.formatting import shorten
from crm_tui.ui.widgets.pickers import Picker

from .conftest import make_app, notified, settle


def test_the_most_useful_value_is_the_email_the_domain_or_the_id() -> None:
    assert best_value(Contact(id="c1", email="ann@example.com")) == CopyValue(
        "email", "ann@example.com"
    )
    assert best_value(Contact(id="c1")) == CopyValue("id", "c1")
    assert best_value(Company(id="k1", domain="acme.example")) == CopyValue(
        "domain", "acme.example"
    )
    assert best_value(Lead(id="l1", title="Deal")) == CopyValue("id", "l1")


def test_every_field_with_a_value_is_offered_the_best_first() -> None:
    company = Company.model_validate(
        {"id": "k1", "name": "Acme [x]", "domain": "acme.example", "vatNumber": "DE123"}
    )
    values = copy_values(company)
    assert values[0] == CopyValue("domain", "acme.example")
    names = [value.name for value in values]
    assert {"id", "name", "domain"} <= set(names) and len(names) == len(set(names))
    assert "owner user id" not in names  # no value, nothing to copy
    assert any(value.value == "DE123" for value in values), "unknown fields are kept"


def test_a_long_value_is_cut_in_the_message_with_an_ellipsis() -> None:
    assert shorten("x" * 60, 40) == "x" * 39 + "…"
    assert shorten("short", 40) == "short"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("3",), "email"),  # Contacts: the highlighted contact's email
        (("2",), "domain"),  # Companies: the highlighted company's domain
        (("4",), "id"),  # the board: the selected lead's id
        (("5",), "id"),  # Activities
        (("6",), "id"),  # Tasks
        (("1",), "id"),  # the Dashboard's recent activity
        (("3", "enter"), "email"),  # a contact's own screen
        (("2", "enter"), "domain"),  # a company's own screen
        (("4", "enter"), "id"),  # a lead's own screen
    ],
)
async def test_y_copies_the_highlighted_records_value_and_says_so(
    keys: tuple[str, ...], expected: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        record = app.screen.copy_record()  # type: ignore[attr-defined]
        assert record is not None
        await pilot.press("y")
        await pilot.pause()
        value = best_value(record)
        assert value.name == expected
        assert app.clipboard == value.value
        message = notified(app)[-1]
        assert message.message == f"Copied {value.describe()}"
        assert not message.markup


async def test_capital_y_picks_which_value_to_copy() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        contact = app.screen.copy_record()  # type: ignore[attr-defined]
        assert isinstance(contact, Contact) and contact.company_name
        await pilot.press("Y")
        await settle(app, pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*"company name", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, Picker)
        assert app.clipboard == contact.company_name
