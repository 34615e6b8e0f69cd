"""Text from outside made safe to draw: no byte of it can act on the terminal.

A server (or a config file) may hold any character.  Drawn as is, an escape sequence
in a company's name clears the screen, writes the clipboard (OSC 52), renames the
terminal window or plants a hyperlink; a bidi override reorders the text after it.
:func:`safe_text` is the one function that neutralises them, by a visible
placeholder rather than by dropping them, so ``"a\\x1b[2Jb"`` still reads
``"a␛[2Jb"``:

* C0 controls but tab and newline become their Unicode control picture
  (``\\x1b`` → ``␛``, ``\\x07`` → ``␇``); a CR before a newline is a line end and
  goes, a lone CR becomes ``␍``;
* DEL becomes ``␡``;
* C1 controls (U+0080-U+009F) and the bidi embeddings, overrides and isolates
  (U+202A-U+202E, U+2066-U+2069) become ``�``.

It is applied where text enters the program: to every decoded JSON answer
(:func:`clean_json`, called by the transport), to every error message
(:class:`~crm_tui.api.errors.CrmError`) and to the config's names.  Everything drawn
comes from one of those.

Cleaning a decoded answer means walking all of it, which a 60,000-record list would
feel.  :func:`clean_json` first looks at the raw body with a few compiled patterns that
find every way such a character can be written in JSON (raw, or escaped as
``\\u001b``, ``\\b``...), and walks only when one matches.  They err on the side of
matching (``\\u0009`` is a harmless tab): a false alarm costs only the walk.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: What :func:`safe_text` replaces: C0 but tab/newline, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: A Windows line end: a line end, not a stray carriage return.
_CRLF = re.compile("\r\n")

#: The placeholder for a C1 or bidi control: the replacement character.
REPLACEMENT = "\ufffd"
#: Every C0 control has a picture at U+2400 + its code; DEL's is U+2421.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}

#: The ways a UTF-8 JSON body can carry an unsafe character, each behind a byte that
#: must be there for it to match (a quick ``in`` test skips the scan when it is not):
#: ``\u`` escapes of C0, DEL, C1 and bidi controls and the short escapes ``\b``,
#: ``\f``, ``\r``; raw C1 (UTF-8 ``C2 80``-``C2 9F``); raw bidi controls.  Raw DEL is
#: one byte, looked for alone.  A raw C0 control is not valid in a JSON string: the
#: decoder refuses it.  Each is its own pattern: one pattern of them all, matched at
#: every byte, took longer than decoding the JSON.
_SCANS: tuple[tuple[bytes, re.Pattern[bytes]], ...] = (
    (b"\\", re.compile(rb"\\(?:u(?:00[0189][0-9a-fA-F]|007[fF]|202[a-eA-E]|206[6-9])|[bfr])")),
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")),
)


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    return _PICTURES.get(code, REPLACEMENT)


def safe_text(text: str) -> str:
    """``text`` with every control character that could act on a terminal made visible."""
    if not UNSAFE.search(text):
        return text  # the usual case: no copy
    return UNSAFE.sub(_placeholder, _CRLF.sub("\n", text))


def may_need_cleaning(raw: bytes | bytearray) -> bool:
    """Whether a raw JSON body may decode to a string :func:`safe_text` would change."""
    if not json.detect_encoding(raw).startswith("utf-8"):
        return True  # UTF-16 or 32: its characters cannot be seen byte by byte
    if b"\x7f" in raw:
        return True
    return any(gate in raw and pattern.search(raw) for gate, pattern in _SCANS)


def clean_tree(data: Any) -> Any:
    """Decoded JSON with every string in it (keys too) passed through :func:`safe_text`."""
    if isinstance(data, str):
        return safe_text(data)
    if isinstance(data, list):
        return [clean_tree(item) for item in data]
    if isinstance(data, dict):
        return {safe_text(key): clean_tree(value) for key, value in data.items()}
    return data


def clean_json(raw: bytes | bytearray, data: Any) -> Any:
    """``data``, decoded from ``raw``, made safe: walked only when ``raw`` says it may need it."""
    return clean_tree(data) if may_need_cleaning(raw) else data
