"""Helpers for the generated client's tests: building clients, narrowing results, walking pages.

Every call to the sandbox goes through the generated package `smartsender_client`; this module
only wires its `AuthenticatedClient` to a sandbox (a real server on a loopback port, or the ASGI
application in process) or to an `httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from smartsender_client import AuthenticatedClient
from smartsender_client.api.channels import create_channel_gate
from smartsender_client.api.contacts import (
    add_contact_funnel,
    add_contact_tag,
    create_contact_note,
    delete_contact,
    delete_contact_note,
    fire_contact_event,
    get_contact,
    get_contact_chat,
    get_contact_info,
    list_contact_checkout,
    list_contact_funnels,
    list_contact_gates,
    list_contact_messages,
    list_contact_notes,
    list_contact_tags,
    list_contacts,
    remove_contact_funnel,
    remove_contact_tag,
    search_contacts,
    send_contact_message,
    unite_contacts,
    update_contact,
    update_contact_note,
)
from smartsender_client.client import RateLimiter
from smartsender_client.models import (
    Contact,
    ContactPage,
    CreateGateRequest,
    ErrorDetail,
    ErrorResponse,
    FireEventRequest,
    NoteRequest,
    SendTextMessageRequest,
    SendTextMessageRequestType,
    UnverifiedErrorResponse,
    UpdateContactRequest,
    UpdateContactRequestValues,
)
from smartsender_client.types import Response

from sandbox import SandboxApp
from sandbox.testing import RunningSandbox

T = TypeVar("T")

# Shorter than the client's default: a test must never wait long on a socket.
TIMEOUT = httpx.Timeout(5.0)
# A client that sends each call's request once, unpaced: for tests of what one answer gives.
RAW: dict[str, Any] = {"rate_limit": None, "max_retries": 0}
ASGI_BASE_URL = "http://sandbox.test"
MOCK_BASE_URL = "https://api.smartsender.test"
MOCK_TOKEN = "mock-token"


def expect(value: object, kind: type[T]) -> T:
    """`value`, narrowed to `kind`; fails the test (showing what came instead) when it is not one."""
    assert isinstance(value, kind), f"expected a {kind.__name__}, got {value!r}"
    return value


UNVERIFIED_ERROR_STATUSES = frozenset({401, 429})  # the document's UnverifiedErrorResponse


def expect_error(value: object, status: int) -> ErrorDetail:
    """The error envelope's detail in `value`, which must be the model the document gives `status`
    (UnverifiedErrorResponse for 401 and 429, ErrorResponse otherwise) and carry `status` as code."""
    if status in UNVERIFIED_ERROR_STATUSES:
        envelope: object = expect(value, UnverifiedErrorResponse).error  # the sandbox always sends it
    else:
        envelope = expect(value, ErrorResponse).error
    detail = expect(envelope, ErrorDetail)
    assert detail.code == status, value
    assert isinstance(detail.message, str)
    assert detail.message
    return detail


def server_client(server: RunningSandbox, token: str | None = None, **settings: Any) -> AuthenticatedClient:
    """A client of a sandbox served on a loopback port (sync and async calls both go over HTTP);
    `settings` go to AuthenticatedClient (e.g. **RAW)."""
    return AuthenticatedClient(base_url=server.base_url, token=token or server.token, timeout=TIMEOUT, **settings)


def asgi_client(app: SandboxApp, token: str | None = None, **settings: Any) -> AuthenticatedClient:
    """A client whose async calls go to `app` in process, through httpx's ASGI transport.

    `set_async_httpx_client` replaces everything the client would have set up, the bearer token
    included, so the Authorization header is passed here explicitly.
    """
    token = token or app.projects[0].token
    client = AuthenticatedClient(base_url=ASGI_BASE_URL, token=token, timeout=TIMEOUT, **settings)
    client.set_async_httpx_client(
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=ASGI_BASE_URL,
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        )
    )
    return client


Handler = Callable[[httpx.Request], httpx.Response]


def mock_client(handler: Handler, **settings: Any) -> AuthenticatedClient:
    """A client whose sync and async calls are answered by `handler` (a `httpx.MockTransport`);
    `settings` go to AuthenticatedClient, over RAW (one request per call, unpaced)."""
    client = AuthenticatedClient(base_url=MOCK_BASE_URL, token=MOCK_TOKEN, timeout=TIMEOUT, **{**RAW, **settings})
    transport = httpx.MockTransport(handler)
    headers = {"Authorization": f"Bearer {MOCK_TOKEN}"}
    client.set_httpx_client(httpx.Client(transport=transport, base_url=MOCK_BASE_URL, headers=headers))
    client.set_async_httpx_client(httpx.AsyncClient(transport=transport, base_url=MOCK_BASE_URL, headers=headers))
    return client


def envelope(status: int, message: str, description: Any = ()) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "description": list(description)}}


def all_pages(client: AuthenticatedClient, limitation: int, term: str | None = None) -> list[ContactPage]:
    """Every page of listContacts (or of searchContacts for `term`), walked with cursor.page/pages."""
    pages: list[ContactPage] = []
    page = 1
    while True:
        if term is None:
            result = list_contacts.sync(client=client, page=page, limitation=limitation)
        else:
            result = search_contacts.sync(client=client, term=term, page=page, limitation=limitation)
        current = expect(result, ContactPage)
        assert current.cursor.page == page
        pages.append(current)
        if current.cursor.page >= current.cursor.pages:
            return pages
        page += 1
        assert page <= 1000, "the cursor never reached its last page"


def ids_of(contacts: list[Contact]) -> list[int]:
    return [contact.id for contact in contacts]


@dataclass(frozen=True)
class Operation:
    """One operation of the API, called through the generated module `name` with fixed arguments:
    `sync`, `asyncio`, `sync_detailed` and `call` are that module's functions."""

    name: str
    method: str
    path: str
    sync: Callable[[AuthenticatedClient], object]
    asyncio: Callable[[AuthenticatedClient], Awaitable[object]]
    sync_detailed: Callable[[AuthenticatedClient], Response[Any]]
    call: Callable[[AuthenticatedClient], object]


