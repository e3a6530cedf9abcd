"""The client's timeout: a default (5 s to connect, 30 s for each other network wait), and `timeout=`
taking a number of seconds as httpx does (typed so: mypy checks these calls)."""

from __future__ import annotations

import socket

import httpx
import pytest
from smartsender_client import AuthenticatedClient, Client
from smartsender_client.api.contacts import get_contact
from smartsender_client.client import DEFAULT_TIMEOUT

from tests.client.support import MOCK_BASE_URL, RAW


def test_a_client_has_a_default_timeout_on_both_of_its_httpx_clients() -> None:
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t")
    assert httpx.Timeout(30.0, connect=5.0) == DEFAULT_TIMEOUT
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT
    assert Client(base_url="https://api.smartsender.test").get_httpx_client().timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize(
    ("given", "expected"),
    [(2.5, httpx.Timeout(2.5)), (7, httpx.Timeout(7.0)), (httpx.Timeout(1.0, read=9.0), httpx.Timeout(1.0, read=9.0))],
)
def test_timeout_takes_seconds_or_an_httpx_timeout(given: float | httpx.Timeout, expected: httpx.Timeout) -> None:
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t", timeout=given)
    assert client.get_httpx_client().timeout == expected
    assert client.get_async_httpx_client().timeout == expected


def test_none_means_no_timeout_and_with_timeout_takes_a_number_too() -> None:
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t", timeout=None)
    assert client.get_httpx_client().timeout == httpx.Timeout(None)
    derived = client.with_timeout(1.5)
    assert derived.get_httpx_client().timeout == httpx.Timeout(1.5)
    assert client.get_httpx_client().timeout == httpx.Timeout(None)  # a new client: this one is unchanged


def test_with_headers_and_with_cookies_leave_the_client_they_are_called_on_as_it_was() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": 1001})

    transport = httpx.MockTransport(answer)
    client = AuthenticatedClient(base_url=MOCK_BASE_URL, token="t", httpx_args={"transport": transport})
    get_contact.call(1001, client=client)  # its httpx client is built
    traced = client.with_headers({"X-Trace": "1"}).with_cookies({"session": "s"})
    get_contact.call(1001, client=traced)
    get_contact.call(1001, client=client)
    assert [request.headers.get("X-Trace") for request in seen] == [None, "1", None]
    assert [request.headers.get("Cookie") for request in seen] == [None, "session=s", None]
    assert all(request.headers["Authorization"] == "Bearer t" for request in seen)


@pytest.mark.slow
def test_a_number_bounds_a_request_to_a_server_that_never_answers() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        with (
            AuthenticatedClient(base_url=f"http://127.0.0.1:{port}", token="t", timeout=0.2, **RAW) as client,
            pytest.raises(httpx.ReadTimeout),
        ):
            get_contact.call(1001, client=client)
