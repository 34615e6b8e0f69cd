"""Every ``curl`` example of the API reference, replayed against the demo backend.

The reference (``docs/reference/axiomatic-crm-api.txt``, a copy of the public
reference text kept in the repository so that this test runs anywhere) shows one
curl example per endpoint, with placeholder UUIDs.  Each example is sent:

* as written, with the demo's key and entity: the placeholder ids are unknown, so a
  read or write of a record answers the documented error (404, or 400 for a body the
  demo refuses), and a list or a create answers 2xx;
* with the placeholder ids replaced by real demo ids, where the example has ids:
  now the operation works (or answers the clear 4xx our contract documents);
* as written, entity included: the placeholder entity is not the key's, so 403.

Whatever the answer, it is never a 5xx, and an error is ``{"error": "<text>"}``.
The reference text does not keep its status codes (only the response bodies), so
the expected status of each example is written down below, from our contract; where
the reference shows no error body for an endpoint, an error is one of those every
endpoint may give (401, 403, 400 for a malformed request) or one our contract adds
(404 for an unknown id, 405 for deleting a contact).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest

from crm_tui.api import CrmClient
from crm_tui.api.models import CLOSED_STAGES

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference" / "axiomatic-crm-api.txt"

METHODS = ("GET", "POST", "PATCH", "DELETE")
CURL = re.compile(r'curl -X (?P<method>[A-Z]+) "(?P<url>[^"]+)"')
HEADER = re.compile(r'-H "(?P<name>[^:"]+):\s*(?P<value>[^"]*)"')
DATA = re.compile(r"-d '(?P<body>.*)'")
PARAM = re.compile(r"^\{(\w+)\}$")


@dataclass(frozen=True)
class Example:
    title: str
    method: str
    template: str  # /api/crm/companies/{companyId}
    path: str  # /api/crm/companies/497f6eca-...
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: Any  # parsed JSON, or None
    documented: tuple[str, ...]  # the reference's response bodies: "empty", "object", "error"

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def path_params(self) -> dict[str, str]:
        """``{"companyId": "<placeholder>"}`` from the template and the example's path."""
        found = {}
        for pattern, value in zip(self.template.split("/"), self.path.split("/"), strict=True):
            match = PARAM.match(pattern)
            if match:
                found[match.group(1)] = value
        return found


def _documented(lines: list[str]) -> tuple[str, ...]:
    """The response bodies shown after an example: Empty, {} or a JSON object."""
    kinds: list[str] = []
    block: list[str] | None = None
    for raw in lines:
        line = raw.strip()
        if block is not None:
            block.append(line)
            if line == "}":
                body = json.loads(" ".join(block))
                kinds.append("error" if "error" in body else "object")
                block = None
        elif line == "Empty":
            kinds.append("empty")
        elif line == "{}":
            kinds.append("object")
        elif line == "{":
            block = [line]
    return tuple(kinds)


def parse_reference(text: str) -> list[Example]:
    lines = text.splitlines()
    starts = [
        i
        for i in range(len(lines) - 1)
        if lines[i].strip() in METHODS and lines[i + 1].startswith("/api/crm")
    ]
    examples = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 2 if n + 1 < len(starts) else len(lines)  # the next title
        title = next(line for line in reversed(lines[:start]) if line.strip())
        method, template = lines[start].strip(), lines[start + 1].strip()
        [curl_at] = [i for i in range(start, end) if lines[i].startswith("curl -X")]
        curl = lines[curl_at]
        match = CURL.search(curl)
        assert match, curl
        url = urlsplit(match.group("url"))
        data = DATA.search(curl)
        examples.append(
            Example(
                title=title.strip(),
                method=match.group("method"),
                template=template,
                path=url.path,
                query=tuple(parse_qsl(url.query)),
                headers=tuple((h["name"], h["value"]) for h in HEADER.finditer(curl)),
                body=json.loads(data.group("body")) if data else None,
                documented=_documented(lines[curl_at + 1 : end]),
            )
        )
        assert examples[-1].method == method, f"{title}: the example's method is not {method}"
    return examples


EXAMPLES = parse_reference(REFERENCE.read_text(encoding="utf-8"))


