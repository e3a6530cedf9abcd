"""Retries: a 429 is sent again after Retry-After (else the documented lock-out), within max_retries and
max_retry_wait; 5xx answers and lost connections only for GET, PUT and DELETE; a POST only when the
server cannot have acted on it. Answers come from an `httpx.MockTransport`, waits from a FakeClock.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import httpx
import pytest
from smartsender_client import AuthenticatedClient, errors
from smartsender_client.api.contacts import (
    delete_contact,
    fire_contact_event,
    get_contact,
    search_contacts,
    unite_contacts,
    update_contact,
)
from smartsender_client.client import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT
from smartsender_client.models import (
    Contact,
    FireEventRequest,
    StateResult,
    UnverifiedErrorResponse,
    UpdateContactRequest,
    UpdateContactRequestValues,
)

from tests.client.support import MOCK_BASE_URL, FakeClock, envelope, expect, mock_client

Answer = httpx.Response | Exception
EVENT = FireEventRequest(name="OrderPaid")
CITY = UpdateContactRequest(values=UpdateContactRequestValues.from_dict({"city": "Lviv"}))
OK = {"id": 1001, "state": True}  # a Contact and a StateResult at once


def scripted(answers: list[Answer], seen: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    """Gives the answers in order (an exception is raised), then 200 for every later request."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[len(seen) - 1] if len(seen) <= len(answers) else httpx.Response(200, json=OK)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def limited(retry_after: str | None = None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(429, json=envelope(429, "Too many requests"), headers=headers)


def client_of(
    answers: list[Answer], seen: list[httpx.Request], clock: FakeClock, **settings: object
) -> AuthenticatedClient:
    """A client with the package's retry defaults (unless `settings` say otherwise), paced on `clock`."""
    defaults: dict[str, object] = {"max_retries": DEFAULT_MAX_RETRIES, "rate_limit": clock.limiter(180)}
    return mock_client(scripted(answers, seen), **{**defaults, **settings})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_the_defaults_are_two_retries_within_180_seconds() -> None:
    client = AuthenticatedClient(base_url=MOCK_BASE_URL, token="t")
    assert (client.max_retries, client.max_retry_wait) == (DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT) == (2, 180.0)


