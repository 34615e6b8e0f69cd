"""Shape checks for form fields: lenient enough for real data, strict enough to catch typos.

The server has the last word; these only stop a request that is bound to be refused
(or to store something nobody can use) before it is sent.
"""

from __future__ import annotations

import re

from .widgets.pickers import is_uuid

__all__ = ["PHONE_RULE", "is_domain", "is_email", "is_phone", "is_uuid"]

#: What a phone number must be, said when one is refused.
PHONE_RULE = "At least 3 digits, with spaces, + - ( ) . if you like, and an optional 'ext 12'."

#: something@somewhere.tld, no spaces: the shape, not deliverability.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
#: Digits with the usual separators, an optional leading +, an optional extension.
_PHONE = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x)\s*\d+)?", re.IGNORECASE)
#: example.com, sub.example.co.uk: labels of letters, digits and hyphens.
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", re.IGNORECASE)


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


def is_phone(text: str) -> bool:
    """'+1 (555) 010-2000 ext 12', '020 7946 0958', '555.0100': at least 3 digits."""
    return _PHONE.fullmatch(text) is not None and sum(ch.isdigit() for ch in text) >= 3


def is_domain(text: str) -> bool:
    return _DOMAIN.fullmatch(text) is not None
