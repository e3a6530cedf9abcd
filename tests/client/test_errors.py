"""Error answers through the generated client: every documented status parses into ErrorResponse.

400, 401, 404 and 429 come from real sandboxes; the sandbox never answers 403, so 403 (and the
shapes no sandbox sends: unknown fields at every level, an undocumented 503) come from an
`httpx.MockTransport`.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
import smartsender_client.api.channels
import smartsender_client.api.contacts
import yaml
from smartsender_client import AuthenticatedClient, errors
from smartsender_client.api.contacts import (
    get_contact,
    get_contact_chat,
    get_contact_info,
    list_contact_gates,
    list_contacts,
    search_contacts,
    unite_contacts,
    update_contact,
)
from smartsender_client.models import (
    Chat,
    Contact,
    ContactPage,
    ErrorDetail,
    ErrorResponse,
    GatePage,
    ServiceContact,
    SimpleContact,
    StateResult,
    UnverifiedErrorResponse,
    UpdateContactRequest,
    UpdateContactRequestValues,
)
from smartsender_client.types import UNSET

from openapi_document import DEFAULT_SPEC_PATH
from sandbox import SandboxConfig, create_app
from sandbox.testing import RunningSandbox, running_sandbox
from tests.client.support import (
    MOCK_TOKEN,
    RAW,
    FakeClock,
    Operation,
    asgi_client,
    envelope,
    expect,
    expect_error,
    mock_client,
    operation_ids,
    operations,
    server_client,
)

SPEC_PATH = DEFAULT_SPEC_PATH
UNKNOWN_CONTACT = 999_999
UNKNOWN_CHANNEL = 999_999


def test_the_operation_table_covers_every_operation_of_the_document_and_the_client() -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    in_spec = sorted(
        re.sub(r"(?<!^)(?=[A-Z])", "_", operation["operationId"]).lower()
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    )
    packages = (smartsender_client.api.contacts, smartsender_client.api.channels)
    generated = sorted(path.stem for package in packages for path in Path(package.__path__[0]).glob("[!_]*.py"))
    assert len(in_spec) == 24
    assert sorted(operation_ids(operations())) == in_spec == generated


# -- 400 ------------------------------------------------------------------------------------------


def test_400_for_a_limitation_above_20(client: AuthenticatedClient) -> None:
    response = list_contacts.sync_detailed(client=client, limitation=50)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.headers["Content-Type"] == "application/json"  # what the document promises for errors
    error = expect_error(response.parsed, 400)
    assert error.message == "Invalid request"
    description = expect(error.description, list)
    assert any("limitation" in line and "50" in line for line in description), description


@pytest.mark.anyio
async def test_400_for_an_empty_search_term_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        error = expect_error(await search_contacts.asyncio(client=client, term=""), 400)
    assert "term" in str(error.description)


# -- 401 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", operations(), ids=operation_ids(operations()))
def test_401_for_a_wrong_token_on_every_operation(shared_sandbox: RunningSandbox, operation: Operation) -> None:
    with server_client(shared_sandbox, token="not-the-token-of-any-project") as client:
        error = expect_error(operation.sync(client), 401)
    assert error.message == "Unauthenticated"


@pytest.mark.anyio
async def test_401_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox, token="wrong") as client:
        expect_error(await get_contact.asyncio(1001, client=client), 401)


def test_a_token_only_sees_its_own_project(shared_sandbox: RunningSandbox) -> None:
    with (
        server_client(shared_sandbox) as first,
        server_client(shared_sandbox, shared_sandbox.app.projects[1].token) as second,
    ):
        other = expect(list_contacts.sync(client=second, limitation=1), ContactPage).collection[0].id
        expect(get_contact.sync(other, client=second), Contact)
        error = expect_error(get_contact.sync(other, client=first), 404)
    assert error.message == "Contact not found"


# -- 404 ------------------------------------------------------------------------------------------

NOT_FOUND = [
    operation
    for operation in operations(contact_id=UNKNOWN_CONTACT, channel_id=UNKNOWN_CHANNEL)
    if operation.name not in {"list_contacts", "search_contacts"}
]


@pytest.mark.parametrize("operation", NOT_FOUND, ids=operation_ids(NOT_FOUND))
def test_404_for_an_unknown_contact_or_channel(client: AuthenticatedClient, operation: Operation) -> None:
    error = expect_error(operation.sync(client), 404)
    expected = "Channel not found" if operation.name == "create_channel_gate" else "Contact not found"
    assert error.message == expected


@pytest.mark.anyio
@pytest.mark.parametrize("operation", NOT_FOUND, ids=operation_ids(NOT_FOUND))
async def test_404_async(operation: Operation) -> None:
    app = create_app(SandboxConfig(rate_limit=False))
    async with asgi_client(app) as client:
        expect_error(await operation.asyncio(client), 404)


# -- 429 ------------------------------------------------------------------------------------------


def test_429_after_180_requests_and_open_again_after_the_lockout() -> None:
    """What the API answers a client that does not pace itself (RAW); test_rate_limit.py has the pacing."""
    clock = FakeClock()
    with running_sandbox(SandboxConfig(clock=clock)) as server, server_client(server, **RAW) as client:
        for sent in range(1, 181):
            response = list_contacts.sync_detailed(client=client, limitation=1)
            assert response.status_code == HTTPStatus.OK, sent
            assert response.headers["X-Rate-Limit"] == str(180 - sent)

        locked = get_contact.sync_detailed(1001, client=client)
        assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
        error = expect_error(locked.parsed, 429)
        assert error.message == "Too many requests"
        assert locked.headers["Retry-After"] == "60"
        assert locked.headers["X-Rate-Limit"] == "0"

        clock.advance(59)
        expect_error(get_contact.sync(1001, client=client), 429)
        clock.advance(1)
        expect(get_contact.sync(1001, client=client), Contact)


@pytest.mark.anyio
async def test_429_async() -> None:
    app = create_app(SandboxConfig(clock=FakeClock()))
    async with asgi_client(app, **RAW) as client:
        for _ in range(180):
            expect(await list_contacts.asyncio(client=client, limitation=1), ContactPage)
        response = await list_contacts.asyncio_detailed(client=client, limitation=1)
    expect_error(response.parsed, 429)
    assert response.headers["Retry-After"] == "60"


# -- 403 and other answers no sandbox gives: a mock transport -----------------------------------


def forbidden(seen: list[httpx.Request]) -> AuthenticatedClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == f"Bearer {MOCK_TOKEN}"
        seen.append(request)
        return httpx.Response(403, json=envelope(403, "Forbidden"))

    return mock_client(handler)


@pytest.mark.parametrize("operation", operations(), ids=operation_ids(operations()))
def test_403_parses_into_error_response_on_every_operation(operation: Operation) -> None:
    seen: list[httpx.Request] = []
    with forbidden(seen) as client:
        error = expect_error(operation.sync(client), 403)
    assert error.message == "Forbidden"
    assert [(request.method, request.url.path) for request in seen] == [(operation.method, operation.path)]


@pytest.mark.anyio
@pytest.mark.parametrize("operation", operations(), ids=operation_ids(operations()))
async def test_403_async(operation: Operation) -> None:
    seen: list[httpx.Request] = []
    async with forbidden(seen) as client:
        expect_error(await operation.asyncio(client), 403)
    assert [(request.method, request.url.path) for request in seen] == [(operation.method, operation.path)]


EXTRA = {"addedLater": {"nested": [1, 2]}}  # a field a later API version might send


def with_extra(document: dict[str, Any], name: str) -> dict[str, Any]:
    return {**document, f"{name}Extra": EXTRA}


TAG = with_extra({"id": 31, "name": "VIP", "color": "ffb300"}, "tag")
FUNNEL = with_extra({"id": 41, "name": "Onboarding", "serviceKey": "onboarding"}, "funnel")
USER = with_extra({"id": 12, "fullName": "Iryna Bondar", "photo": None, "locale": "uk"}, "user")
VARIABLE = with_extra(
    {
        "id": 301,
        "name": "city",
        "value": "Kyiv",
        "description": None,
        "content": [],
        "createdAt": "2024-01-15 09:30:00",
        "updatedAt": "2024-01-15 09:30:00",
    },
    "variable",
)
NOTE = with_extra({"id": 9001, "content": "Call back.", "createdAt": "2024-03-02 18:07:45", "user": USER}, "note")
CONTACT = with_extra(
    {
        "id": 1001,
        "fullName": "Olena Kovalenko",
        "firstName": "Olena",
        "lastName": "Kovalenko",
        "email": None,
        "phone": "+380501234567",
        "photo": None,
        "tags": [TAG],
        "funnels": [FUNNEL],
        "variables": [VARIABLE],
        "notes": [NOTE],
        "createdAt": "2023-07-25 14:02:16",
    },
    "contact",
)
PAGE = with_extra(
    {"cursor": with_extra({"page": 1, "pages": 1, "total": 1}, "cursor"), "collection": [CONTACT]}, "page"
)
SERVICE_CONTACT = with_extra({"id": 88001, "originalId": 1001}, "serviceContact")
CHANNEL = with_extra({"id": 15, "type": "whatsapp", "referrer": None, "canReply": True}, "channel")
GATE = with_extra({"id": 50002, "subscribed": False, "channel": CHANNEL, "contact": SERVICE_CONTACT}, "gate")
CHAT = with_extra({"id": 70001, "name": None, "contact": SERVICE_CONTACT, "gates": [GATE], "isClosed": False}, "chat")
SIMPLE = {"id": 1001, "firstName": "Olena", "tags": [TAG], "funnels": [FUNNEL], "city": "Kyiv", "score": 7}
STATE = with_extra({"state": True}, "state")
ERROR = {"error": {**envelope(404, "Contact not found")["error"], "traceId": "abc"}, "requestId": "r-1"}

DOCUMENTS = {"/v1/contacts": PAGE, "/v1/contacts/1001": CONTACT, "/v1/contacts/1001/chat": CHAT}
DOCUMENTS |= {"/v1/contacts/1001/info": SIMPLE}


def serve_documents(request: httpx.Request) -> httpx.Response:
    if request.method == "PUT":
        return httpx.Response(200, json=STATE)
    if request.url.path in DOCUMENTS:
        return httpx.Response(200, json=DOCUMENTS[request.url.path])
    return httpx.Response(404, json=ERROR)


def test_unknown_fields_at_every_level_are_parsed_and_kept() -> None:
    with mock_client(serve_documents) as client:
        page = expect(list_contacts.sync(client=client), ContactPage)
        contact = expect(get_contact.sync(1001, client=client), Contact)
        chat = expect(get_contact_chat.sync(1001, client=client), Chat)
        info = expect(get_contact_info.sync(1001, client=client), SimpleContact)
        body = UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"city": "Lviv"}))
        state = expect(update_contact.sync(1001, client=client, body=body), StateResult)
        error = expect(get_contact.sync(2, client=client), ErrorResponse)

    # Nothing is lost: each model writes back exactly the document it was read from.
    assert page.to_dict() == PAGE
    assert contact.to_dict() == CONTACT
    assert chat.to_dict() == CHAT
    assert info.to_dict() == SIMPLE
    assert state.to_dict() == STATE
    assert error.to_dict() == ERROR

    # And each level keeps its own unknown keys in additional_properties.
    assert page.additional_properties == {"pageExtra": EXTRA}
    assert page.cursor.additional_properties == {"total": 1, "cursorExtra": EXTRA}
    assert contact.additional_properties == {"createdAt": "2023-07-25 14:02:16", "contactExtra": EXTRA}
    assert contact["contactExtra"] == EXTRA
    tag, funnel = expect(contact.tags, list)[0], expect(contact.funnels, list)[0]
    variable, note = expect(contact.variables, list)[0], expect(contact.notes, list)[0]
    assert tag.additional_properties == {"tagExtra": EXTRA}
    assert (funnel.service_key, funnel.additional_properties) == ("onboarding", {"funnelExtra": EXTRA})
    assert variable.additional_properties == {"variableExtra": EXTRA}
    assert note.additional_properties == {"noteExtra": EXTRA}
    assert note.to_dict()["user"]["locale"] == "uk"
    assert chat.additional_properties == {"isClosed": False, "chatExtra": EXTRA}
    gate = expect(chat.gates, list)[0]
    assert gate.additional_properties == {"gateExtra": EXTRA}
    assert gate.to_dict()["channel"]["canReply"] is True
    assert info.additional_properties == {"city": "Kyiv", "score": 7}
    assert state.additional_properties == {"stateExtra": EXTRA}
    assert error.additional_properties == {"requestId": "r-1"}
    assert error.error.additional_properties == {"traceId": "abc"}


# -- undocumented answers -------------------------------------------------------------------------


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, text="upstream unavailable")


def test_an_undocumented_status_raises_unexpected_status_when_asked_to() -> None:
    with (
        mock_client(unavailable, raise_on_unexpected_status=True) as client,
        pytest.raises(errors.UnexpectedStatus) as raised,
    ):
        get_contact.sync(1001, client=client)
    assert raised.value.status_code == 503
    assert raised.value.content == b"upstream unavailable"


@pytest.mark.anyio
async def test_an_undocumented_status_raises_unexpected_status_async() -> None:
    async with mock_client(unavailable, raise_on_unexpected_status=True) as client:
        with pytest.raises(errors.UnexpectedStatus) as raised:
            await list_contacts.asyncio(client=client)
    assert raised.value.status_code == 503


def test_an_undocumented_status_is_none_by_default() -> None:
    with mock_client(unavailable) as client:
        assert get_contact.sync(1001, client=client) is None
        response = get_contact.sync_detailed(1001, client=client)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.parsed is None
    assert response.content == b"upstream unavailable"


def test_a_documented_status_without_a_json_body_raises_a_json_error() -> None:
    """What a proxy's HTML error page does to the client: no ErrorResponse, no UnexpectedStatus."""

    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, text="<html>Too Many Requests</html>", headers={"Content-Type": "text/html"})

    with mock_client(html, raise_on_unexpected_status=True) as client, pytest.raises(json.JSONDecodeError):
        get_contact.sync(1001, client=client)


