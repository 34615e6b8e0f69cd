"""Money in narrow places, and sums that never put one currency's label on several.

Leads carry their own currency.  A sum over leads is kept per currency
(:class:`Totals`) and written per currency ("€186.5k · $25k · CHF 18.5k"); where
that does not fit, it says "mixed" and the full breakdown is shown elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .formatting import DASH

if TYPE_CHECKING:
    from ..api.models import Lead

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
#: Written in place of a sum of several currencies that has no room to be split.
MIXED = "mixed"
#: Between the per-currency parts of a sum.
SEPARATOR = " · "


#: A sum per currency (None: the server did not say which).
Totals = dict[str | None, float]


def amount(value: float | None, currency: str | None = None) -> str:
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


def lead_totals(leads: Iterable[Lead]) -> tuple[Totals, Totals]:
    """The leads' value and weighted value, per currency (leads without a value left
    out of both), in one pass over the leads rather than one for each sum."""
    values: Totals = {}
    weighted: Totals = {}
    for lead in leads:
        number = lead.value
        if number is None:
            continue
        code = (lead.currency or "").upper() or None
        values[code] = values.get(code, 0.0) + number
        weighted[code] = weighted.get(code, 0.0) + lead.weighted_value
    return values, weighted


def is_mixed(sums: Totals) -> bool:
    return len(sums) > 1


def amounts(sums: Totals) -> str:
    """'€186.5k · $25k · CHF 18.5k': each currency's sum, the biggest first; '0' for none."""
    if not sums:
        return amount(0)
    ordered = sorted(sums.items(), key=lambda item: (-item[1], item[0] or ""))
    return SEPARATOR.join(amount(value, code) for code, value in ordered)


def fitted_amounts(sums: Totals, width: int) -> str:
    """:func:`amounts` when it fits ``width`` cells, else 'mixed' (several currencies)."""
    text = amounts(sums)
    if len(text) <= width or not is_mixed(sums):
        return text
    return MIXED