def by_name(*, with_ids: bool = False) -> Iterator[Any]:
    for example in EXAMPLES:
        if with_ids and not (example.path_params or _body_ids(example.body)):
            continue
        yield pytest.param(example, id=example.name)


# --------------------------------------------------------------- what to expect

#: (status as written, status with real ids; None where the example has no ids).
EXPECTED: dict[str, tuple[int, int | None]] = {
    # The reference's body has no companyIds (ours has): a known list without them is 400.
    "POST /api/crm/prospecting/add-to-marketing-list": (404, 400),
    "GET /api/crm/dashboard": (200, None),
    "GET /api/crm/companies": (200, None),
    "POST /api/crm/companies": (201, None),
    "GET /api/crm/companies/{companyId}": (404, 200),
    "PATCH /api/crm/companies/{companyId}": (404, 200),
    "GET /api/crm/companies/{companyId}/contacts": (404, 200),
    "GET /api/crm/contacts": (200, None),
    "POST /api/crm/contacts": (400, None),  # {}: a contact needs a name or an e-mail
    "GET /api/crm/contacts/{contactId}": (404, 200),
    "PATCH /api/crm/contacts/{contactId}": (404, 200),
    "DELETE /api/crm/contacts/{contactId}": (405, 405),  # not supported, known id or not
    "GET /api/crm/contacts/{contactId}/company-memberships": (404, 200),
    "POST /api/crm/contacts/{contactId}/company-memberships": (404, 201),
    "PATCH /api/crm/contacts/{contactId}/company-memberships/{membershipId}": (404, 200),
    "DELETE /api/crm/contacts/{contactId}/company-memberships/{membershipId}": (404, 200),
    "GET /api/crm/leads": (200, None),
    "POST /api/crm/leads": (201, None),
    "GET /api/crm/leads/{leadId}": (404, 200),
    "PATCH /api/crm/leads/{leadId}": (404, 200),
    "DELETE /api/crm/leads/{leadId}": (404, 200),
    "GET /api/crm/leads/{leadId}/timeline": (404, 200),
    "PATCH /api/crm/leads/{leadId}/stage": (404, 200),
    "POST /api/crm/leads/{leadId}/activities": (404, 201),
    "GET /api/crm/activities": (200, None),
    "POST /api/crm/activities": (201, None),
    "GET /api/crm/tasks": (200, None),
    "POST /api/crm/outbound-email": (404, 201),  # the placeholder lead is unknown
    "GET /api/crm/outbound-email-connections": (200, None),
}

BODY_ID_KEYS = ("listId", "companyId", "leadId", "connectionId")


def _body_ids(body: Any) -> list[str]:
    return [key for key in BODY_ID_KEYS if isinstance(body, dict) and key in body]


@dataclass(frozen=True)
class RealIds:
    """Ids of demo records that fit the examples."""

    companyId: str
    contactId: str
    membershipId: str
    leadId: str
    connectionId: str
    listId: str
    #: For the membership example's body: a company the contact is not linked to.
    otherCompanyId: str


async def real_ids(client: CrmClient, identity: Any) -> RealIds:
    companies = (await client.list_companies(page_size=200)).items
    contact = next(c for c in await client.list_contacts() if c.company_id)
    memberships = await client.list_memberships(contact.id)
    linked = {m.company_id for m in memberships}
    lead = next(
        lead
        for lead in await client.list_leads()
        if lead.contact_email and lead.stage not in CLOSED_STAGES
    )
    gmail = next(cid for cid, channel, *_ in identity.EMAIL_CONNECTIONS if channel == "gmail")
    return RealIds(
        companyId=companies[0].id,
        contactId=contact.id,
        membershipId=memberships[0].id,
        leadId=lead.id,
        connectionId=gmail,
        listId=identity.NEWSLETTER_LIST_ID,
        otherCompanyId=next(c.id for c in companies if c.id not in linked),
    )


def substituted(example: Example, ids: RealIds) -> tuple[str, Any]:
    """The example's path and body with every placeholder id replaced by a real one."""
    path = example.template
    for name in example.path_params:
        path = path.replace("{" + name + "}", getattr(ids, name))
    body = example.body
    if isinstance(body, dict):
        body = dict(body)
        for key in _body_ids(body):
            body[key] = getattr(ids, key)
        if "company-memberships" in example.template and "companyId" in body:
            body["companyId"] = ids.otherCompanyId
    return path, body