def test_a_429_is_sent_again_after_retry_after(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([limited("7")], seen, clock) as client:
        contact = get_contact.call(1001, client=client)
    assert contact.id == 1001
    assert len(seen) == 2
    assert clock.sleeps == [7.0]  # once: the lock-out it noted and the retry's wait are the same wait


def test_without_retry_after_the_waits_follow_the_documented_escalation_then_it_gives_up(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([limited()] * 3, seen, clock) as client:
        result = get_contact.sync(1001, client=client)
    assert isinstance(result, UnverifiedErrorResponse)  # the old return, after the retries
    assert len(seen) == 3
    assert clock.sleeps == [60.0, 120.0]  # the first two lock-outs: 180 s, the default max_retry_wait


def test_a_429_is_given_up_when_the_wait_budget_runs_out(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    client = client_of([limited("100")] * 5, seen, clock, max_retries=5, max_retry_wait=250)
    with client, pytest.raises(errors.RateLimitError) as raised:
        get_contact.call(1001, client=client)
    assert raised.value.retry_after == 100.0
    assert len(seen) == 3  # a third wait of 100 s would make 300 s
    assert clock.sleeps == [100.0, 100.0]


def test_max_retries_zero_and_max_retry_wait_zero_never_wait(clock: FakeClock) -> None:
    for settings in ({"max_retries": 0}, {"max_retry_wait": 0}):
        seen: list[httpx.Request] = []
        with client_of([limited("1")], seen, clock, **settings) as client, pytest.raises(errors.RateLimitError):
            get_contact.call(1001, client=client)
        assert len(seen) == 1, settings
    assert clock.sleeps == []


def test_after_a_429_every_call_of_the_client_waits_out_the_lockout(clock: FakeClock) -> None:
    """A call that gives up still teaches the limiter: the next call does not walk into the lock-out."""
    seen: list[httpx.Request] = []
    with client_of([limited("60")], seen, clock, max_retries=0) as client:
        with pytest.raises(errors.RateLimitError):
            get_contact.call(1001, client=client)
        clock.advance(15)
        assert get_contact.call(1002, client=client).id == 1001
    assert clock.sleeps == [45.0]
    assert len(seen) == 2


def test_the_escalation_counts_429_answers_in_a_row_across_calls(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    answers: list[Answer] = [limited(), limited(), limited(), httpx.Response(200, json=OK), limited()]
    with client_of(answers, seen, clock, max_retries=1) as client:
        with pytest.raises(errors.RateLimitError):
            get_contact.call(1001, client=client)  # 429, 60 s, 429 (a lock-out of 120 s): given up
        get_contact.call(1001, client=client)  # waits out the 120 s; the third 429 in a row: 180 s; 200
        get_contact.call(1001, client=client)  # after that 200 the escalation starts over: 60 s
    assert clock.sleeps == [60.0, 120.0, 180.0, 60.0]
    assert len(seen) == 6


def test_a_post_is_not_sent_again_after_a_5xx_answer(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([httpx.Response(500, text="oops")] * 3, seen, clock) as client:
        assert fire_contact_event.sync(1001, client=client, body=EVENT) is None  # undocumented: None, as before
        with pytest.raises(errors.UnexpectedStatus):
            unite_contacts.call(1001, 1002, client=client)
    assert [request.method for request in seen] == ["POST", "POST"]
    assert clock.sleeps == []


def test_a_post_is_not_sent_again_after_its_answer_was_lost(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut")], seen, clock) as client:
        with pytest.raises(httpx.ReadTimeout):
            fire_contact_event.call(1001, client=client, body=EVENT)
        with pytest.raises(httpx.RemoteProtocolError):
            fire_contact_event.call(1001, client=client, body=EVENT)
    assert len(seen) == 2


def test_a_post_is_sent_again_after_a_429_or_a_failure_to_connect_with_the_same_body(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    answers: list[Answer] = [limited("3"), httpx.ConnectError("refused"), httpx.ConnectTimeout("no answer")]
    with client_of(answers, seen, clock, max_retries=3) as client:
        assert fire_contact_event.call(1001, client=client, body=EVENT).state is True
    assert [json.loads(request.read()) for request in seen] == [{"name": "OrderPaid"}] * 4
    assert clock.sleeps == [3.0, 1.0, 2.0]  # Retry-After, then the backoff of the 2nd and 3rd retry


@pytest.mark.parametrize(
    ("method", "send"),
    [
        ("GET", lambda client: get_contact.call(1001, client=client)),
        ("PUT", lambda client: update_contact.call(1001, client=client, body=CITY)),
        ("DELETE", lambda client: delete_contact.call(1001, client=client)),
    ],
)
def test_idempotent_methods_are_sent_again_after_5xx_and_lost_answers(
    clock: FakeClock, method: str, send: Callable[[AuthenticatedClient], object]
) -> None:
    seen: list[httpx.Request] = []
    with client_of([httpx.Response(503, text="busy"), httpx.ReadTimeout("slow")], seen, clock) as client:
        send(client)
    assert [request.method for request in seen] == [method] * 3
    assert clock.sleeps == [0.5, 1.0]


def test_a_5xx_answer_that_says_retry_after_is_waited_for_and_the_last_one_is_returned(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    unavailable = httpx.Response(503, text="busy", headers={"Retry-After": "20"})
    with client_of([unavailable] * 3, seen, clock) as client:
        response = get_contact.sync_detailed(1001, client=client)
    assert (response.status_code, response.content, len(seen)) == (503, b"busy", 3)
    assert clock.sleeps == [20.0, 20.0]


def test_an_error_the_client_made_is_not_sent_again(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of(
        [httpx.Response(400, json=envelope(400, "Invalid request")), httpx.UnsupportedProtocol("x")], seen, clock
    ) as client:
        with pytest.raises(errors.BadRequestError):
            get_contact.call(1001, client=client)
        with pytest.raises(httpx.UnsupportedProtocol):
            get_contact.call(1001, client=client)
    assert len(seen) == 2


def test_each_retry_and_each_give_up_is_logged_without_query_or_token(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[httpx.Request] = []
    client = client_of([limited("5"), httpx.Response(503), httpx.Response(503)], seen, clock)
    with caplog.at_level(logging.INFO, logger="smartsender_client"), client:
        search_contacts.sync(client=client, term="olena@example.com")
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("WARNING", "GET /v1/contacts/search answered 429 (rate limited); retry 1 of 2 in 5.0 s"),
        ("WARNING", "GET /v1/contacts/search answered 503; retry 2 of 2 in 1.0 s"),
        ("WARNING", "GET /v1/contacts/search answered 503; not retried (max_retries=2 reached)"),
    ]
    assert "olena" not in caplog.text
    assert "mock-token" not in caplog.text
    assert seen[0].headers["Authorization"] == "Bearer mock-token"


@pytest.mark.anyio
async def test_async_calls_retry_on_the_async_sleep(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    answers: list[Answer] = [limited("4"), httpx.ConnectError("refused"), httpx.Response(502)]
    async with client_of(answers, seen, clock, max_retries=3) as client:
        contact = await get_contact.acall(1001, client=client)
    assert expect(contact, Contact).id == 1001
    assert (len(seen), clock.sleeps) == (4, [4.0, 1.0, 2.0])


@pytest.mark.anyio
async def test_async_post_is_not_sent_again_after_a_5xx_answer(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    async with client_of([httpx.Response(502)], seen, clock) as client:
        assert await fire_contact_event.asyncio(1001, client=client, body=EVENT) is None
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"max_retries": -1}, r"max_retries=-1: give how often a call may send its request again, 0 or more"),
        ({"max_retries": 1.5}, r"max_retries=1.5: "),
        ({"max_retry_wait": -0.1}, r"max_retry_wait=-0.1: give the seconds a call may wait .* 0 or more"),
        ({"max_retry_wait": float("nan")}, r"max_retry_wait=nan: "),
    ],
)
def test_impossible_retry_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AuthenticatedClient(base_url=MOCK_BASE_URL, token="t", **settings)  # type: ignore[arg-type]


def test_state_results_come_back_after_a_retry(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([limited("1")], seen, clock) as client:
        assert expect(update_contact.sync(1001, client=client, body=CITY), StateResult).state is True


def test_a_retry_after_beyond_the_longest_lockout_holds_other_calls_for_the_longest_lockout(clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    with client_of([limited("86400")], seen, clock) as client:
        with pytest.raises(errors.RateLimitError):
            get_contact.call(1001, client=client)  # a day: far past max_retry_wait, so not retried
        get_contact.call(1002, client=client)
    assert clock.sleeps == [720.0]  # the document's longest lock-out, not a day


class OverlappingClock(FakeClock):
    """A FakeClock whose async waits overlap, as real ones do: a task that starts a wait lets the
    others run first, and the clock then moves to the end of the wait (never back)."""

    async def async_sleep(self, seconds: float) -> None:
        until = self.now + seconds
        self.sleeps.append(seconds)
        await asyncio.sleep(0)
        self.now = max(self.now, until)


@pytest.mark.anyio
async def test_the_429_answers_of_one_lock_out_escalate_it_once() -> None:
    """Four tasks sent before the token was locked out are all answered 429, without Retry-After (the
    vendor documents none). It is one overrun of the server, so one lock-out of 60 s: each task waits
    60 s and then succeeds; none waits 120, 180 or 240 s (nor gives up past max_retry_wait) as if
    each 429 were a further overrun."""
    tasks, clock = 4, OverlappingClock()
    refused: list[httpx.Request] = []
    all_sent = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if len(refused) == tasks:
            return httpx.Response(200, json=OK)
        refused.append(request)
        if len(refused) == tasks:
            all_sent.set()
        await all_sent.wait()
        return limited()

    client = AuthenticatedClient(base_url=MOCK_BASE_URL, token="t", rate_limit=clock.limiter(180))
    client.set_async_httpx_client(httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=MOCK_BASE_URL))
    async with client:
        contacts = await asyncio.gather(*(get_contact.acall(1001, client=client) for _ in range(tasks)))
    assert [contact.id for contact in contacts] == [1001] * tasks
    assert clock.sleeps == [60.0] * tasks