NOT_THE_ENVELOPE = [
    pytest.param({"message": "Forbidden by the proxy"}, KeyError, id="object-without-error"),
    pytest.param({"error": {"message": "no code"}}, KeyError, id="envelope-without-code"),
    pytest.param("Forbidden", ValueError, id="json-string"),
    pytest.param(None, TypeError, id="json-null"),
]


@pytest.mark.parametrize("status", [400, 403, 404, 409])
@pytest.mark.parametrize(("body", "raised"), NOT_THE_ENVELOPE)
def test_an_error_status_without_the_envelope_raises_while_parsing(
    status: int, body: object, raised: type[Exception]
) -> None:
    """What the README's Errors section says: no ErrorResponse, no UnexpectedStatus, but an exception
    from the model, in sync() and sync_detailed() alike (unite_contacts documents all four statuses)."""

    def proxy(request: httpx.Request) -> httpx.Response:  # json=None would send no body at all
        return httpx.Response(status, content=json.dumps(body), headers={"Content-Type": "application/json"})

    with mock_client(proxy, raise_on_unexpected_status=True) as client:
        with pytest.raises(raised):
            unite_contacts.sync(1001, 1002, client=client)
        with pytest.raises(raised):
            unite_contacts.sync_detailed(1001, 1002, client=client)


