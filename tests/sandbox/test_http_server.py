"""The sandbox over HTTP (sandbox.http_server): pipelined requests, a half-closed connection, `100
Continue` and bytes that are not HTTP all get their answers."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest

from sandbox import SandboxConfig
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
