"""A server that echoes the key back, in any form, never gets it into an error message."""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import httpx
import pytest

from crm_tui.api import CrmClient, Unauthorized
from crm_tui.api.redaction import MIN_RUN, redact_key
from crm_tui.ui.feedback import describe

from .conftest import ENTITY_ID, MOCK_BASE_URL, SECRET_KEY, json_response

#: A key with characters that URL encoding changes.
ODD_KEY = "ak_Te+st/9Qx7=SECRET&key%DoNotLeak"

Echo = Callable[[str], str]

ECHOES: dict[str, Echo] = {
    "exact": lambda key: key,
    "without prefix": lambda key: key[3:],
    "upper case": str.upper,
    "lower case": str.lower,
    "swapped case": str.swapcase,
    "last character missing": lambda key: key[:-1],
    "first character missing": lambda key: key[1:],
    "a run of 12 from the middle": lambda key: key[5 : 5 + MIN_RUN],
    "base64": lambda key: base64.b64encode(key.encode()).decode(),
    "base64 without padding": lambda key: base64.b64encode(key.encode()).decode().rstrip("="),
    "base64 url-safe": lambda key: base64.urlsafe_b64encode(key.encode()).decode(),
    "base64 of the header": lambda key: base64.b64encode(f"Bearer {key}".encode()).decode(),
    "base64 of basic auth": lambda key: base64.b64encode(f"api:{key}".encode()).decode(),
    "url-encoded": lambda key: quote(key, safe=""),
    "form-encoded": quote_plus,
    "twice in a row": lambda key: key + key,
}


def leaked_runs(text: str, key: str) -> list[str]:
    """Runs of MIN_RUN characters of any plain, encoded or base64 form of ``key`` in ``text``."""
    found = []
    folded = text.casefold()
    plain = [key, key[3:], quote(key, safe=""), quote_plus(key)]
    for form in plain:
        for start in range(len(form) - MIN_RUN + 1):
            window = form[start : start + MIN_RUN].casefold()
            if window in folded:
                found.append(window)
    # Base64 at each of its three alignments, left of the groups mixing in other bytes.
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + key.encode()).decode().rstrip("=")
        inner = encoded[4:-4]
        for start in range(len(inner) - MIN_RUN + 1):
            if inner[start : start + MIN_RUN] in text:
                found.append(inner[start : start + MIN_RUN])
    return found


def echoing(echo: Echo, key: str, shape: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        said = f"Invalid credentials: {echo(key)} is not a known key"
        if shape == "text":
            return httpx.Response(401, text=said)
        return json_response(401, {shape: said})

    return handler


@pytest.mark.parametrize("key", [SECRET_KEY, ODD_KEY], ids=["plain key", "odd characters"])
@pytest.mark.parametrize("shape", ["error", "detail", "text"])
@pytest.mark.parametrize("form", list(ECHOES))
async def test_an_echoed_key_never_reaches_the_message(form: str, shape: str, key: str) -> None:
    client = CrmClient(
        base_url=MOCK_BASE_URL,
        api_key=key,
        entity_id=ENTITY_ID,
        transport=httpx.MockTransport(echoing(ECHOES[form], key, shape)),
    )
    async with client:
        with pytest.raises(Unauthorized) as caught:
            await client.get_dashboard()
    error = caught.value
    shown = describe(error)
    for text in (error.message, str(error), repr(error), shown.message, shown.title):
        assert leaked_runs(text, key) == [], text
    # The server's words stay: only the key is gone.
    assert error.message.startswith("Invalid credentials: ")
    assert error.message.endswith(" is not a known key")
    assert "(redacted)" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "Invalid credentials",
        "Entity 497f6eca-6276-4993-bfeb-53cbbbba6f08 is not yours",
        "ak_ keys must be sent as Bearer tokens",
        "SECRET",  # a short piece of the key is no secret: messages keep their words
    ],
)
def test_messages_without_the_key_are_left_alone(text: str) -> None:
    assert redact_key(text, SECRET_KEY, prefix="ak_") == text


def test_a_long_run_is_redacted_whole_not_window_by_window() -> None:
    text = f"saw {SECRET_KEY[2:]} and {SECRET_KEY[:20]}."
    assert redact_key(text, SECRET_KEY, prefix="ak_") == "saw …(redacted) and …(redacted)."
