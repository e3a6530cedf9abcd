"""Requests the document refuses that schemathesis' own checks do not judge: a body sent as another
media type than the document's (its coverage phase sends such bodies as probes, and judges their
answers only for server errors)."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import RefusalMissing, fail, semantic_check
from contract_tests.checks.run_state import RunState, state_of
from contract_tests.follow_up import ApiCase, is_operation, operation_id, succeeded


def _judged_strictly(state: RunState, operation: str) -> str | None:
    if state.strict_validation:
        return None
    return "accepting a request that breaks the document is judged on real servers only with --strict-validation"


@semantic_check(rules=("request media type",), off=_judged_strictly, when="body sent as another media type")
def other_media_types_are_refused(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A body sent with a Content-Type the operation does not take (another media type, or a
    malformed one) is refused."""
    state = state_of(case)
    operation = operation_id(case)
    if not state.strict_validation or not is_operation(case, operation) or not response.request.body:
        return True
    media_types = state.document.operation(operation).body_media_types
    sent = str(response.request.headers.get("Content-Type") or "")
    if not media_types or sent.split(";", 1)[0].strip().lower() in media_types:
        return True
    if succeeded(response):
        fail(RefusalMissing, case, f"a body sent as {sent!r}, not {' or '.join(media_types)}, was accepted "
             f"({response.status_code})")  # fmt: skip
    return None