# ------------------------------------------------------------------- sending


async def send(
    http: httpx.AsyncClient, example: Example, *, path: str, body: Any, entity_id: str | None
) -> httpx.Response:
    query = dict(example.query)
    if entity_id is not None:
        query["entityId"] = entity_id
    headers = dict(example.headers)
    return await http.request(
        example.method,
        f"{path}?{urlencode(query)}",
        headers=headers,
        content=json.dumps(body).encode() if body is not None else None,
    )


def check_answer(example: Example, response: httpx.Response, expected: int) -> None:
    where = f"{example.name} ({example.title}) answered {response.status_code}: {response.text}"
    assert response.status_code < 500, where
    assert response.status_code == expected, where
    if response.is_success:
        if response.content:
            response.json()  # JSON whenever there is a body
        return
    assert 400 <= response.status_code < 500, where
    if "error" not in example.documented:
        assert response.status_code in {400, 401, 403, 404, 405}, where
    body = response.json()
    assert isinstance(body, dict), where
    assert isinstance(body.get("error"), str), where
    assert body["error"].strip(), where


@pytest.fixture
async def http(demo_transport: httpx.ASGITransport, demo_identity: Any) -> Any:
    """Bare httpx against the demo, with the demo's key: the curl examples' own shape."""
    async with httpx.AsyncClient(
        transport=demo_transport,
        base_url=demo_identity.DEMO_BASE_URL,
        headers={"Authorization": f"Bearer {demo_identity.DEMO_API_KEY}"},
    ) as client:
        yield client


# ---------------------------------------------------------------------- tests


def test_the_reference_has_29_examples_one_per_endpoint() -> None:
    assert len(EXAMPLES) == 29
    assert len({example.name for example in EXAMPLES}) == 29
    assert set(EXPECTED) == {example.name for example in EXAMPLES}
    for example in EXAMPLES:
        assert example.path.startswith("/api/crm/"), example.name
        assert dict(example.query).keys() == {"entityId"}, example.name
        assert example.documented, f"{example.name}: no documented response parsed"
        if example.method in {"POST", "PATCH"}:
            assert ("Content-Type", "application/json") in example.headers, example.name
            assert isinstance(example.body, dict), example.name


@pytest.mark.parametrize("example", by_name())
async def test_example_as_written(
    http: httpx.AsyncClient, demo_identity: Any, example: Example
) -> None:
    response = await send(
        http, example, path=example.path, body=example.body, entity_id=demo_identity.DEMO_ENTITY_ID
    )
    check_answer(example, response, EXPECTED[example.name][0])


@pytest.mark.parametrize("example", by_name(with_ids=True))
async def test_example_with_real_ids(
    http: httpx.AsyncClient, client: CrmClient, demo_identity: Any, example: Example
) -> None:
    ids = await real_ids(client, demo_identity)
    path, body = substituted(example, ids)
    assert "497f6eca-6276-4993-bfeb-53cbbbba6f08" not in path
    response = await send(
        http, example, path=path, body=body, entity_id=demo_identity.DEMO_ENTITY_ID
    )
    expected = EXPECTED[example.name][1]
    assert expected is not None, f"{example.name} has ids: say what it should answer"
    check_answer(example, response, expected)


@pytest.mark.parametrize("example", by_name())
async def test_example_for_the_placeholder_entity_is_forbidden(
    http: httpx.AsyncClient, example: Example
) -> None:
    """As written, entity and all: the reference's entity is not the demo key's."""
    response = await send(http, example, path=example.path, body=example.body, entity_id=None)
    check_answer(example, response, 403)


@pytest.mark.parametrize("example", by_name())
async def test_example_without_a_key_is_unauthorized(
    demo_transport: httpx.ASGITransport, demo_identity: Any, example: Example
) -> None:
    """Exactly as the reference prints it: no Authorization header at all."""
    async with httpx.AsyncClient(
        transport=demo_transport, base_url=demo_identity.DEMO_BASE_URL
    ) as bare:
        response = await send(bare, example, path=example.path, body=example.body, entity_id=None)
    check_answer(example, response, 401)
