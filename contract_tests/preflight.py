"""One request before a run against a server: is it there, and does it take the token? And the
same request again when a request of the run failed to connect: is it still there?

Without them, an unreachable host costs minutes of connection errors before the run reports
"does not conform", and a rejected token spends the live API's rate limit on 401 answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import requests

from contract_tests.settings import REQUEST_TIMEOUT_SECONDS, RunSettings

TIMEOUT_SECONDS = 15
_OS_ERROR = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


@dataclass(frozen=True)
class Refusal:
    status: int  # the runner's exit status: 2 cannot run, 1 does not conform
    message: str


def preflight(settings: RunSettings) -> Refusal | None:
    """Why the run cannot usefully start, or None. Sends one GET /v1/contacts?limitation=1."""
    if settings.base_url is None:
        return None
    try:
        answer = _first_page(settings)
    except requests.RequestException as error:
        return Refusal(2, f"cannot reach {settings.base_url} ({_reason(error)}); check --base-url and the network")
    if answer.status_code in (401, 403):
        return Refusal(
            1,
            f"the target refuses the token ({answer.status_code} to GET /v1/contacts), so nothing can be checked: "
            "check --token or SMARTSENDER_TOKEN",
        )
    if answer.status_code == 429:
        return Refusal(2, "the target is rate limiting this token (429 to GET /v1/contacts); wait and run again")
    if answer.status_code == 404:  # the document has no 404 for the list: the URL misses the API
        root = str(settings.base_url).removesuffix("/v1")
        advice = f"try {root}" if root != settings.base_url else "e.g. https://api.smartsender.com"
        return Refusal(2, f"{settings.base_url}/v1/contacts answers 404: --base-url is the API's root, {advice}")
    return _unreadable_contact(settings)


def unreachable(settings: RunSettings) -> str | None:
    """Why the target cannot be reached now (after a request of the run failed), or None."""
    if settings.base_url is None:
        return None
    try:
        _first_page(settings)
    except requests.RequestException as error:
        return f"{settings.base_url} ({_reason(error)})"
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
    reason = _reason(error, REQUEST_TIMEOUT_SECONDS)
    if request is None or not isinstance(request.method, str) or not isinstance(request.url, str):
        return reason
    return f"{request.method} {request.url}: {reason}"


def _first_page(settings: RunSettings) -> requests.Response:
    return _get(settings, "/v1/contacts", page=1, limitation=1)


def _get(settings: RunSettings, path: str, **query: int) -> requests.Response:
    """One GET of the target with the run's token, outside schemathesis (and its rate limit)."""
    headers = {"Authorization": f"Bearer {settings.token}"}
    return requests.get(f"{settings.base_url}{path}", params=query, headers=headers, timeout=TIMEOUT_SECONDS)


def _unreadable_contact(settings: RunSettings) -> Refusal | None:
    """Writes go to the allow-listed contacts only: each must exist in the token's project, or
    every write to it would be blamed on the target."""
    for contact_id in settings.contact_ids:
        try:
            answer = _get(settings, f"/v1/contacts/{contact_id}")
        except requests.RequestException as error:
            return Refusal(2, f"cannot reach {settings.base_url} ({_reason(error)}); check --base-url and the network")
        if answer.status_code != 200:
            return Refusal(
                2,
                f"contact {contact_id} of --contact-ids answers {answer.status_code}: "
                "give ids of contacts the token can read (its own project's)",
            )
    return None


def _reason(error: requests.RequestException, timeout: float = TIMEOUT_SECONDS) -> str:
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
