"""The sandbox over HTTP (sandbox.http_server): pipelined requests, a half-closed connection, `100
Continue` and bytes that are not HTTP all get their answers; a request whose body never fully
arrives is not executed."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from sandbox import SandboxApp, SandboxConfig
from sandbox.app import Message, Receive, Scope, Send
from sandbox.testing import RunningSandbox, running_sandbox


@pytest.fixture(scope="module")
def server() -> Iterator[RunningSandbox]:
    with running_sandbox(SandboxConfig(rate_limit=False)) as running:
        yield running


def _connect(server: RunningSandbox) -> socket.socket:
    host, port = server.base_url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def _read_to_end(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def _put(server: RunningSandbox, *extra_headers: bytes, body: bytes = b'{"values": {"city": "Lviv"}}') -> bytes:
    head = [b"PUT /v1/contacts/1001 HTTP/1.1", b"Host: sandbox", b"Authorization: Bearer " + server.token.encode(),
            b"Content-Type: application/json", b"Content-Length: %d" % len(body), *extra_headers]  # fmt: skip
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def _statuses(received: bytes) -> list[bytes]:
    return re.findall(rb"HTTP/1\.1 ([0-9]{3}) ", received)  # a body is not followed by a line break


def test_pipelined_requests_are_answered_in_order(server: RunningSandbox) -> None:
    missing = b"GET /v1/contacts/999 HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer %b\r\n\r\n" % (
        server.token.encode()
    )
    with _connect(server) as connection:
        connection.sendall(_put(server) + missing + _put(server, b"Connection: close"))
        received = _read_to_end(connection)
    assert _statuses(received) == [b"200", b"404", b"200"]
    assert received.count(b'{"state":true}') == 2


def test_a_client_that_half_closes_after_its_request_still_gets_the_answer(server: RunningSandbox) -> None:
    with _connect(server) as connection:
        connection.sendall(_put(server))
        connection.shutdown(socket.SHUT_WR)
        received = _read_to_end(connection)
    assert _statuses(received) == [b"200"]


def test_a_100_continue_is_sent_while_the_request_waits_for_its_body(server: RunningSandbox) -> None:
    request = _put(server, b"Expect: 100-continue", b"Connection: close")
    head, body = request.split(b"\r\n\r\n")
    with _connect(server) as connection:
        connection.sendall(head + b"\r\n\r\n")
        assert connection.recv(65536) == b"HTTP/1.1 100 Continue\r\n\r\n"
        connection.sendall(body)
        assert _statuses(_read_to_end(connection)) == [b"200"]


def test_a_request_that_is_not_http_gets_its_400_before_the_connection_closes(server: RunningSandbox) -> None:
    with _connect(server) as connection:
        connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        received = _read_to_end(connection)
    assert received.startswith(b"HTTP/1.1 400 ")
    assert received.endswith(b"Invalid HTTP request received.")


FIRE = b'{"name": "OrderPaid"}'


def _fire_head(server: RunningSandbox, framing: bytes) -> bytes:
    head = [b"POST /v1/contacts/1001/fire HTTP/1.1", b"Host: sandbox",
            b"Authorization: Bearer " + server.token.encode(), b"Content-Type: application/json", framing]  # fmt: skip
    return b"\r\n".join(head) + b"\r\n\r\n"


@pytest.mark.parametrize(
    ("framing", "first_part", "rest"),
    [
        # The first chunk holds the whole JSON; the next chunk's size is not hexadecimal.
        (b"Transfer-Encoding: chunked", b"%x\r\n%b\r\n" % (len(FIRE), FIRE), b"zz\r\n"),
        # More bytes announced than sent, then the connection closes.
        (b"Content-Length: 100", FIRE, None),
    ],
    ids=["broken chunked framing", "connection closed mid-body"],
)
def test_a_request_whose_body_never_fully_arrives_is_not_executed(
    server: RunningSandbox, monkeypatch: pytest.MonkeyPatch, framing: bytes, first_part: bytes, rest: bytes | None
) -> None:
    finished = threading.Event()
    answer_it = SandboxApp.__call__

    async def observed(app: SandboxApp, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await answer_it(app, scope, receive, send)
        finally:
            finished.set()

    monkeypatch.setattr(SandboxApp, "__call__", observed)
    project = server.app.projects[0]
    before = server.app.store.fired_events(project)
    with _connect(server) as connection:
        connection.sendall(_fire_head(server, framing) + first_part)
        time.sleep(0.2)  # the sandbox takes in the first part of the body before the rest goes wrong
        if rest is not None:
            connection.sendall(rest)
    assert finished.wait(timeout=5), "the sandbox never finished with the request"
    assert server.app.store.fired_events(project) == before


def test_an_abandoned_body_runs_nothing_and_sends_nothing(server: RunningSandbox) -> None:
    scope: Scope = {"type": "http", "method": "POST", "path": "/v1/contacts/1001/fire", "query_string": b"",
                    "headers": [(b"authorization", b"Bearer " + server.token.encode()),
                                (b"content-type", b"application/json")]}  # fmt: skip
    messages: list[Message] = [{"type": "http.request", "body": FIRE, "more_body": True}, {"type": "http.disconnect"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    project = server.app.projects[0]
    before = server.app.store.fired_events(project)
    asyncio.run(server.app(scope, receive, send))
    assert sent == []
    assert server.app.store.fired_events(project) == before
