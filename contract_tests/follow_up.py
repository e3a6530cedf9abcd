"""Helpers for checks that look beyond one answer: which operation a case is, and follow-up requests.

A follow-up goes where the checked request went (the embedded sandbox or the server's base URL),
with the checked request's own credentials, through schemathesis, so it honours the run's rate
limit and write guard like every other request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from schemathesis import Case, Response

ApiCase = Case[Any]  # a case of an OpenAPI operation


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


def follow_up(
    case: ApiCase,
    response: Response,
    method: str,
    path: str,
    *,
    path_parameters: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
) -> Response:
    operation = case.operation.schema[path][method]
    extra: dict[str, Any] = {} if body is None else {"body": body, "media_type": "application/json"}
    follow = operation.Case(path_parameters=path_parameters or {}, query=query or {}, **extra)
    headers = {}
    authorization = response.request.headers.get("Authorization")
    if authorization:
        headers["Authorization"] = authorization
    parts = urlsplit(str(response.request.url))
    answer: Response = follow.call(base_url=f"{parts.scheme}://{parts.netloc}", headers=headers)
    return answer


def query_integer(case: ApiCase, name: str, default: int) -> int | None:
    """A query parameter as an int (coverage cases send strings); None when it is not one."""
    raw = (case.query or {}).get(name, default)
    if isinstance(raw, bool):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
