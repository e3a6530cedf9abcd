"""smartsender_client.errors: each documented error status raises its class, from call() and acall()
always and from sync() and asyncio() when the client was built with raise_on_error_status=True.

Statuses come from an `httpx.MockTransport` (the sandbox never answers 403 or 409 on demand), then
from the sandbox for the ones it gives.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from smartsender_client import AuthenticatedClient, errors
from smartsender_client.api.channels import create_channel_gate
from smartsender_client.api.contacts import fire_contact_event, get_contact, list_contacts, unite_contacts
from smartsender_client.models import CreateGateRequest, ErrorResponse, FireEventRequest, Gate, StateResult

from sandbox.testing import RunningSandbox
from tests.client.support import envelope, expect_error, mock_client, server_client

CLASSES = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    429: errors.RateLimitError,
}
HEADERS = {"X-Request-Id": "r-7", "X-Rate-Limit": "0"}


def answering(status: int, body: object = None, headers: dict[str, str] | None = None) -> AuthenticatedClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, json=envelope(status, f"the {status} message", ["why"]), headers=HEADERS)
        return httpx.Response(status, content=str(body).encode(), headers=headers or {})

    return mock_client(handler)


@pytest.mark.parametrize("status", sorted(CLASSES))
def test_call_raises_the_class_of_each_documented_status(status: int) -> None:
    with answering(status) as client, pytest.raises(CLASSES[status]) as raised:
        unite_contacts.call(1001, 1002, client=client)  # the operation that documents all six
    error = raised.value
    assert isinstance(error, errors.ApiError)
    assert not isinstance(error, errors.UnexpectedStatus)
    assert error.status_code == status
    assert error.detail is not None
    assert (error.detail.code, error.detail.message, error.detail.description) == (
        status,
        f"the {status} message",
        ["why"],
    )
    assert error.headers["x-request-id"] == "r-7"  # case-insensitive
    assert error.content.startswith(b'{"error"')
    assert error.request is not None
    assert (error.request.method, error.request.url.path) == ("POST", "/v1/contacts/1001/unite/1002")
    assert str(error).startswith(f"POST /v1/contacts/1001/unite/1002 answered {status} ")
    assert str(error).endswith(f': the {status} message (["why"])')


@pytest.mark.anyio
@pytest.mark.parametrize("status", sorted(CLASSES))
async def test_acall_raises_the_class_of_each_documented_status(status: int) -> None:
    async with answering(status) as client:
        with pytest.raises(CLASSES[status]):
            await unite_contacts.acall(1001, 1002, client=client)


@pytest.mark.parametrize("status", sorted(CLASSES))
def test_raise_on_error_status_makes_sync_raise_instead_of_return(status: int) -> None:
    with answering(status) as client:
        returned = unite_contacts.sync(1001, 1002, client=client)  # the default: returned, as before
    assert returned is not None
    assert not isinstance(returned, StateResult)
    raising = mock_client(
        lambda request: httpx.Response(status, json=envelope(status, "m")), raise_on_error_status=True
    )
    with raising as client:
        with pytest.raises(CLASSES[status]):
            unite_contacts.sync(1001, 1002, client=client)
        with pytest.raises(CLASSES[status]):  # like raise_on_unexpected_status, the detailed functions too
            unite_contacts.sync_detailed(1001, 1002, client=client)


@pytest.mark.anyio
async def test_raise_on_error_status_makes_asyncio_raise() -> None:
    client = mock_client(lambda request: httpx.Response(404, json=envelope(404, "m")), raise_on_error_status=True)
    async with client:
        with pytest.raises(errors.NotFoundError):
            await get_contact.asyncio(1001, client=client)


def test_call_returns_only_the_success_model() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/gates"):
            return httpx.Response(201, json={"id": 50107, "channel": {"id": 15}})  # 201 is documented too
        return httpx.Response(200, json={"state": True})

    with mock_client(handler) as client:
        state: StateResult = fire_contact_event.call(1001, client=client, body=FireEventRequest(name="OrderPaid"))
        gate: Gate = create_channel_gate.call(
            15, client=client, body=CreateGateRequest(identifier="380931112233", first_name="Marta")
        )
    assert state.state is True
    assert gate.id == 50107


def test_an_error_body_that_is_not_the_envelope_still_raises_the_class_of_its_status() -> None:
    """A proxy's page: sync() raises while parsing it (test_errors.py), call() raises the status's class."""
    client = answering(403, "<html>Forbidden by the proxy</html>", {"Content-Type": "text/html"})
    with client, pytest.raises(errors.PermissionDeniedError) as raised:
        get_contact.call(1001, client=client)
    assert raised.value.detail is None
    assert str(raised.value) == "GET /v1/contacts/1001 answered 403 Forbidden: <html>Forbidden by the proxy</html>"
    for body in ('{"error": "Too Many Requests"}', '{"error": {"code": "429", "message": "x"}}', "null"):
        with answering(429, body) as client, pytest.raises(errors.RateLimitError) as limited:
            get_contact.call(1001, client=client)
        assert limited.value.detail is None, body


@pytest.mark.parametrize(
    ("status", "operation"),
    [(500, "get_contact"), (503, "get_contact"), (404, "list_contacts"), (409, "get_contact"), (520, "get_contact")],
)
def test_a_status_the_operation_does_not_document_raises_unexpected_status(status: int, operation: str) -> None:
    """listContacts documents no 404 and getContact no 409: an ApiError still, but UnexpectedStatus."""
    with answering(status) as client, pytest.raises(errors.UnexpectedStatus) as raised:
        if operation == "list_contacts":
            list_contacts.call(client=client)
        else:
            get_contact.call(1001, client=client)
    assert isinstance(raised.value, errors.ApiError)
    assert raised.value.status_code == status
    assert raised.value.detail is not None  # the envelope is read whatever the status
    assert str(raised.value).startswith(f"Unexpected status code: {status}\n\nResponse content:\n")


def test_an_undocumented_success_status_raises_unexpected_status_from_call() -> None:
    with mock_client(lambda request: httpx.Response(204)) as client:
        with pytest.raises(errors.UnexpectedStatus) as raised:
            get_contact.call(1001, client=client)
        assert get_contact.sync(1001, client=client) is None  # sync() keeps its old answer
    assert raised.value.status_code == 204


def test_rate_limit_error_carries_retry_after_in_seconds() -> None:
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    for header, expected in [("7", 7.0), (in_a_minute, 60.0), ("soon", None), (None, None)]:
        client = answering(429, '{"error": {"code": 429, "message": "x"}}', {"Retry-After": header} if header else {})
        with client, pytest.raises(errors.RateLimitError) as raised:
            get_contact.call(1001, client=client)
        if expected is None:
            assert raised.value.retry_after is None, header
        else:
            assert raised.value.retry_after is not None
            assert expected - 2 <= raised.value.retry_after <= expected, header


def test_the_sandbox_s_error_answers_raise_their_classes(shared_sandbox: RunningSandbox) -> None:
    with server_client(shared_sandbox) as client:
        with pytest.raises(errors.NotFoundError) as missing:
            get_contact.call(999_999, client=client)
        with pytest.raises(errors.BadRequestError) as bad:
            list_contacts.call(client=client, limitation=50)
        expect_error(get_contact.sync(999_999, client=client), 404)  # the default still returns it
        assert isinstance(get_contact.sync(999_999, client=client), ErrorResponse)
    with server_client(shared_sandbox, token="wrong") as stranger, pytest.raises(errors.AuthenticationError):
        list(list_contacts.iter_all(client=stranger))
    assert str(missing.value) == (
        "GET /v1/contacts/999999 answered 404 Not Found: Contact not found"
        ' (["there is no contact 999999 in this project"])'
    )
    assert bad.value.detail is not None
    assert "limitation" in str(bad.value.detail.description)


def test_an_error_survives_pickling_as_multiprocessing_sends_it() -> None:
    client = answering(429, '{"error": {"code": 429, "message": "Too many requests"}}', {"Retry-After": "9"})
    with client, pytest.raises(errors.RateLimitError) as raised:
        get_contact.call(1001, client=client)
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 (our own bytes)
    assert type(copy) is errors.RateLimitError
    assert (copy.status_code, copy.retry_after, copy.content) == (429, 9.0, raised.value.content)
    assert copy.detail is not None
    assert copy.detail.message == "Too many requests"