def test_a_successful_answer_is_not_type_checked_at_runtime() -> None:
    """An id sent as a string stays a string, whatever the annotation says (the README's Errors section)."""

    def stringly(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={**CONTACT, "id": "1001", "tags": [{**TAG, "id": "31"}]})

    with mock_client(stringly) as client:
        contact = expect(get_contact.sync(1001, client=client), Contact)
    identifier: object = contact.id  # annotated int
    assert identifier == "1001"
    assert isinstance(identifier, str)
    tag_id: object = expect(contact.tags, list)[0].id
    assert tag_id == "31"


# Shapes the evidence allows but no source shows in full: they must parse, not raise KeyError.
UNDOCUMENTED = {
    ("GET", "/v1/contacts/1"): (401, {"message": "Unauthenticated."}),  # a PHP framework's default answer
    ("GET", "/v1/contacts/2"): (429, {}),
    ("GET", "/v1/contacts/3/chat"): (200, {"id": 70003, "serviceContact": {"id": 88003}}),  # the SDK's names
    ("GET", "/v1/contacts/4/gates"): (
        200,
        {"cursor": {"page": 1, "pages": 1}, "collection": [{"id": 5, "channel": {"id": 15}, "contact": {"id": 1}}]},
    ),
}


def serve_undocumented(request: httpx.Request) -> httpx.Response:
    status, body = UNDOCUMENTED[(request.method, request.url.path)]
    return httpx.Response(status, json=body)


