"""The value types the demo accepts in request bodies and queries.

Each type validates exactly what its JSON Schema (in the OpenAPI document) says:
the same pattern, the same bounds, no coercion the schema does not describe
(``true`` is not a number, ``0`` is not a date, ``"5"`` is not an integer).  The
patterns spell whitespace out as ASCII, so that every regex engine -- ours, a
client's, a schema validator's -- reads them alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool
from pydantic_core import PydanticCustomError

from crm_tui.api.vocabulary import COMPANY_STATUSES, KNOWN_STAGES
from crm_tui.demo.db import MAX_AMOUNT
from crm_tui.demo.identity import EMAIL_CONNECTIONS, USERS
from crm_tui.demo.text import EMAIL_PATTERN, UUID_PATTERN, is_email

#: Years a date may have.
MIN_YEAR, MAX_YEAR = 1900, 9999
#: Years a date-time may have as written: whatever its UTC offset, the instant in
#: UTC is then within ``MIN_YEAR``..``MAX_YEAR``.
MIN_STAMP_YEAR, MAX_STAMP_YEAR = MIN_YEAR + 1, MAX_YEAR - 1
#: The longest search text (``q``).
MAX_QUERY_LENGTH = 200
#: The highest page number of a list.
MAX_PAGE = 1_000_000

#: What ``str.strip`` removes from text fields here (the ASCII whitespace).
WHITESPACE = " \t\n\r\f\v"
NOT_BLANK_PATTERN = "[^ \\t\\n\\r\\f\\v]"
_DATE_TAIL = "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = f"^(19|[2-9][0-9])[0-9]{{2}}{_DATE_TAIL}$"
_STAMP_YEAR = "(190[1-9]|19[1-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_TIME = "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?"
_OFFSET = "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
DATE_TIME_PATTERN = f"^{_STAMP_YEAR}{_DATE_TAIL}{_TIME}{_OFFSET}$"
CURRENCY_PATTERN = "^([A-Za-z]{3})?$"


def refuse(reason: str) -> PydanticCustomError:
    """A validation error whose message follows the field's name ("value must be ...")."""
    return PydanticCustomError("refused", "{reason}", {"reason": reason})


def _plain_text(value: str) -> str:
    """Text the database can store: valid Unicode (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refuse("is not valid Unicode text (it holds a lone surrogate)") from None
    return value


def _stripped(value: str) -> str:
    return value.strip(WHITESPACE)


def _not_blank(value: str) -> str:
    if not value.strip(WHITESPACE):
        raise PydanticCustomError("blank", "cannot be blank")
    return value


def _email(value: str) -> str:
    if value and not is_email(value):
        raise refuse(f"is not an e-mail address: '{value[:60]}'")
    return value


def _shaped(pattern: str, example: str) -> BeforeValidator:
    """Accept only a string matching ``pattern`` (before pydantic parses it further)."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise refuse(f"must be a string like {example}")
        return value

    return BeforeValidator(check)


def _a_number(value: Any) -> Any:
    """A JSON number: no string, no boolean, and finite (``Infinity``, ``NaN``, ``1e400``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise refuse("must be a finite number")
    return value


def _a_whole_number(value: Any) -> Any:
    """A JSON integer (``5`` or ``5.0``), never a string, a boolean or ``5.5``."""
    _a_number(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise refuse("must be a whole number")
        return int(value)
    return value


def choice(values: Sequence[str]) -> Any:
    """A string that is one of ``values`` (an ``enum`` in the document)."""
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise refuse(f"must be one of {', '.join(allowed)}; got '{value[:60]}'")
        return value

    return Annotated[str, Field(json_schema_extra={"enum": list(allowed)}), AfterValidator(check)]


def omitted() -> Any:
    """The default of a field that may be left out but never be ``null``.

    The document shows no default for it (see ``requests.RequestBody``): a field left
    out is simply not changed or set.
    """
    return Field(default=None)


#: Free text: stripped; blank means none.
Text = Annotated[str, AfterValidator(_plain_text), AfterValidator(_stripped)]
#: Text that must hold more than whitespace; stored stripped.
RequiredText = Annotated[
    str,
    Field(json_schema_extra={"pattern": NOT_BLANK_PATTERN}, description="Not blank."),
    AfterValidator(_not_blank),
    AfterValidator(_plain_text),
    AfterValidator(_stripped),
]
#: Text that must not be empty (kept as it is).
Content = Annotated[str, Field(min_length=1), AfterValidator(_plain_text)]
#: An id a body or a query refers to (every id of the demo is a UUID).
Id = Annotated[
    str,
    Field(pattern=UUID_PATTERN, json_schema_extra={"format": "uuid"}),
    AfterValidator(str.lower),
]
#: An e-mail address, or blank for none.
Email = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": f"^$|{EMAIL_PATTERN}"},
        description="An e-mail address, or blank for none.",
    ),
    AfterValidator(_email),
]
Currency = Annotated[
    str,
    Field(pattern=CURRENCY_PATTERN, description="A three-letter ISO 4217 code, or blank."),
    AfterValidator(str.upper),
]
Amount = Annotated[
    float,
    Field(ge=0, le=MAX_AMOUNT, description=f"From 0 to {MAX_AMOUNT:.0e}, finite."),
    BeforeValidator(_a_number),
]
Probability = Annotated[int, Field(ge=0, le=100), BeforeValidator(_a_whole_number)]
Flag = StrictBool
Day = Annotated[
    date,
    _shaped(DATE_PATTERN, "2025-03-14 (years 1900-9999)"),
    Field(
        json_schema_extra={"pattern": DATE_PATTERN},
        description=f"A date, years {MIN_YEAR}-{MAX_YEAR}.",
    ),
]
Moment = Annotated[
    datetime,
    _shaped(DATE_TIME_PATTERN, "2025-03-14T09:30:00Z (with an offset; years 1901-9998)"),
    Field(
        json_schema_extra={"pattern": DATE_TIME_PATTERN},
        description=(
            f"A date-time with Z or an offset, years {MIN_STAMP_YEAR}-{MAX_STAMP_YEAR} as "
            f"written (so that it is within {MIN_YEAR}-{MAX_YEAR} in UTC)."
        ),
    ),
]

if TYPE_CHECKING:
    CompanyStatus: TypeAlias = str
    Stage: TypeAlias = str
    Channel: TypeAlias = str
    Owner: TypeAlias = str
else:
    CompanyStatus = choice(COMPANY_STATUSES)
    Stage = choice(KNOWN_STAGES)
    Channel = choice(sorted({channel for _, channel, _, _ in EMAIL_CONNECTIONS}))
    #: ``ownerUserId`` of a body: ``me`` or one of the entity's (fixed) users.
    Owner = choice(["me", *(user_id for user_id, _, _ in USERS)])
