"""The Company and Contact picker fields of the lead and activity forms.

Both forms link their record to a company and a contact with a :class:`PickerField`
each, side by side, ids ``company`` and ``contact``; both read a picker's value (the
chosen id, or None) into their values by the picker's id.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import DOMNode

from ...api import CrmClient
from ..choices import company_search, contact_search
from ..widgets.picker_field import PickerField
from .form import field


def company_and_contact_fields(
    api: CrmClient,
    *,
    company_id: str | None = None,
    company_name: str | None = None,
    contact_id: str | None = None,
    contact_name: str | None = None,
) -> ComposeResult:
    """One row: the Company picker, then the Contact picker, each searching the server."""
    with Horizontal(classes="field-row"):
        yield field(
            "Company",
            PickerField(
                id="company",
                title="Company",
                search=company_search(api),
                value=company_id,
                value_label=company_name,
                placeholder="Type to search companies",
            ),
        )
        yield field(
            "Contact",
            PickerField(
                id="contact",
                title="Contact",
                search=contact_search(api),
                value=contact_id,
                value_label=contact_name,
                placeholder="Type to search contacts",
            ),
        )


def picked_values(form: DOMNode) -> dict[str, str | None]:
    """Every picker field's value in ``form``, by the picker's id."""
    return {picker.id: picker.value for picker in form.query(PickerField) if picker.id is not None}