def test_bodies_the_vendor_does_not_document_still_parse() -> None:
    with mock_client(serve_undocumented) as client:
        unauthenticated = expect(get_contact.sync(1, client=client), UnverifiedErrorResponse)
        throttled = expect(get_contact.sync(2, client=client), UnverifiedErrorResponse)
        chat = expect(get_contact_chat.sync(3, client=client), Chat)
        gates = expect(list_contact_gates.sync(4, client=client), GatePage)
    assert (unauthenticated.message, unauthenticated.error) == ("Unauthenticated.", UNSET)
    assert (throttled.message, throttled.error) == (UNSET, UNSET)
    assert (chat.id, chat.contact, chat["serviceContact"]) == (70003, UNSET, {"id": 88003})
    contact = expect(gates.collection[0].contact, ServiceContact)
    assert (contact.id, contact.original_id) == (1, UNSET)


def test_an_unverified_error_may_hold_another_json_value_than_its_annotation() -> None:
    """sync() users must test isinstance(result.error, ErrorDetail): a string passes through (ApiError.detail
    checks the envelope for them, test_typed_errors.py)."""

    def plain_error(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json={"error": "Too Many Requests"})

    with mock_client(plain_error) as client:
        throttled = expect(get_contact.sync(1, client=client), UnverifiedErrorResponse)
    assert not isinstance(throttled.error, ErrorDetail)
    error: object = throttled.error  # annotated ErrorDetail | None | Unset
    assert error == "Too Many Requests"
