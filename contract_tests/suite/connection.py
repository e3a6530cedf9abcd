"""Whether the target answers: one GET of its first page, and the connection failure behind an
error, wherever schemathesis or hypothesis wrapped it. The runner's preflight asks before a run;
the suite asks again when a request of the run failed to connect (is the target gone?)."""

from __future__ import annotations

import re

import requests

from contract_tests.settings import REQUEST_TIMEOUT_SECONDS, RunSettings

TIMEOUT_SECONDS = 15
_OS_ERROR = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


def unreachable(settings: RunSettings) -> str | None:
    """Why the target cannot be reached now (after a request of the run failed), or None."""
    if settings.base_url is None:
        return None
    try:
        first_page(settings)
    except requests.RequestException as error:
        return f"{settings.base_url} ({reason(error)})"
    return None


def lost_connection(error: BaseException) -> requests.RequestException | None:
    """The connection failure behind a test's error, wherever schemathesis or hypothesis wrapped it."""
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if isinstance(current, requests.ConnectionError | requests.Timeout):
            return current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(linked for linked in (current.__cause__, current.__context__) if linked is not None)
    return None


def only_connection_errors(error: BaseException) -> bool:
    """Whether every failure in `error` (a group of them, as schemathesis raises) is a failed connection."""
    if isinstance(error, BaseExceptionGroup):
        return all(only_connection_errors(member) for member in error.exceptions)
    return lost_connection(error) is not None


def failed_request(error: requests.RequestException) -> str:
    """One line for a failed request: what was sent, and the operating system's reason."""
    request = error.request
    why = reason(error, REQUEST_TIMEOUT_SECONDS)
    if request is None or not isinstance(request.method, str) or not isinstance(request.url, str):
        return why
    return f"{request.method} {request.url}: {why}"


def first_page(settings: RunSettings) -> requests.Response:
    return get(settings, "/v1/contacts", page=1, limitation=1)


def get(settings: RunSettings, path: str, **query: int) -> requests.Response:
    """One GET of the target with the run's token, outside schemathesis (and its rate limit)."""
    return send(settings, "GET", path, **query)


def send(settings: RunSettings, method: str, path: str, **query: int) -> requests.Response:
    """One request without a body, with the run's token, outside schemathesis (and its rate limit;
    while a run is going on, through its tripwire)."""
    headers = {"Authorization": f"Bearer {settings.token}"}
    return requests.request(
        method, f"{settings.base_url}{path}", params=query, headers=headers, timeout=TIMEOUT_SECONDS
    )


def reason(error: requests.RequestException, timeout: float = TIMEOUT_SECONDS) -> str:
    """The operating system's words ("Connection refused"), not urllib3's nested retry report."""
    if isinstance(error, requests.Timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS failed: if the server speaks plain HTTP, its URL starts with http://"
    return _os_words(error) or type(error).__name__


def _os_words(error: BaseException) -> str | None:
    """The strerror of the operating system's error inside `error` (in its arguments, as requests
    wraps "Connection aborted." around a ConnectionResetError, or in its causes)."""
    pending: list[object] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if isinstance(current, tuple):
            pending.extend(current)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return str(current.strerror)
        pending.extend((*current.args, current.__cause__, current.__context__))
    found = _OS_ERROR.search(str(error))
    return found.group(1).strip() if found else None
