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
from typing import Any

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

from examples import client_usage
from examples.client_usage import (
    AsyncRetryOn429Transport,
    RetryOn429Transport,
    RetryPolicy,
    escalated_lockout,
    main,
    make_client,
    retry_after_seconds,
)
from openapi_document import load
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


@pytest.mark.parametrize(
    ("answer", "raised"),
    [
        (httpx.Response(403, json={"message": "Forbidden by the proxy"}), "KeyError('error')"),
        (httpx.Response(403, text="<html>Forbidden</html>"), "JSONDecodeError"),
        (httpx.Response(502, text="Bad Gateway"), "UnexpectedStatus"),
    ],
    ids=["json-without-envelope", "html-page", "undocumented-status"],
)
def test_the_example_reports_an_answer_the_client_cannot_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answer: httpx.Response, raised: str
) -> None:
    """What a proxy in front of the API may answer: main() names the URL instead of a traceback."""

    def through_the_proxy(base_url: str, token: str) -> AuthenticatedClient:
        return make_client(base_url, token, RetryOn429Transport(httpx.MockTransport(lambda request: answer)))

    monkeypatch.setattr(client_usage, "make_client", through_the_proxy)
    monkeypatch.setenv("SMARTSENDER_BASE_URL", "https://proxy.test")
    monkeypatch.setenv("SMARTSENDER_TOKEN", "t")
    assert main() == 1
    error = capsys.readouterr().err
    assert error.startswith("https://proxy.test gave an answer the client cannot read ("), error
    assert raised in error


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


CITY = UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"city": "Lviv"}))


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


def test_without_retry_after_the_waits_follow_the_documented_escalation() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    policy = RetryPolicy(max_attempts=5, max_wait=720, max_total_wait=10_000)
    transport = RetryOn429Transport(counting_429(calls, {}), policy=policy, sleep=waits.append)
    with retrying_client(transport) as client:
        expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (5, [60.0, 120.0, 180.0, 240.0])


def test_the_escalation_stops_at_the_longest_lockout() -> None:
    assert [escalated_lockout(overrun) for overrun in (1, 2, 11, 12, 13, 50)] == [60, 120, 660, 720, 720, 720]
    policy = RetryPolicy(max_attempts=20, max_wait=720, max_total_wait=100_000)
    locked = httpx.Response(429)
    assert policy.wait_before_retry(locked, attempt=15, waited=0) == 720.0


def test_the_default_policy_waits_60_then_120_seconds_then_gives_up() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(counting_429(calls, {}), sleep=waits.append)
    with retrying_client(transport) as client:
        expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (3, [60.0, 120.0])


def test_an_escalated_wait_longer_than_max_wait_is_not_waited_for() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(
        counting_429(calls, {}), policy=RetryPolicy(max_attempts=5, max_wait=150), sleep=waits.append
    )
    with retrying_client(transport) as client:
        expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (3, [60.0, 120.0])  # the third wait would be 180 s


def test_retry_after_wins_over_the_escalation() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(counting_429(calls, {"Retry-After": "5"}, then=3), sleep=waits.append)
    with retrying_client(transport) as client:
        assert expect(update_contact.sync(1001, client=client, body=CITY), StateResult).state is True
    assert (len(calls), waits) == (3, [5.0, 5.0])  # not 60 s and 120 s


def test_the_waits_of_one_call_stay_within_max_total_wait() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    policy = RetryPolicy(max_attempts=10, max_wait=60, max_total_wait=100)
    transport = RetryOn429Transport(counting_429(calls, {"Retry-After": "30"}), policy=policy, sleep=waits.append)
    with retrying_client(transport) as client:
        expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (4, [30.0, 30.0, 30.0])  # a fourth wait would make 120 s


def test_the_budget_is_per_call() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    policy = RetryPolicy(max_attempts=2, max_total_wait=60)
    transport = RetryOn429Transport(counting_429(calls, {}), policy=policy, sleep=waits.append)
    with retrying_client(transport) as client:
        for _ in range(3):
            expect_error(get_contact.sync(1001, client=client), 429)
    assert (len(calls), waits) == (6, [60.0, 60.0, 60.0])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"max_attempts": 0}, r"RetryPolicy\(max_attempts=0\): .* must be at least 1"),
        ({"max_wait": -1}, r"RetryPolicy\(max_wait=-1\): a wait cannot be negative; pass 0 to never wait"),
        ({"max_total_wait": -5.0}, r"RetryPolicy\(max_total_wait=-5.0\): a wait cannot be negative"),
    ],
)
def test_a_policy_refuses_impossible_limits(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**arguments)


def test_the_retry_transport_resends_the_body() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    transport = RetryOn429Transport(counting_429(calls, {}, then=2), sleep=waits.append)
    with retrying_client(transport) as client:
        result = update_contact.sync(1001, client=client, body=CITY)
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


@pytest.mark.anyio
async def test_the_async_retry_transport_escalates_and_keeps_to_the_budget() -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    policy = RetryPolicy(max_attempts=10, max_wait=720, max_total_wait=300)
    transport = AsyncRetryOn429Transport(counting_429(calls, {}), policy=policy, sleep=sleep)
    client = AuthenticatedClient(base_url="https://api.smartsender.test", token="t")
    client.set_async_httpx_client(httpx.AsyncClient(base_url="https://api.smartsender.test", transport=transport))
    async with client:
        expect_error(await get_contact.asyncio(1001, client=client), 429)
    assert (len(calls), waits) == (3, [60.0, 120.0])  # a third wait, of 180 s, would make 360 s


def test_the_example_client_retries_on_both_of_its_httpx_clients() -> None:
    client = make_client("https://api.smartsender.test", "t")
    assert isinstance(client.get_httpx_client()._transport, RetryOn429Transport)
    assert isinstance(client.get_async_httpx_client()._transport, AsyncRetryOn429Transport)


def test_the_examples_lockout_figures_are_the_documents() -> None:
    """The example is meant to be copied, so it cannot read the document; it must still agree with it."""
    documented = load().rate_limit
    assert [documented.lockout_seconds(overrun) for overrun in range(1, 15)] == [
        client_usage.escalated_lockout(overrun) for overrun in range(1, 15)
    ]
