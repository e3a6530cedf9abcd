"""The rate limit's headers stay in their range: X-Rate-Limit counts the requests left in the
minute (so at most the limit), Retry-After the seconds left of a lock-out (so at most the longest)."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import RateLimitHeaderWrong, fail, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase
from openapi_document import DocumentError, RateLimit


def _integer(response: Response, name: str) -> int | None:
    values = response.headers.get(name.lower())
    text = values[0].strip() if values else ""
    return int(text) if text.isascii() and text.isdigit() else None  # other values: the header schema check


def _rate_limit(case: ApiCase) -> RateLimit | None:
    try:
        return state_of(case).document.rate_limit
    except DocumentError:
        return None  # a document (--spec) without info.x-rate-limit states no range


@semantic_check(rules=("rate-limit-header-counts-requests-left",), when="answer with an X-Rate-Limit header")
def requests_left_stay_within_the_limit(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """X-Rate-Limit is at most the requests a minute of the document's rate limit."""
    left, limit = _integer(response, "X-Rate-Limit"), _rate_limit(case)
    if left is None or limit is None:
        return True
    if left > limit.requests_per_minute:
        fail(RateLimitHeaderWrong, case, f"X-Rate-Limit is {left}, more than the {limit.requests_per_minute} requests "
             "a minute a token may send (the document reads it as the requests left in the current minute, an "
             "inferred rule)")  # fmt: skip
    return None


@semantic_check(rules=("retry-after-counts-down-the-lockout",), when="answer with a Retry-After header (a 429)")
def retry_after_stays_within_the_longest_lockout(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Retry-After is at most the longest lock-out of the document's rate limit."""
    wait, limit = _integer(response, "Retry-After"), _rate_limit(case)
    if wait is None or limit is None:
        return True
    if wait > limit.max_lockout_seconds:
        fail(RateLimitHeaderWrong, case, f"Retry-After is {wait}, longer than the longest lock-out "
             f"({limit.max_lockout_seconds} s, an inferred rule)")  # fmt: skip
    return None
