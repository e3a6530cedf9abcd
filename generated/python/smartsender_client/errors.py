"""Contains shared errors types that can be raised from API functions"""

import json
from collections.abc import Collection, Mapping
from http import HTTPStatus

import httpx

from .client import parse_retry_after
from .models.error_detail import ErrorDetail


class ApiError(Exception):
    """An error answer of the API: what `call()`, `iter_all()` and their async twins raise, and `sync()`
    and `asyncio()` too when the client was built with `raise_on_error_status=True`.

    Attributes:
        status_code: the HTTP status of the answer.
        detail: the error envelope's detail (`code`, `message`, `description`) when the body is the
            API's `{"error": {...}}` envelope with an integer code and a text message, else None.
        headers: the answer's headers (case-insensitive when they come from httpx).
        content: the raw body.
        request: the request that was answered, when known.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        request: httpx.Request | None = None,
    ):
        self.status_code = status_code
        self.content = content
        self.headers: Mapping[str, str] = (
            headers if headers is not None else httpx.Headers()
        )
        self.request = request
        self.detail = _error_detail(content)
        super().__init__(self._describe())

    def __reduce__(self) -> tuple[type["ApiError"], tuple[int, bytes, dict[str, str]]]:
        # What pickle (multiprocessing, concurrent.futures) rebuilds an error from; the request stays behind.
        return type(self), (self.status_code, self.content, dict(self.headers))

    def _describe(self) -> str:
        try:
            phrase = HTTPStatus(self.status_code).phrase
        except ValueError:
            phrase = "(a status HTTP does not define)"
        asked = (
            f"{self.request.method} {self.request.url.path} "
            if self.request is not None
            else ""
        )
        text = f"{asked}answered {self.status_code} {phrase}"
        if self.detail is not None:
            text += f": {self.detail.message}"
            if self.detail.description:
                text += f" ({json.dumps(self.detail.description, ensure_ascii=False)})"
        elif self.content:
            text += f": {self.content[:200].decode(errors='replace')}"
        return text


class UnexpectedStatus(ApiError):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True

    Also raised by `call()` and `iter_all()` (and their async twins) for an answer whose status the
    document does not give the operation, whatever the client's settings.
    """

    def _describe(self) -> str:
        return f"Unexpected status code: {self.status_code}\n\nResponse content:\n{self.content.decode(errors='ignore')}"


class BadRequestError(ApiError):
    """400: the request breaks the API's rules (`detail.description` usually says which)."""


class AuthenticationError(ApiError):
    """401: no token, or not the token of any project."""


class PermissionDeniedError(ApiError):
    """403: the token may not do this."""


class NotFoundError(ApiError):
    """404: no such contact or channel in the token's project."""


class ConflictError(ApiError):
    """409: the state of the data refuses the request (a merge or a creation)."""


class RateLimitError(ApiError):
    """429: the token is locked out for sending too many requests.

    Raised once the client's retries are used up (see the client's `max_retries` and `max_retry_wait`).

    Attributes:
        retry_after: the seconds the answer's `Retry-After` header gives (a number or an HTTP date),
            or None when it has none.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        request: httpx.Request | None = None,
    ):
        super().__init__(status_code, content, headers, request)
        self.retry_after = parse_retry_after(self.headers)


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def raise_for_error_status(
    response: httpx.Response, documented: Collection[int]
) -> None:
    """Raises the ApiError of `response` when its status is 400 or more: the class of its status when
    the operation documents it (in `documented`; ApiError itself for a documented status without a
    class of its own), UnexpectedStatus when it does not. The body is not parsed beyond the error
    envelope, so an answer that is not the API's JSON (a proxy's error page) raises the same class."""
    if response.status_code < 400:
        return
    kind = (
        _BY_STATUS.get(response.status_code, ApiError)
        if response.status_code in documented
        else UnexpectedStatus
    )
    raise kind(
        response.status_code, response.content, response.headers, response.request
    )


def _error_detail(content: bytes) -> ErrorDetail | None:
    """The envelope's detail of an error body, or None when the body is not the API's envelope."""
    try:
        body = json.loads(content)
    except ValueError:
        return None
    envelope = body.get("error") if isinstance(body, dict) else None
    if not isinstance(envelope, dict):
        return None
    code, message = envelope.get("code"), envelope.get("message")
    if (
        isinstance(code, bool)
        or not isinstance(code, int)
        or not isinstance(message, str)
    ):
        return None
    return ErrorDetail.from_dict(envelope)


__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnexpectedStatus",
    "raise_for_error_status",
]
