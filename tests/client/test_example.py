"""examples/client_usage.py: the script runs against a sandbox, and its 429 retry transport works.

The script is run as a subprocess, exactly as its docstring tells a reader to run it, so it cannot
rot unnoticed. Its pieces are imported for the tests of RetryOn429Transport.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact, list_contacts, update_contact
from smartsender_client.models import (
    Contact,
    ContactPage,
    StateResult,
    UpdateContactRequest,
    UpdateContactRequestValues,
)

from examples.client_usage import (
    AsyncRetryOn429Transport,
    RetryOn429Transport,
    RetryPolicy,
    main,
    make_client,
    retry_after_seconds,
)
from sandbox import SandboxConfig
from sandbox.testing import RunningSandbox, running_sandbox
from tests.client.support import FakeClock, envelope, expect, expect_error, server_client

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "client_usage.py"


def run_example(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("SMARTSENDER_")}
    return subprocess.run(
        [sys.executable, str(EXAMPLE)], env={**base, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_example_runs_against_the_sandbox(shared_sandbox: RunningSandbox) -> None:
    result = run_example({"SMARTSENDER_BASE_URL": shared_sandbox.base_url, "SMARTSENDER_TOKEN": shared_sandbox.token})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SandboxConfig().contacts_per_project} contacts at {shared_sandbox.base_url}"
    assert lines[1] == "  1001: Olena Kovalenko <olena.kovalenko@example.com>"
    assert "contact 999999999: 404 Contact not found" in lines
    assert any(line.startswith("contact 1001, simple view: ") and "city='Kyiv'" in line for line in lines), lines


def test_the_example_reports_an_error_answer(shared_sandbox: RunningSandbox) -> None:
    result = run_example({"SMARTSENDER_BASE_URL": shared_sandbox.base_url, "SMARTSENDER_TOKEN": "wrong"})
    assert result.returncode == 1
    assert result.stderr.startswith("the API answered 401 Unauthenticated")


def test_the_example_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMARTSENDER_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="SMARTSENDER_TOKEN is not set"):
        main()


# -- RetryOn429Transport --------------------------------------------------------------------------


def test_the_retry_transport_waits_out_a_real_lockout() -> None:
    clock = FakeClock()
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # waiting moves the sandbox's clock instead of the test's
        waits.append(seconds)
        clock.advance(seconds)

    with running_sandbox(SandboxConfig(clock=clock)) as server:
        with server_client(server) as plain:
            for _ in range(180):
                expect(list_contacts.sync(client=plain, limitation=1), ContactPage)
            expect_error(get_contact.sync(1001, client=plain), 429)  # locked out for 60 s from here

        transport = RetryOn429Transport(httpx.HTTPTransport(), sleep=sleep)
        with make_client(server.base_url, server.token, transport) as retrying:
            contact = expect(get_contact.sync(1001, client=retrying), Contact)
    assert contact.id == 1001
    assert waits == [60.0]


def counting_429(calls: list[httpx.Request], headers: dict[str, str], then: int | None = None) -> httpx.MockTransport:
    """Answers 429 (with `headers`), or 200 from the `then`-th request on (sync and async alike)."""

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if then is not None and len(calls) >= then:
            return httpx.Response(200, json={"state": True})
        return httpx.Response(429, headers=headers, json=envelope(429, "Too many requests"))

    return httpx.MockTransport(handler)


def retrying_client(transport: RetryOn429Transport) -> AuthenticatedClient:
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t")
    return client.set_httpx_client(httpx.Client(base_url="https://api.smartsender.test", transport=transport))


def test_the_retry_transport_gives_up_after_max_attempts() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(
        counting_429(calls, {"Retry-After": "2"}), policy=RetryPolicy(max_attempts=3), sleep=waits.append
    )
    with retrying_client(transport) as client:
        response = get_contact.sync_detailed(1001, client=client)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    expect_error(response.parsed, 429)
    assert len(calls) == 3
    assert waits == [2.0, 2.0]


def test_the_retry_transport_does_not_wait_longer_than_max_wait() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(
        counting_429(calls, {"Retry-After": "720"}), policy=RetryPolicy(max_wait=65), sleep=waits.append
    )
    with retrying_client(transport) as client:
        expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (1, [])


def test_the_retry_transport_resends_the_body() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(counting_429(calls, {}, then=2), sleep=waits.append)
    body = UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"city": "Lviv"}))
    with retrying_client(transport) as client:
        result = update_contact.sync(1001, client=client, body=body)
    assert expect(result, StateResult).state is True
    assert waits == [60.0]  # no Retry-After header: the API's first lock-out, not a quick retry into it
    assert [json.loads(request.read()) for request in calls] == [{"values": {"city": "Lviv"}}] * 2


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7", default=1.0) == 7.0
    assert retry_after_seconds(None, default=1.5) == 1.5
    assert retry_after_seconds("soon", default=1.5) == 1.5
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= retry_after_seconds(in_a_minute, default=1.0) <= 60
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", default=1.0) == 0.0


@pytest.mark.anyio
async def test_the_async_retry_transport_waits_and_resends() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    transport = AsyncRetryOn429Transport(counting_429(calls, {"Retry-After": "3"}, then=3), sleep=sleep)
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t")
    client.set_async_httpx_client(httpx.AsyncClient(base_url="https://api.smartsender.test", transport=transport))
    async with client:
        result = await update_contact.asyncio(
            1001, client=client, body=UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"a": "b"}))
        )
    assert expect(result, StateResult).state is True
    assert (len(calls), waits) == (3, [3.0, 3.0])


def test_the_example_client_retries_on_both_of_its_httpx_clients() -> None:
    client = make_client("https://api.smartsender.test", "t")
    assert isinstance(client.get_httpx_client()._transport, RetryOn429Transport)
    assert isinstance(client.get_async_httpx_client()._transport, AsyncRetryOn429Transport)
