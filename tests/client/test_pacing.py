"""Pacing: a client never lets more requests start in any 60-second window than its rate limit,
whether its calls are sync or async, from threads or tasks, and a sandbox enforcing that limit never
answers it 429. The clock is a FakeClock, which the limiter reads and sleeps on: no test waits for the rate limit.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact, list_contacts
from smartsender_client.client import DOCUMENTED_RATE_LIMIT, RateLimiter

import openapi_document
from sandbox import SandboxConfig
from sandbox.testing import RunningSandbox, running_sandbox
from tests.client.support import MOCK_BASE_URL, FakeClock, Handler, mock_client, server_client

WINDOW = 60.0


def the_windows_hold(starts: list[float], limit: int) -> None:
    """No 60-second window holds more than `limit` of these start times (in the order they came)."""
    ordered = sorted(starts)
    crowded = [
        (ordered[i], ordered[i + limit])
        for i in range(len(ordered) - limit)
        if ordered[i + limit] - ordered[i] < WINDOW
    ]
    assert not crowded, f"{limit + 1} requests within 60 s: {crowded[:3]}"


def recording(clock: FakeClock, starts: list[float], *, busy: float = 0.0) -> Handler:
    """Answers 200 and records when each request reached it; each request takes `busy` seconds."""
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            starts.append(clock())
        clock.advance(busy)
        return httpx.Response(200, json={"id": 1001})

    return handler


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_the_default_is_the_documents_limit() -> None:
    assert openapi_document.load().rate_limit.requests_per_minute == DOCUMENTED_RATE_LIMIT.requests_per_minute == 180
    assert AuthenticatedClient(base_url=MOCK_BASE_URL, token="t").rate_limiter.requests_per_minute == 180


def test_sync_calls_never_exceed_the_limit_in_any_window_and_wait_no_longer_than_needed(clock: FakeClock) -> None:
    starts: list[float] = []
    with mock_client(recording(clock, starts), rate_limit=clock.limiter(5)) as client:
        for _ in range(23):
            get_contact.call(1001, client=client)
    assert len(starts) == 23
    the_windows_hold(starts, 5)
    # Five at once, then five more as soon as the first five are 60 s old: the ideal pace.
    assert starts == [1000.0] * 5 + [1060.0] * 5 + [1120.0] * 5 + [1180.0] * 5 + [1240.0] * 3


def test_a_slow_request_holds_its_place_until_60_s_after_its_answer(clock: FakeClock) -> None:
    """The server may count a request when it arrives, any time before its answer left."""
    starts: list[float] = []
    with mock_client(recording(clock, starts, busy=10.0), rate_limit=clock.limiter(1)) as client:
        for _ in range(3):
            get_contact.call(1001, client=client)
    assert starts == [1000.0, 1070.0, 1140.0]


@pytest.mark.anyio
async def test_concurrent_tasks_share_the_limit(clock: FakeClock) -> None:
    starts: list[float] = []
    async with mock_client(recording(clock, starts), rate_limit=clock.limiter(4)) as client:
        await asyncio.gather(*(get_contact.acall(1001, client=client) for _ in range(18)))
    assert len(starts) == 18
    the_windows_hold(starts, 4)
    assert clock.sleeps  # some tasks waited, on the async sleep


def test_threads_share_the_limit(clock: FakeClock) -> None:
    starts: list[float] = []
    with mock_client(recording(clock, starts), rate_limit=clock.limiter(3)) as client:

        def work() -> None:
            for _ in range(5):
                get_contact.call(1001, client=client)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert len(starts) == 20
    the_windows_hold(starts, 3)


@pytest.mark.anyio
async def test_sync_and_async_calls_of_one_client_count_together(clock: FakeClock) -> None:
    starts: list[float] = []
    client = mock_client(recording(clock, starts), rate_limit=clock.limiter(3))
    with client:
        get_contact.call(1001, client=client)
        get_contact.call(1001, client=client)
    async with client:
        await get_contact.acall(1001, client=client)
        await get_contact.acall(1001, client=client)  # the fourth: it waits for the first's place
    assert starts == [1000.0, 1000.0, 1000.0, 1060.0]


def test_derived_clients_and_clients_given_the_limiter_share_it(clock: FakeClock) -> None:
    starts: list[float] = []
    first = mock_client(recording(clock, starts), rate_limit=clock.limiter(2))
    derived = first.with_headers({"X-Trace": "1"}).set_httpx_client(
        httpx.Client(base_url=MOCK_BASE_URL, transport=httpx.MockTransport(recording(clock, starts)))
    )
    assert derived.rate_limiter is first.rate_limiter
    sharing = mock_client(recording(clock, starts), rate_limit=first.rate_limiter)
    for client in (first, derived, sharing):
        with client:
            get_contact.call(1001, client=client)
    assert starts == [1000.0, 1000.0, 1060.0]


@pytest.mark.parametrize("off", [None, 0])
def test_pacing_switched_off_never_waits(clock: FakeClock, off: int | None) -> None:
    starts: list[float] = []
    limiter = RateLimiter(off, clock=clock, sleep=clock.sleep)
    with mock_client(recording(clock, starts), rate_limit=limiter) as client:
        for _ in range(250):
            get_contact.call(1001, client=client)
    assert (len(starts), clock.sleeps) == (250, [])
    assert limiter.requests_per_minute is None


@pytest.mark.parametrize("wrong", [-1, 2.5, True, "180"])
def test_a_rate_limit_that_is_not_a_count_is_refused(wrong: object) -> None:
    with pytest.raises(ValueError, match=r"rate_limit=.*: give the requests a minute to stay within .*or None"):
        AuthenticatedClient(base_url=MOCK_BASE_URL, token="t", rate_limit=wrong)  # type: ignore[arg-type]


def test_a_pacing_wait_is_logged(clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    client = mock_client(recording(clock, []), rate_limit=clock.limiter(1))
    with caplog.at_level(logging.DEBUG, logger="smartsender_client"), client:
        get_contact.call(1001, client=client)
        get_contact.call(1002, client=client)
        clock.advance(59.5)
        get_contact.call(1003, client=client)
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("INFO", "GET /v1/contacts/1002 waits 60.0 s for the rate limit (1 requests in any 60 s)"),
        ("DEBUG", "GET /v1/contacts/1003 waits 0.5 s for the rate limit (1 requests in any 60 s)"),
    ]


# -- against a sandbox that enforces the limit, or none (the sandbox shares the fake clock) -------


@pytest.fixture
def limited_sandbox(clock: FakeClock) -> Iterator[RunningSandbox]:
    """A sandbox allowing 5 requests a minute on `clock` (SandboxConfig.requests_per_minute)."""
    with running_sandbox(SandboxConfig(clock=clock, requests_per_minute=5)) as server:
        yield server


def statuses(seen: list[int]) -> dict[str, Any]:
    """httpx_args that record the status of every answer (sync calls only)."""
    return {"event_hooks": {"response": [lambda response: seen.append(response.status_code)]}}


def test_a_paced_client_is_never_answered_429(limited_sandbox: RunningSandbox, clock: FakeClock) -> None:
    seen: list[int] = []
    client = server_client(limited_sandbox, rate_limit=clock.limiter(5), max_retries=0, httpx_args=statuses(seen))
    with client:
        contacts = [contact.id for contact in list_contacts.iter_all(client=client, limitation=3)]  # 14 pages
        for _ in range(3):
            get_contact.call(1001, client=client)
    assert len(contacts) == 40
    assert seen == [200] * 17
    assert clock.sleeps == [60.0, 60.0, 60.0]


def test_an_unpaced_client_meets_the_lockout_and_waits_it_out(
    limited_sandbox: RunningSandbox, clock: FakeClock
) -> None:
    """Pacing off: the sixth request is answered 429 with Retry-After, waited for, and sent again."""
    seen: list[int] = []
    unpaced = RateLimiter(None, clock=clock, sleep=clock.sleep)
    with server_client(limited_sandbox, rate_limit=unpaced, httpx_args=statuses(seen)) as client:
        for _ in range(8):
            get_contact.call(1001, client=client)
    assert seen == [200] * 5 + [429] + [200] * 3
    assert clock.sleeps == [60.0]


def test_a_sandbox_without_a_limit_answers_a_paced_client_and_an_unpaced_one(clock: FakeClock) -> None:
    seen: list[int] = []
    with running_sandbox(SandboxConfig(rate_limit=False)) as server:
        with server_client(server, rate_limit=clock.limiter(5), httpx_args=statuses(seen)) as client:
            for _ in range(12):
                get_contact.call(1001, client=client)
        assert clock.sleeps == [60.0, 60.0]  # the client paces whatever the server does
        unpaced = RateLimiter(None, clock=clock, sleep=clock.sleep)
        with server_client(server, rate_limit=unpaced, httpx_args=statuses(seen)) as client:
            for _ in range(12):
                get_contact.call(1001, client=client)
    assert clock.sleeps == [60.0, 60.0]
    assert seen == [200] * 24


def test_threads_that_make_the_first_calls_together_build_one_httpx_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building an httpx.Client takes about 0.15 s on this machine (its SSL context): eight threads
    that call a fresh client at once built eight, seven of them never closed."""
    built: list[httpx.Client] = []

    class SlowToBuild(httpx.Client):
        def __init__(self, **settings: Any) -> None:
            built.append(self)
            time.sleep(0.05)
            super().__init__(**settings)

    monkeypatch.setattr(httpx, "Client", SlowToBuild)
    answer = {"id": 1001, "fullName": "Olena Kovalenko"}
    client = AuthenticatedClient(
        base_url=MOCK_BASE_URL,
        token="t",
        rate_limit=None,
        httpx_args={"transport": httpx.MockTransport(lambda request: httpx.Response(200, json=answer))},
    )
    start = threading.Barrier(8)

    def first_call() -> None:
        start.wait()
        assert get_contact.call(1001, client=client).id == 1001

    threads = [threading.Thread(target=first_call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == [client.get_httpx_client()]
    client.get_httpx_client().close()
