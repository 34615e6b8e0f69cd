"""Credentials: refused before any request, and the key never shows anywhere."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import httpx
import pytest
from pydantic import SecretStr

from crm_tui.api import ConfigurationError, CrmClient, CrmError

from .conftest import (
    ENTITY_ID,
    MOCK_BASE_URL,
    SECRET_KEY,
    MockClientFactory,
    Recorder,
    json_response,
)


def never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError("no request may be sent")


@pytest.mark.parametrize(
    "api_key",
    [
        "",
        "ak_",
        "sk_live_123",
        "AK_upper",
        "Bearer ak_abc",
        "ak_with space",
        "ak_line\nbreak",
        "abc",
    ],
)
async def test_a_key_without_the_prefix_is_refused_before_any_request(api_key: str) -> None:
    recorder = Recorder(never_called)
    with pytest.raises(ConfigurationError) as caught:
        CrmClient(
            base_url=MOCK_BASE_URL,
            api_key=api_key,
            entity_id=ENTITY_ID,
            transport=httpx.MockTransport(recorder),
        )
    assert recorder.count == 0
    if api_key.startswith("ak_") and len(api_key) > 3:
        assert api_key not in str(caught.value)


@pytest.mark.parametrize(
    "entity_id",
    ["", "me", "not-a-uuid", "497f6eca-6276-4993-bfeb", "12345", "497f6eca62764993bfeb53cbbbba6f0"],
)
async def test_an_entity_that_is_not_a_uuid_is_refused_before_any_request(entity_id: str) -> None:
    recorder = Recorder(never_called)
    with pytest.raises(ConfigurationError, match="UUID"):
        CrmClient(
            base_url=MOCK_BASE_URL,
            api_key=SECRET_KEY,
            entity_id=entity_id,
            transport=httpx.MockTransport(recorder),
        )
    assert recorder.count == 0


async def test_a_secret_str_key_is_accepted_and_sent() -> None:
    recorder = Recorder(lambda request: json_response(200, {}))
    async with CrmClient(
        base_url=MOCK_BASE_URL,
        api_key=SecretStr(SECRET_KEY),
        entity_id=ENTITY_ID,
        transport=httpx.MockTransport(recorder),
    ) as client:
        await client.get_dashboard()
    assert recorder.requests[0].headers["Authorization"] == f"Bearer {SECRET_KEY}"


# ------------------------------------------------------------ the key never leaks


def _raise(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def _echo_auth(status: int) -> Callable[[httpx.Request], httpx.Response]:
    """A careless server that quotes the credentials back in its error."""

    def handler(request: httpx.Request) -> httpx.Response:
        auth = request.headers["Authorization"]
        return json_response(status, {"error": f"Invalid credentials: {auth}"})

    return handler


def _echo_auth_text(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, text=f"bad key {request.headers['Authorization']}")


FAULTS: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "401": lambda request: json_response(401, {"error": "Invalid API key"}),
    "401-echoing-key": _echo_auth(401),
    "403-echoing-key": _echo_auth(403),
    "500-echoing-key": _echo_auth(500),
    "401-plain-text-echoing-key": _echo_auth_text,
    "429": lambda request: json_response(429, {"error": "slow"}, **{"Retry-After": "1"}),
    "503": lambda request: httpx.Response(503, text="<html>busy</html>"),
    "not-json": lambda request: httpx.Response(200, text="nope"),
    "misfit": lambda request: json_response(200, ["not", "a", "company"]),
    "timeout": _raise(httpx.ReadTimeout("timed out")),
    "refused": _raise(httpx.ConnectError("Connection refused")),
}


async def _failing_call(client: CrmClient) -> CrmError:
    with pytest.raises(CrmError) as caught:
        await client.get_company("c-1")
    return caught.value


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_the_key_is_absent_from_errors_repr_tracebacks_and_logs(
    mock_client: MockClientFactory, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    client, _ = mock_client(FAULTS[fault])
    with caplog.at_level(logging.DEBUG):
        error = await _failing_call(client)
    shown = [
        str(error),
        repr(error),
        error.message,
        "".join(traceback.format_exception(error)),
        repr(client),
        str(client),
        caplog.text,
        *(record.getMessage() for record in caplog.records),
    ]
    for text in shown:
        assert SECRET_KEY not in text
        assert SECRET_KEY[3:] not in text
    # The logs did see the call: this test would notice if logging were off.
    if fault not in {"timeout", "refused"}:
        assert any("crm.invalid" in record.getMessage() for record in caplog.records)


async def test_an_echoed_key_is_redacted_but_the_message_kept(
    mock_client: MockClientFactory,
) -> None:
    client, _ = mock_client(_echo_auth(401))
    error = await _failing_call(client)
    assert error.status == 401
    assert error.message.startswith("Invalid credentials: Bearer ")
    assert "redacted" in error.message


async def test_the_key_is_absent_from_the_demo_error_path(
    make_demo_client: Callable[..., CrmClient], caplog: pytest.LogCaptureFixture
) -> None:
    wrong_key = "ak_demo_wrong_SECRET_0123456789"
    client = make_demo_client(api_key=wrong_key)
    with caplog.at_level(logging.DEBUG):
        error = await _failing_call(client)
    text = "".join(traceback.format_exception(error)) + repr(error) + caplog.text + repr(client)
    assert wrong_key not in text


async def test_client_repr_and_vars_do_not_show_the_key(
    mock_client: MockClientFactory,
) -> None:
    client, _ = mock_client(lambda request: json_response(200, {}))
    assert SECRET_KEY not in repr(client)
    assert SECRET_KEY not in repr(vars(client))


async def test_a_key_pasted_into_the_entity_field_is_not_echoed() -> None:
    recorder = Recorder(never_called)
    with pytest.raises(ConfigurationError) as caught:
        CrmClient(
            base_url=MOCK_BASE_URL,
            api_key=SECRET_KEY,
            entity_id=SECRET_KEY,
            transport=httpx.MockTransport(recorder),
        )
    assert SECRET_KEY not in str(caught.value)
    assert SECRET_KEY not in "".join(traceback.format_exception(caught.value))
    assert "UUID" in caught.value.message
    assert recorder.count == 0