def operations(
    contact_id: int = 1001,
    target_id: int = 1002,
    channel_id: int = 15,
    tag_id: int = 32,
    service_key: str = "7302",
    note_id: int = 9001,
) -> list[Operation]:
    """Every operation of the document, in its order, each with a valid request for these ids."""
    contact = f"/v1/contacts/{contact_id}"
    note = NoteRequest(content="Call after delivery.")
    message = SendTextMessageRequest(type_=SendTextMessageRequestType.TEXT, content="Your order has shipped.")
    values = UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"city": "Lviv"}))
    event = FireEventRequest(name="OrderPaid")
    gate = CreateGateRequest(identifier="380931112233", first_name="Marta")
    return [
        Operation(
            "list_contacts",
            "GET",
            "/v1/contacts",
            lambda client: list_contacts.sync(client=client),
            lambda client: list_contacts.asyncio(client=client),
            lambda client: list_contacts.sync_detailed(client=client),
            lambda client: list_contacts.call(client=client),
        ),
        Operation(
            "search_contacts",
            "GET",
            "/v1/contacts/search",
            lambda client: search_contacts.sync(client=client, term="olena"),
            lambda client: search_contacts.asyncio(client=client, term="olena"),
            lambda client: search_contacts.sync_detailed(client=client, term="olena"),
            lambda client: search_contacts.call(client=client, term="olena"),
        ),
        Operation(
            "get_contact",
            "GET",
            contact,
            lambda client: get_contact.sync(contact_id, client=client),
            lambda client: get_contact.asyncio(contact_id, client=client),
            lambda client: get_contact.sync_detailed(contact_id, client=client),
            lambda client: get_contact.call(contact_id, client=client),
        ),
        Operation(
            "update_contact",
            "PUT",
            contact,
            lambda client: update_contact.sync(contact_id, client=client, body=values),
            lambda client: update_contact.asyncio(contact_id, client=client, body=values),
            lambda client: update_contact.sync_detailed(contact_id, client=client, body=values),
            lambda client: update_contact.call(contact_id, client=client, body=values),
        ),
        Operation(
            "delete_contact",
            "DELETE",
            contact,
            lambda client: delete_contact.sync(contact_id, client=client),
            lambda client: delete_contact.asyncio(contact_id, client=client),
            lambda client: delete_contact.sync_detailed(contact_id, client=client),
            lambda client: delete_contact.call(contact_id, client=client),
        ),
        Operation(
            "get_contact_info",
            "GET",
            f"{contact}/info",
            lambda client: get_contact_info.sync(contact_id, client=client),
            lambda client: get_contact_info.asyncio(contact_id, client=client),
            lambda client: get_contact_info.sync_detailed(contact_id, client=client),
            lambda client: get_contact_info.call(contact_id, client=client),
        ),
        Operation(
            "get_contact_chat",
            "GET",
            f"{contact}/chat",
            lambda client: get_contact_chat.sync(contact_id, client=client),
            lambda client: get_contact_chat.asyncio(contact_id, client=client),
            lambda client: get_contact_chat.sync_detailed(contact_id, client=client),
            lambda client: get_contact_chat.call(contact_id, client=client),
        ),
        Operation(
            "list_contact_gates",
            "GET",
            f"{contact}/gates",
            lambda client: list_contact_gates.sync(contact_id, client=client),
            lambda client: list_contact_gates.asyncio(contact_id, client=client),
            lambda client: list_contact_gates.sync_detailed(contact_id, client=client),
            lambda client: list_contact_gates.call(contact_id, client=client),
        ),
        Operation(
            "fire_contact_event",
            "POST",
            f"{contact}/fire",
            lambda client: fire_contact_event.sync(contact_id, client=client, body=event),
            lambda client: fire_contact_event.asyncio(contact_id, client=client, body=event),
            lambda client: fire_contact_event.sync_detailed(contact_id, client=client, body=event),
            lambda client: fire_contact_event.call(contact_id, client=client, body=event),
        ),
        Operation(
            "unite_contacts",
            "POST",
            f"{contact}/unite/{target_id}",
            lambda client: unite_contacts.sync(contact_id, target_id, client=client),
            lambda client: unite_contacts.asyncio(contact_id, target_id, client=client),
            lambda client: unite_contacts.sync_detailed(contact_id, target_id, client=client),
            lambda client: unite_contacts.call(contact_id, target_id, client=client),
        ),
        Operation(
            "create_channel_gate",
            "POST",
            f"/v1/channels/{channel_id}/gates",
            lambda client: create_channel_gate.sync(channel_id, client=client, body=gate),
            lambda client: create_channel_gate.asyncio(channel_id, client=client, body=gate),
            lambda client: create_channel_gate.sync_detailed(channel_id, client=client, body=gate),
            lambda client: create_channel_gate.call(channel_id, client=client, body=gate),
        ),
        *_sub_resource_operations(contact, contact_id, tag_id, service_key, note_id, note, message),
    ]


