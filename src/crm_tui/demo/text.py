"""Text helpers shared by the fixtures and the queries: folding, sorting, checks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: An e-mail address as the demo checks it: something@domain.tld, no whitespace.  The
#: whitespace is spelled out so that every regex engine (a schema validator's too)
#: reads the pattern alike.
EMAIL_PATTERN = "^[^@ \\t\\n\\r\\f\\v]+@[^@ \\t\\n\\r\\f\\v]+\\.[^@. \\t\\n\\r\\f\\v]+$"
_EMAIL = re.compile(EMAIL_PATTERN)
#: The canonical 8-4-4-4-12 hex form of a UUID (any case).
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_UUID = re.compile(UUID_PATTERN)


def fold(text: str) -> str:
    """Case-folded: what ``q`` searches match against (case-insensitive, like ILIKE)."""
    return text.casefold()


@lru_cache(maxsize=4096)
def sort_key(text: str) -> str:
    """Case- and accent-folded: ``Ålesund`` sorts with the A's, not after ``Zephyr``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def contact_sort_key(first: str | None, last: str | None, email: str | None) -> str:
    """Last name, then first name; a contact with neither sorts by e-mail."""
    if last or first:
        return sort_key(f"{last or ''}\x1f{first or ''}")
    return sort_key(email or "")


def like_contains(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching ``text`` anywhere, wildcards literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))


def is_uuid(text: str) -> bool:
    """The canonical 8-4-4-4-12 hex form (any case)."""
    return bool(_UUID.fullmatch(text))


@lru_cache(maxsize=4096)
def ascii_slug(text: str, sep: str) -> str:
    """``Café Müller`` -> ``cafe-muller`` (with ``sep="-"``)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return sep.join(words)
