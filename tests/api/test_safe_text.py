"""No text the server sends can act on the terminal: the client cleans it as it decodes."""

from __future__ import annotations

import json

import httpx
import pytest

from crm_tui.api import CrmError
from crm_tui.api.models import CompanyCreate
from crm_tui.api.safe_text import UNSAFE, clean_json, may_need_cleaning, safe_text

from .conftest import MockClientFactory, json_response

#: Every character that must not reach a terminal as itself.
UNSAFE_CHARS = [
    *(chr(code) for code in range(0x20) if chr(code) not in "\t\n"),
    "\x7f",
    *(chr(code) for code in range(0x80, 0xA0)),
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Clear\x1b[2JScreen Ltd", "Clear␛[2JScreen Ltd"),
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),
        ("\x1b]0;pwned\x07", "␛]0;pwned␇"),
        (
            "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
            "␛]8;;https://evil.example␛\\click␛]8;;␛\\",
        ),
        ("\x1b[5mblink\x1b[0m", "␛[5mblink␛[0m"),
        ("C1 \x9b2J", "C1 �2J"),
        ("del\x7f", "del␡"),
        ("abc\u202egnp.exe", "abc�gnp.exe"),
        ("iso\u2066late\u2069", "iso�late�"),
        ("bell\x07 null\x00 back\x08", "bell␇ null␀ back␈"),
        ("line\r\nend", "line\nend"),
        ("over\rwrite", "over␍write"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("Zoë 漢字 [bold]ok[/]", "Zoë 漢字 [bold]ok[/]"),
    ],
)
def test_safe_text_shows_a_placeholder_for_every_control(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


@pytest.mark.parametrize("char", UNSAFE_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_unsafe_character_is_replaced_and_seen_in_any_json_spelling(char: str) -> None:
    cleaned = safe_text(f"a{char}b")
    assert char not in cleaned
    assert cleaned.startswith("a") and cleaned.endswith("b") and len(cleaned) == 3
    # However the server writes it, the raw body gives it away.
    spellings = [
        json.dumps({"name": f"a{char}b"}).encode(),  # \u001b escapes (and \b, \f, \r)
        json.dumps({"name": f"a{char}b"}, ensure_ascii=False).encode(),  # raw UTF-8
        f'{{"name": "a\\u{ord(char):04X}b"}}'.encode(),  # upper-case hex
        json.dumps({"name": f"a{char}b"}).encode("utf-16"),  # not UTF-8 at all
    ]
    for raw in spellings:
        assert may_need_cleaning(raw), raw
        assert char not in json.dumps(clean_json(raw, json.loads(raw)), ensure_ascii=False)


def test_only_those_characters_are_unsafe() -> None:
    unsafe = {chr(code) for code in range(0x3000) if UNSAFE.match(chr(code))}
    assert unsafe == set(UNSAFE_CHARS)


def test_ordinary_bodies_take_the_fast_path() -> None:
    record = {
        "name": "Zoë Ångström 漢字 — “quoted” [bold]",
        "notes": "two\nlines\tand a tab",
        "path": "C:/x",
    }
    for raw in (json.dumps(record).encode(), json.dumps(record, ensure_ascii=False).encode()):
        assert not may_need_cleaning(raw)
        data = json.loads(raw)
        assert clean_json(raw, data) is data  # nothing walked, nothing copied


def test_keys_and_nested_values_are_cleaned() -> None:
    raw = json.dumps({"items": [{"name": "a\x1bb", "tags": ["\x9b"]}], "by\u202estatus": {}})
    cleaned = clean_json(raw.encode(), json.loads(raw))
    assert cleaned == {"items": [{"name": "a␛b", "tags": ["�"]}], "by�status": {}}


async def test_records_read_through_the_client_are_clean(mock_client: MockClientFactory) -> None:
    company = {"id": "c1", "name": "Clear\x1b[2JScreen Ltd", "notes": "\x1b]52;c;aGk=\x07"}
    client, _ = mock_client(lambda request: json_response(200, company))
    read = await client.get_company("c1")
    assert read.name == "Clear␛[2JScreen Ltd"
    assert read.notes == "␛]52;c;aGk=␇"


async def test_server_error_messages_are_clean(mock_client: MockClientFactory) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return json_response(400, {"error": "bad \x1b]0;pwned\x07 name\u202e"})

    client, _ = mock_client(refuse)
    with pytest.raises(CrmError) as caught:
        await client.get_company("c1")
    assert caught.value.message == "bad ␛]0;pwned␇ name�"
    assert "\x1b" not in str(caught.value)


async def test_plain_text_error_bodies_are_clean(mock_client: MockClientFactory) -> None:
    client, _ = mock_client(lambda request: httpx.Response(403, text="no \x9b2J way"))
    with pytest.raises(CrmError) as caught:
        await client.get_company("c1")
    assert caught.value.message == "no �2J way"


async def test_write_answers_are_clean_too(mock_client: MockClientFactory) -> None:
    company = {"id": "c1", "name": "New\x1b]0;pwned\x07 Co", "status": "prospect"}
    client, _ = mock_client(lambda request: json_response(201, company))
    made = await client.create_company(CompanyCreate(name="New Co"))
    assert made.name == "New␛]0;pwned␇ Co"
