"""Requests the document refuses that schemathesis' own checks do not judge: a body sent as another
media type than the document's (its coverage phase sends such bodies as probes, and judges their
answers only for server errors), and on real servers a write whose pinned value (the event name,
a tag id, ...) the write guard sent as generated because the document refuses it."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import RefusalMissing, fail, judging, semantic_check
from contract_tests.checks.run_state import RunState, state_of
from contract_tests.follow_up import ApiCase, content_type, is_operation, operation_id, succeeded


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


def _live_and_strict(state: RunState, operation: str) -> str | None:
    if not state.live:
        return "the write guard lets values through on real servers only (the sandbox gets every value)"
    return _judged_strictly(state, operation)


@semantic_check(rules=("request type", "request minLength", "request required"), off=_live_and_strict,
                when="write whose invalid pinned value the write guard let through")  # fmt: skip
def invalid_pinned_values_are_refused(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """On real servers the write guard sends a pinned value (an event name, a tag id, the message
    text, ...) that is not the allowed one only when the document says a server must refuse the
    request for it, since it then cannot reach an automation or a person: accepting it breaks that rule."""
    state = state_of(case)
    if not state.strict_validation or state.let_through is None:
        return True
    request = response.request
    reason = state.let_through(str(request.method), str(request.url), request.body, content_type(request.headers))
    if reason is None:
        return True
    judging()  # schemathesis' negative_data_rejection verifies the rules themselves; this names them
    if succeeded(response):
        fail(RefusalMissing, case, f"{operation_id(case)} accepted ({response.status_code}) a request the document "
             f"says must be refused: {reason}. The write guard sends real servers such a value instead of an "
             "allowed one only because a conforming server refuses it")  # fmt: skip
    return None
