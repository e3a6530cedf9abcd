"""Authentication is enforced: schemathesis' own checks, except that a 429 proves nothing.

A live API may rate-limit before it authenticates (a limiter keyed by address for requests without
a token), so a request without credentials can be answered 429. The built-in `ignored_auth` and
`missing_required_header` would call that a failure; on live targets they are switched off
(contract_tests.suite) and run here, where such an answer is inconclusive. The sandbox keeps the
built-ins: it authenticates first.
"""

from __future__ import annotations

import re

from schemathesis import CheckContext, Response
from schemathesis.openapi.checks import IgnoredAuth
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header

from contract_tests.checks.registry import semantic_check
from contract_tests.checks.run_state import settings
from contract_tests.follow_up import ApiCase, Inconclusive

REPLACED_BUILT_INS = ("ignored_auth", "missing_required_header")
_PROBE_STATUS = re.compile(r"got `(\d{3}) ")  # how ignored_auth names the answer to its probe


@semantic_check
def auth_is_enforced(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """`ignored_auth` on live targets: a request without or with a wrong token must be refused."""
    if not settings.live:
        return True
    try:
        return ignored_auth(ctx, response, case)
    except IgnoredAuth as failure:
        status = _PROBE_STATUS.search(failure.message)
        if status is not None and status.group(1) == "429":
            raise Inconclusive("a request without valid credentials answered 429") from failure
        raise


@semantic_check
def missing_header_is_refused(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """`missing_required_header` on live targets: a request without the Authorization header gets 401."""
    if not settings.live:
        return True
    if response.status_code == 429:
        raise Inconclusive("a request without a required header answered 429")
    return missing_required_header(ctx, response, case)
