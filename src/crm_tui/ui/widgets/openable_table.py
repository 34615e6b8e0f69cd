"""A FittedTable whose ``enter`` says what it does on these lists: open the record.

DataTable's own ``enter`` is described as "Select"; the help screen reads the
descriptions, and on the Dashboard and Companies lists ``enter`` opens a record.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from .fitted_table import FittedTable


class OpenableTable(FittedTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False),
    ]