def _sub_resource_operations(
    contact: str,
    contact_id: int,
    tag_id: int,
    service_key: str,
    note_id: int,
    note: NoteRequest,
    message: SendTextMessageRequest,
) -> list[Operation]:
    """The operations on a contact's tags, funnels, notes, messages and cart."""
    return [
        Operation(
            "list_contact_tags",
            "GET",
            f"{contact}/tags",
            lambda client: list_contact_tags.sync(contact_id, client=client),
            lambda client: list_contact_tags.asyncio(contact_id, client=client),
            lambda client: list_contact_tags.sync_detailed(contact_id, client=client),
            lambda client: list_contact_tags.call(contact_id, client=client),
        ),
        Operation(
            "add_contact_tag",
            "POST",
            f"{contact}/tags/{tag_id}",
            lambda client: add_contact_tag.sync(contact_id, tag_id, client=client),
            lambda client: add_contact_tag.asyncio(contact_id, tag_id, client=client),
            lambda client: add_contact_tag.sync_detailed(contact_id, tag_id, client=client),
            lambda client: add_contact_tag.call(contact_id, tag_id, client=client),
        ),
        Operation(
            "remove_contact_tag",
            "DELETE",
            f"{contact}/tags/{tag_id}",
            lambda client: remove_contact_tag.sync(contact_id, tag_id, client=client),
            lambda client: remove_contact_tag.asyncio(contact_id, tag_id, client=client),
            lambda client: remove_contact_tag.sync_detailed(contact_id, tag_id, client=client),
            lambda client: remove_contact_tag.call(contact_id, tag_id, client=client),
        ),
        Operation(
            "list_contact_funnels",
            "GET",
            f"{contact}/funnels",
            lambda client: list_contact_funnels.sync(contact_id, client=client),
            lambda client: list_contact_funnels.asyncio(contact_id, client=client),
            lambda client: list_contact_funnels.sync_detailed(contact_id, client=client),
            lambda client: list_contact_funnels.call(contact_id, client=client),
        ),
        Operation(
            "add_contact_funnel",
            "POST",
            f"{contact}/funnels/{service_key}",
            lambda client: add_contact_funnel.sync(contact_id, service_key, client=client),
            lambda client: add_contact_funnel.asyncio(contact_id, service_key, client=client),
            lambda client: add_contact_funnel.sync_detailed(contact_id, service_key, client=client),
            lambda client: add_contact_funnel.call(contact_id, service_key, client=client),
        ),
        Operation(
            "remove_contact_funnel",
            "DELETE",
            f"{contact}/funnels/{service_key}",
            lambda client: remove_contact_funnel.sync(contact_id, service_key, client=client),
            lambda client: remove_contact_funnel.asyncio(contact_id, service_key, client=client),
            lambda client: remove_contact_funnel.sync_detailed(contact_id, service_key, client=client),
            lambda client: remove_contact_funnel.call(contact_id, service_key, client=client),
        ),
        Operation(
            "list_contact_notes",
            "GET",
            f"{contact}/notes",
            lambda client: list_contact_notes.sync(contact_id, client=client),
            lambda client: list_contact_notes.asyncio(contact_id, client=client),
            lambda client: list_contact_notes.sync_detailed(contact_id, client=client),
            lambda client: list_contact_notes.call(contact_id, client=client),
        ),
        Operation(
            "create_contact_note",
            "POST",
            f"{contact}/notes",
            lambda client: create_contact_note.sync(contact_id, client=client, body=note),
            lambda client: create_contact_note.asyncio(contact_id, client=client, body=note),
            lambda client: create_contact_note.sync_detailed(contact_id, client=client, body=note),
            lambda client: create_contact_note.call(contact_id, client=client, body=note),
        ),
        Operation(
            "update_contact_note",
            "PUT",
            f"{contact}/notes/{note_id}",
            lambda client: update_contact_note.sync(contact_id, note_id, client=client, body=note),
            lambda client: update_contact_note.asyncio(contact_id, note_id, client=client, body=note),
            lambda client: update_contact_note.sync_detailed(contact_id, note_id, client=client, body=note),
            lambda client: update_contact_note.call(contact_id, note_id, client=client, body=note),
        ),
        Operation(
            "delete_contact_note",
            "DELETE",
            f"{contact}/notes/{note_id}",
            lambda client: delete_contact_note.sync(contact_id, note_id, client=client),
            lambda client: delete_contact_note.asyncio(contact_id, note_id, client=client),
            lambda client: delete_contact_note.sync_detailed(contact_id, note_id, client=client),
            lambda client: delete_contact_note.call(contact_id, note_id, client=client),
        ),
        Operation(
            "list_contact_messages",
            "GET",
            f"{contact}/messages",
            lambda client: list_contact_messages.sync(contact_id, client=client),
            lambda client: list_contact_messages.asyncio(contact_id, client=client),
            lambda client: list_contact_messages.sync_detailed(contact_id, client=client),
            lambda client: list_contact_messages.call(contact_id, client=client),
        ),
        Operation(
            "send_contact_message",
            "POST",
            f"{contact}/send",
            lambda client: send_contact_message.sync(contact_id, client=client, body=message),
            lambda client: send_contact_message.asyncio(contact_id, client=client, body=message),
            lambda client: send_contact_message.sync_detailed(contact_id, client=client, body=message),
            lambda client: send_contact_message.call(contact_id, client=client, body=message),
        ),
        Operation(
            "list_contact_checkout",
            "GET",
            f"{contact}/checkout",
            lambda client: list_contact_checkout.sync(contact_id, client=client),
            lambda client: list_contact_checkout.asyncio(contact_id, client=client),
            lambda client: list_contact_checkout.sync_detailed(contact_id, client=client),
            lambda client: list_contact_checkout.call(contact_id, client=client),
        ),
    ]


def operation_ids(items: list[Operation]) -> list[str]:
    return [item.name for item in items]


class FakeClock:
    """A clock for rate limiters (the sandbox's and the client's) that only moves when told to, or
    when something sleeps on it: `sleep` and `async_sleep` record the wait and move the clock on."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # lets other tasks run, as a real wait would

    def limiter(self, requests_per_minute: int | None) -> RateLimiter:
        """A client RateLimiter that reads and sleeps on this clock."""
        return RateLimiter(requests_per_minute, clock=self, sleep=self.sleep, async_sleep=self.async_sleep)
