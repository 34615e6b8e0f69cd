"""The API key taken out of text a server sent back, in whatever form it was echoed.

A careless server quotes the credentials it refused: the whole key, the key without
its ``ak_`` prefix, upper-cased, cut short, base64-encoded (an ``Authorization``
header decoded halfway), URL-encoded.  :func:`redact_key` removes every run of
:data:`MIN_RUN` or more consecutive characters of any of these forms, in any case,
so a message keeps its words but never enough of the key to be of use.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from urllib.parse import quote, quote_plus

#: The shortest run of the key's characters that is redacted.
MIN_RUN = 12
#: A form shorter than :data:`MIN_RUN` (a short key's part after ``ak_``) is redacted
#: whole, when it has at least this many characters: fewer are no secret.
MIN_WHOLE = 8
#: What a redacted run reads as.
REDACTED = "…(redacted)"
#: A base64 group is 4 characters; one next to the key's bytes also holds others'.
_B64_GROUP = 4


def redact_key(text: str, key: str, *, prefix: str) -> str:
    """``text`` without any run of :data:`MIN_RUN` characters of ``key`` in any echoed form.

    ``prefix`` is what every key starts with (``ak_``): a server may echo the rest alone.
    """
    if not key:
        return text
    pattern = _echo_pattern(key, prefix)
    spans: list[list[int]] = []
    # The lookahead finds overlapping windows: together they cover a run of any length.
    for match in pattern.finditer(text):
        start, end = match.start(), match.start() + len(match.group(1))
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if not spans:
        return text
    parts, cursor = [], 0
    for start, end in spans:
        parts += [text[cursor:start], REDACTED]
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def echoed_forms(key: str, prefix: str) -> list[str]:
    """The key as a server may write it back; any case is matched later."""
    forms = {key, key.removeprefix(prefix), quote(key, safe=""), quote_plus(key)}
    raw = key.encode()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        # Encoded inside a longer string, the key's base64 depends on how many bytes
        # came before it (0, 1 or 2 modulo 3): the three alignments cover any position.
        # The groups at either end mix in the neighbours' bits and are left out.
        for offset in range(3):
            encoded = encode(b"\0" * offset + raw).decode().rstrip("=")
            inner = encoded[_B64_GROUP if offset else 0 : -_B64_GROUP]
            if inner:
                forms.add(inner)
    return sorted(forms, key=len, reverse=True)


@lru_cache(maxsize=4)
def _echo_pattern(key: str, prefix: str) -> re.Pattern[str]:
    """Every window of :data:`MIN_RUN` characters of every form, as one lookahead."""
    windows = {key}
    for form in echoed_forms(key, prefix):
        if len(form) >= MIN_RUN:
            windows.update(form[i : i + MIN_RUN] for i in range(len(form) - MIN_RUN + 1))
        elif len(form) >= MIN_WHOLE:
            windows.add(form)
    alternatives = "|".join(re.escape(window) for window in sorted(windows, key=len, reverse=True))
    return re.compile(f"(?=({alternatives}))", re.IGNORECASE)
