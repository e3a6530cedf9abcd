"""The rate limit's headers stay in their range: X-Rate-Limit counts the requests left in the
minute (so at most the limit), Retry-After the seconds left of a lock-out (so at most the longest)."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import RateLimitHeaderWrong, fail, judging, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase
from openapi_document import DocumentError


def _integer(response: Response, name: str) -> int | None:
    values = response.headers.get(name.lower())
    text = values[0].strip() if values else ""
    return int(text) if text.isascii() and text.isdigit() else None  # other values: the header schema check


@semantic_check(
    rules=("rate-limit-header-counts-requests-left", "retry-after-counts-down-the-lockout"),
    when="answer with an X-Rate-Limit or Retry-After header",
)
def rate_limit_headers_stay_in_range(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """X-Rate-Limit is at most the requests a minute of the document's rate limit, and Retry-After
    at most its longest lock-out."""
    left, wait = _integer(response, "X-Rate-Limit"), _integer(response, "Retry-After")
    judged = [
        *(["rate-limit-header-counts-requests-left"] if left is not None else []),
        *(["retry-after-counts-down-the-lockout"] if wait is not None else []),
    ]
    if not judged:
        return True
    try:
        limit = state_of(case).document.rate_limit
    except DocumentError:
        return True  # a document (--spec) without info.x-rate-limit states no range
    judging(*judged)
    problems = []
    if left is not None and left > limit.requests_per_minute:
        problems.append(
            f"X-Rate-Limit is {left}, more than the {limit.requests_per_minute} requests a minute a token may send "
            "(the document reads it as the requests left in the current minute, an inferred rule)"
        )
    if wait is not None and wait > limit.max_lockout_seconds:
        problems.append(f"Retry-After is {wait}, longer than the longest lock-out ({limit.max_lockout_seconds} s)")
    if problems:
        fail(RateLimitHeaderWrong, case, "; ".join(problems))
    return None
