"""Authentication is enforced: schemathesis' own checks, except that a 429 proves nothing.

A live API may rate-limit before it authenticates (a limiter keyed by address for requests without
a token), so a request without credentials can be answered 429. The built-in `ignored_auth` and
`missing_required_header` would call that a failure; on live targets they are switched off
(contract_tests.suite) and run here, where such an answer is inconclusive. The sandbox keeps the
built-ins: it authenticates first.
"""

from __future__ import annotations

import http.client
import re
import secrets

from schemathesis import CheckContext, Response
from schemathesis.core import NotSet
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.openapi.checks import AuthScenario, IgnoredAuth, MissingHeaderNotRejected
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header

from contract_tests.checks.registry import live_only, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, Inconclusive, follow_up, operation_id, succeeded
from contract_tests.settings import MESSAGE_OPERATIONS

REPLACED_BUILT_INS = ("ignored_auth", "missing_required_header")
_PROBE_STATUS = re.compile(r"got `(\d{3}) ")  # how ignored_auth names the answer to its probe
_REFUSALS = frozenset({401, 403})


@semantic_check(rules=("token-required",), off=live_only, when="successful answer from a real server")
def auth_is_enforced(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """`ignored_auth` on live targets: a request without a token, and one with a wrong token, must
    be refused. When the first probe is rate-limited, the second is still sent and judged. (It
    probes after a successful answer to a request whose path is valid, as the built-in does.)"""
    if not state_of(case).live or not succeeded(response):
        return True
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return True
    if operation_id(case) in MESSAGE_OPERATIONS:
        return True  # a server that ignores the token would send the person a second message
    try:
        return ignored_auth(ctx, response, case)
    except IgnoredAuth as failure:
        status = _PROBE_STATUS.search(failure.message)
        if status is None or status.group(1) != "429":
            raise
        if failure.scenario != AuthScenario.NO_AUTH:
            raise Inconclusive("a request with a wrong token answered 429") from failure
    _wrong_token_is_refused(case, response)
    return None


def _wrong_token_is_refused(case: ApiCase, response: Response) -> None:
    """The probe `ignored_auth` sends after the one without a token, which a 429 to that one skips."""
    answer = follow_up(
        case,
        response,
        operation_id(case),
        path_parameters=case.path_parameters,
        query=case.query,
        body=None if isinstance(case.body, NotSet) else case.body,
        authorization=f"Bearer wrong-{secrets.token_hex(8)}",
    )  # a 429 raises Inconclusive
    status = answer.status_code
    if status in _REFUSALS or 300 <= status < 400:
        return
    accepted = 200 <= status < 300
    raise IgnoredAuth(
        operation=case.operation.label,
        message=f"Expected 401 or 403, got `{status} {http.client.responses.get(status, 'Unknown')}` "
        f"for `{case.operation.label}` (invalid credentials provided)",
        scenario=AuthScenario.INVALID_AUTH,
        title="API accepts invalid authentication" if accepted else "Unexpected response to invalid authentication",
        case_id=case.id,
    )


@semantic_check(rules=("token-required",), off=live_only, when="request without a required header, to a real server")
def missing_header_is_refused(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """`missing_required_header` on live targets: a request without the Authorization header gets
    401 (it judges the coverage phase's cases that leave out a required header)."""
    if not state_of(case).live or not _leaves_out_a_header(case):
        return True
    try:
        return missing_required_header(ctx, response, case)
    except MissingHeaderNotRejected as failure:
        if response.status_code == 429:
            raise Inconclusive("a request without a required header answered 429") from failure
        raise


def _leaves_out_a_header(case: ApiCase) -> bool:
    data = case.meta.phase.data if case.meta is not None else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.MISSING_PARAMETER
        and data.parameter_location == ParameterLocation.HEADER
    )
