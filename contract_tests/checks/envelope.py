"""The error envelope agrees with its answer: `error.code` is the HTTP status, `error.message` one line."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import ErrorEnvelopeWrong, fail, judging, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, json_body


@semantic_check(rules=("error-code-is-the-status", "error-message-is-one-line"), when="error answer in the envelope")
def error_code_is_the_status(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """An error answer's `{"error": {"code", "message"}}`, where it has them, holds the answer's own
    status as its code and a message of one line. (A 429 of a real server proves nothing: its
    limiter may not be the API.)"""
    status = response.status_code
    if status < 400 or (status == 429 and state_of(case).live):
        return True
    body = json_body(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return True  # the schema checks judge the envelope's shape
    code, message = error.get("code"), error.get("message")
    judged = [
        *(["error-code-is-the-status"] if isinstance(code, int) and not isinstance(code, bool) else []),
        *(["error-message-is-one-line"] if isinstance(message, str) else []),
    ]
    if not judged:
        return True
    judging(*judged)
    problems = []
    if "error-code-is-the-status" in judged and code != status:
        problems.append(f"error.code is {code}, but the answer's status is {status}")
    if "error-message-is-one-line" in judged and len(str(message).splitlines()) > 1:
        problems.append(f"error.message is {len(str(message).splitlines())} lines, not one: {str(message)[:80]!r}")
    if problems:
        fail(ErrorEnvelopeWrong, case, "; ".join(problems))
    return None
