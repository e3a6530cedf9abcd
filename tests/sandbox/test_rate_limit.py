"""The rate limit: 180 requests a minute per token, lock-outs of 60 s growing by 60 s to 720 s (the
figures of the document's info.x-rate-limit)."""

from __future__ import annotations

import pytest

from openapi_document import RateLimit, load
from sandbox import SandboxConfig, create_app
from sandbox.rate_limit import RateLimiter
from tests.sandbox.conftest import make_caller


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


DOCUMENTED = load().rate_limit


def spend(limiter: RateLimiter, token: str, count: int) -> list[bool]:
    return [limiter.hit(token).allowed for _ in range(count)]


def test_180_requests_a_minute_then_a_60_second_lockout() -> None:
    clock = FakeClock()
    limiter = RateLimiter(DOCUMENTED, clock)
    decisions = [limiter.hit("t") for _ in range(180)]
    assert all(decision.allowed for decision in decisions)
    assert [decision.remaining for decision in decisions[:3]] == [179, 178, 177]
    assert decisions[-1].remaining == 0
    overrun = limiter.hit("t")
    assert (overrun.allowed, overrun.remaining, overrun.retry_after) == (False, 0, 60)
    clock.now += 59.5
    assert limiter.hit("t").retry_after == 1
    clock.now += 0.5
    assert limiter.hit("t").allowed  # the lock-out is over and a new minute starts


def test_the_window_restarts_after_a_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(DOCUMENTED, clock)
    assert all(spend(limiter, "t", 180))
    clock.now += 60
    assert all(spend(limiter, "t", 180))
    assert not limiter.hit("t").allowed


def test_each_further_overrun_adds_60_seconds_up_to_720() -> None:
    clock = FakeClock()
    limiter = RateLimiter(DOCUMENTED, clock)
    lockouts = []
    for _ in range(14):
        spend(limiter, "t", 180)
        decision = limiter.hit("t")
        assert not decision.allowed
        lockouts.append(decision.retry_after)
        clock.now += decision.retry_after
    assert lockouts == [60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720, 720, 720]


def test_the_escalation_starts_over_after_an_hour_without_overrun() -> None:
    clock = FakeClock()
    limiter = RateLimiter(DOCUMENTED, clock)
    for _ in range(3):
        spend(limiter, "t", 180)
        clock.now += limiter.hit("t").retry_after
    clock.now += 3600
    spend(limiter, "t", 180)
    assert limiter.hit("t").retry_after == 60


def test_the_figures_come_from_the_document() -> None:
    assert (
        RateLimit(requests_per_minute=180, first_lockout_seconds=60, lockout_step_seconds=60, max_lockout_seconds=720)
        == DOCUMENTED
    )
    clock = FakeClock()
    limiter = RateLimiter(RateLimit(3, 10, 5, 18), clock)
    lockouts = []
    for _ in range(4):
        assert all(spend(limiter, "t", 3))
        decision = limiter.hit("t")
        lockouts.append(decision.retry_after)
        clock.now += decision.retry_after
    assert lockouts == [10, 15, 18, 18]


def test_tokens_are_limited_independently() -> None:
    limiter = RateLimiter(DOCUMENTED, FakeClock())
    spend(limiter, "a", 181)
    assert limiter.hit("b").allowed
    assert not limiter.hit("a").allowed


def test_the_sandbox_answers_429_with_headers_and_the_envelope() -> None:
    clock = FakeClock()
    app = create_app(SandboxConfig(clock=clock, validate_responses=True))
    call = make_caller(app)
    first = call("GET", "/v1/contacts/1001")
    assert (b"x-rate-limit", b"179") in first.headers
    for _ in range(179):
        assert call("GET", "/v1/contacts/search", query={"term": ""}).status == 400  # rejected requests count too
    limited = call("GET", "/v1/contacts/1001")
    assert limited.status == 429
    assert limited.json() == {
        "error": {
            "code": 429,
            "message": "Too many requests",
            "description": ["Rate limit of 180 requests a minute exceeded; retry in 60 seconds."],
        }
    }
    assert (b"retry-after", b"60") in limited.headers
    assert (b"x-rate-limit", b"0") in limited.headers
    assert call("GET", "/v1/contacts", token=app.projects[1].token).status == 200
    assert call("GET", "/v1/contacts/1001", token=None).status == 401  # no token: nothing to count
    clock.now += 60
    assert call("GET", "/v1/contacts/1001").status == 200


def test_an_internal_error_still_reports_the_requests_left(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(SandboxConfig(clock=FakeClock()))

    def broken(*_: object) -> None:
        raise RuntimeError("a bug of the sandbox")

    monkeypatch.setattr(app.store, "contact_document", broken)
    answer = make_caller(app)("GET", "/v1/contacts/1001")
    assert answer.status == 500
    assert (b"x-rate-limit", b"179") in answer.headers


def test_without_rate_limit_there_is_no_header() -> None:
    call = make_caller(create_app(SandboxConfig(rate_limit=False)))
    answers = [call("GET", "/v1/contacts/1001") for _ in range(200)]
    assert {answer.status for answer in answers} == {200}
    assert all(name != b"x-rate-limit" for name, _ in answers[0].headers)


def test_a_smaller_allowance_for_tests_and_benchmarks_keeps_the_documents_lockouts() -> None:
    clock = FakeClock()
    app = create_app(SandboxConfig(clock=clock, requests_per_minute=3))
    call = make_caller(app)
    assert [call("GET", "/v1/contacts/1001").status for _ in range(4)] == [200, 200, 200, 429]
    limited = call("GET", "/v1/contacts/1001")
    assert limited.json()["error"]["description"] == [
        "Rate limit of 3 requests a minute exceeded; retry in 60 seconds."
    ]
    assert app.rate_limit == RateLimit(3, 60, 60, 720)


@pytest.mark.parametrize("allowance", [0, -1])
def test_an_allowance_below_one_is_refused(allowance: int) -> None:
    with pytest.raises(ValueError, match=rf"requests_per_minute={allowance}: .* rate_limit=False instead"):
        create_app(SandboxConfig(requests_per_minute=allowance))
