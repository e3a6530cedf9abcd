"""Helpers for checks that look beyond one answer: which operation a case is, and follow-up requests.

A follow-up goes where the checked request went (the embedded sandbox or the server's base URL),
with the checked request's own credentials, through schemathesis, so it honours the run's rate
limit and write guard like every other request.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case, Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.prepare import base_url_from_request_url

ApiCase = Case[Any]  # a case of an OpenAPI operation
# What a follow-up's answer is held to when the check asks (`validated`): the document's statuses,
# media types, headers and schemas.
SHAPE_CHECKS = (status_code_conformance, content_type_conformance, response_headers_conformance,
                response_schema_conformance)  # fmt: skip


def content_type(headers: Any) -> str | None:
    """The Content-Type of a request's headers, as text (requests may hold it as bytes)."""
    value = headers.get("Content-Type")
    return value.decode("latin-1") if isinstance(value, bytes) else value


def operation_id(case: ApiCase) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def is_operation(case: ApiCase, wanted: str) -> bool:
    """True for a case of operation `wanted` sent with the operation's own method (not a probe)."""
    return operation_id(case) == wanted and case.method.upper() == case.operation.method.upper()


def succeeded(response: Response) -> bool:
    return 200 <= response.status_code < 300


def json_body(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


class Inconclusive(Exception):
    """A follow-up read could not be judged (the target rate-limited it): the check proves nothing."""


def follow_up(
    case: ApiCase,
    response: Response,
    operation: str,
    *,
    path_parameters: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
    authorization: str | None = None,
    validated: bool = False,
) -> Response:
    """Sends a request of `operation` (an operationId of the run's document) after `response`, with
    its credentials unless `authorization` replaces them; a 429 answer raises Inconclusive (a rate
    limit says nothing about the behaviour the check looks at). `validated`: its answer is also held
    to the document's shapes (SHAPE_CHECKS; a failure is the checking check's), for follow-ups whose
    answers the run's own cases rarely get (a 409, say)."""
    found = case.operation.schema.find_operation_by_id(operation)
    extra: dict[str, Any] = {} if body is None else {"body": body, "media_type": "application/json"}
    follow = found.Case(path_parameters=path_parameters or {}, query=query or {}, **extra)
    credentials = authorization or response.request.headers.get("Authorization")
    if isinstance(credentials, bytes):
        credentials = credentials.decode("latin-1")
    headers = {"Authorization": credentials} if credentials else {}
    # The base URL keeps its path: a server behind a proxy may live under /some/prefix.
    answer: Response = follow.call(base_url=base_url_from_request_url(case, str(response.request.url)), headers=headers)
    if answer.status_code == 429:
        raise Inconclusive(f"{found.label} answered 429")
    if validated:
        follow.validate_response(answer, checks=list(SHAPE_CHECKS))
    return answer


def query_integer(case: ApiCase, name: str) -> tuple[bool, int | None]:
    """(given, value) of an integer query parameter: value is None when it is not an integer
    (coverage cases send strings and other types)."""
    query = case.query or {}
    if name not in query:
        return False, None
    raw = query[name]
    if isinstance(raw, bool):
        return True, None
    try:
        return True, int(raw)
    except (TypeError, ValueError):
        return True, None
