"""A typed tour of the generated Smart Sender client (package `smartsender_client`).

It shows an `AuthenticatedClient` with an explicit timeout, every contact read page by page, one
async call, error answers (`ErrorResponse`, and `UnverifiedErrorResponse` for 401 and 429, whose
body the vendor does not document), answers that are not the API's JSON, and 429 answers retried
by httpx transports (sync and async) that honour `Retry-After` or else wait out the documented
lock-outs, within a time budget. It only reads, so it is safe to point at a real project.

    scripts/serve                                   # the local sandbox; prints the project tokens
    SMARTSENDER_TOKEN=<token> python examples/client_usage.py

SMARTSENDER_BASE_URL defaults to the sandbox's http://127.0.0.1:8787; the live API is
https://api.smartsender.com.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from http import HTTPStatus
from typing import TypeVar

import httpx
from smartsender_client import AuthenticatedClient, errors
from smartsender_client.api.contacts import get_contact, get_contact_info, list_contacts
from smartsender_client.models import Contact, ErrorDetail, ErrorResponse, SimpleContact, UnverifiedErrorResponse

DEFAULT_BASE_URL = "http://127.0.0.1:8787"
# The generated client sends requests with no timeout at all unless it is given one.
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
PAGE_SIZE = 20  # the API's maximum `limitation`
MISSING_CONTACT_ID = 999_999_999

T = TypeVar("T")


ApiError = ErrorResponse | UnverifiedErrorResponse


class SmartSenderError(Exception):
    """An error answer of the API, raised instead of returned.

    `ErrorResponse` (400, 403, 404, 409) always holds the `{"error": {...}}` envelope. The vendor
    documents neither the status nor the body of an unauthenticated or throttled answer, so those
    (401, 429) parse as `UnverifiedErrorResponse`: usually the envelope, maybe only a `message`.
    """

    def __init__(self, response: ApiError) -> None:
        detail = response.error if isinstance(response.error, ErrorDetail) else None
        if detail is not None:
            text = f"{detail.code} {detail.message}: {detail.description}"
        elif isinstance(response, UnverifiedErrorResponse) and isinstance(response.message, str):
            text = response.message
        else:
            text = f"an error answer without a message: {response.to_dict()}"
        super().__init__(text)
        self.response = response
        self.status = detail.code if detail is not None else None


def unwrap(result: T | ApiError | None) -> T:
    """The parsed answer of a `sync()`/`asyncio()` call; an error answer becomes a SmartSenderError.

    The generated functions return `Model | ErrorResponse | UnverifiedErrorResponse | None`: the
    model for 200, an error model for a documented error status, and None for any other status,
    unless the client was built with `raise_on_unexpected_status=True` (as here), in which case
    `errors.UnexpectedStatus` is raised instead and None never comes back.
    """
    if isinstance(result, ErrorResponse | UnverifiedErrorResponse):
        raise SmartSenderError(result)
    if result is None:
        raise RuntimeError("undocumented answer (build the client with raise_on_unexpected_status=True)")
    return result


def retry_after_seconds(value: str | None, default: float) -> float:
    """Seconds to wait according to a Retry-After header: delta-seconds or an HTTP date."""
    if value is None:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


LOCKOUT_STEP = 60.0  # the API's first lock-out, and what each further overrun adds to it
LONGEST_LOCKOUT = 720.0


def escalated_lockout(overrun: int) -> float:
    """The documented lock-out after the `overrun`-th overrun in a row: 60 s, 120 s, ... up to 720 s."""
    return min(LOCKOUT_STEP * overrun, LONGEST_LOCKOUT)


class RetryPolicy:
    """When to send a request again after a 429 answer, and after how long a wait.

    At most `max_attempts` requests are sent for one call. The wait is what `Retry-After` says or,
    without the header (the vendor documents only `X-Rate-Limit`), the documented lock-out for the
    n-th 429 answer of the call: 60 s, then 120 s, 180 s, ... up to 720 s, since retrying sooner
    only meets the same lock-out. A wait longer than `max_wait`, or one that would take the waits
    of the call past `max_total_wait` in all, is not waited for: the 429 answer is returned at once,
    and the generated client parses it into an UnverifiedErrorResponse.

    The httpx timeout bounds each network wait of a request (connect, read, write), not these
    waits: one call takes up to `max_total_wait` seconds plus the time of its `max_attempts`
    requests.
    """

    def __init__(self, *, max_attempts: int = 3, max_wait: float = 120.0, max_total_wait: float = 180.0) -> None:
        if max_attempts < 1:
            raise ValueError(
                f"RetryPolicy(max_attempts={max_attempts}): it counts the first request too, so it must be "
                "at least 1 (1 sends no retry)"
            )
        for name, value in (("max_wait", max_wait), ("max_total_wait", max_total_wait)):
            if value < 0:
                raise ValueError(f"RetryPolicy({name}={value}): a wait cannot be negative; pass 0 to never wait")
        self.max_attempts, self.max_wait, self.max_total_wait = max_attempts, max_wait, max_total_wait

    def wait_before_retry(self, response: httpx.Response, attempt: int, waited: float) -> float | None:
        """Seconds to wait before sending attempt `attempt + 1`, or None to return `response`;
        `waited` is how long this call has waited already."""
        if response.status_code != HTTPStatus.TOO_MANY_REQUESTS or attempt >= self.max_attempts:
            return None
        # Every attempt before this one was answered 429 too, so this is the call's `attempt`-th overrun.
        wait = retry_after_seconds(response.headers.get("Retry-After"), escalated_lockout(attempt))
        if wait > self.max_wait or waited + wait > self.max_total_wait:
            return None
        return wait


class RetryOn429Transport(httpx.BaseTransport):
    """A sync transport that retries 429 answers as its `RetryPolicy` says. Only requests with a
    replayable body can be retried, which every request of the generated client is."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport if transport is not None else httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt, waited = 1, 0.0
        while True:
            response = self._transport.handle_request(request)
            wait = self._policy.wait_before_retry(response, attempt, waited)
            if wait is None:
                return response
            response.close()  # hands the connection back before waiting
            self._sleep(wait)
            attempt, waited = attempt + 1, waited + wait

    def close(self) -> None:
        self._transport.close()


class AsyncRetryOn429Transport(httpx.AsyncBaseTransport):
    """The async twin of RetryOn429Transport, for the `httpx.AsyncClient` of `asyncio()` calls."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt, waited = 1, 0.0
        while True:
            response = await self._transport.handle_async_request(request)
            wait = self._policy.wait_before_retry(response, attempt, waited)
            if wait is None:
                return response
            await response.aclose()
            await self._sleep(wait)
            attempt, waited = attempt + 1, waited + wait

    async def aclose(self) -> None:
        await self._transport.aclose()


def make_client(
    base_url: str,
    token: str,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
) -> AuthenticatedClient:
    """A client with a timeout, whose sync and async calls retry 429 answers (through `transport`
    and `async_transport`, by default a RetryOn429Transport and an AsyncRetryOn429Transport).

    `httpx_args={"transport": ...}` would hand one transport to both the sync and the async httpx
    client, and each needs its own kind, so both httpx clients are set here. Setting them replaces
    everything the client would have configured: the base URL, the timeout and the bearer token are
    given to them again.
    """
    client = AuthenticatedClient(base_url=base_url, token=token, timeout=TIMEOUT, raise_on_unexpected_status=True)
    headers = {"Authorization": f"Bearer {token}"}
    client.set_httpx_client(
        httpx.Client(base_url=base_url, timeout=TIMEOUT, headers=headers, transport=transport or RetryOn429Transport())
    )
    client.set_async_httpx_client(
        httpx.AsyncClient(
            base_url=base_url, timeout=TIMEOUT, headers=headers, transport=async_transport or AsyncRetryOn429Transport()
        )
    )
    return client


def iter_contacts(client: AuthenticatedClient, limitation: int = PAGE_SIZE) -> Iterator[Contact]:
    """Every contact of the project, one page at a time, until `cursor.page` reaches `cursor.pages`."""
    page = 1
    while True:
        current = unwrap(list_contacts.sync(client=client, page=page, limitation=limitation))
        yield from current.collection
        if current.cursor.page >= current.cursor.pages:
            return
        page += 1


async def fetch_contact_info(base_url: str, token: str, contact_id: int) -> SimpleContact:
    """One async call, through the client's `httpx.AsyncClient` (which retries 429 answers too)."""
    async with make_client(base_url, token) as client:
        return unwrap(await get_contact_info.asyncio(contact_id, client=client))


def main() -> int:
    base_url = os.environ.get("SMARTSENDER_BASE_URL", DEFAULT_BASE_URL)
    token = os.environ.get("SMARTSENDER_TOKEN", "").strip()
    if not token:
        raise SystemExit(
            "SMARTSENDER_TOKEN is not set: export the project's API token (the sandbox started by "
            "scripts/serve prints one per project)."
        )
    try:
        with make_client(base_url, token) as client:
            contacts = list(iter_contacts(client))
            print(f"{len(contacts)} contacts at {base_url}")
            for contact in contacts[:3]:
                print(f"  {contact.id}: {contact.full_name or '(no name)'} <{contact.email or 'no e-mail'}>")

            # An error answer is returned, not raised: check for ErrorResponse before using the result.
            missing = get_contact.sync(MISSING_CONTACT_ID, client=client)
            if isinstance(missing, ErrorResponse):
                print(f"contact {MISSING_CONTACT_ID}: {missing.error.code} {missing.error.message}")

        if contacts:
            info = asyncio.run(fetch_contact_info(base_url, token, contacts[0].id))
            variables = ", ".join(f"{name}={value!r}" for name, value in sorted(info.additional_properties.items()))
            print(f"contact {info.id}, simple view: {variables or 'no variables'}")
    except SmartSenderError as error:
        print(f"the API answered {error}", file=sys.stderr)
        return 1
    except httpx.HTTPError as error:
        print(f"cannot talk to {base_url}: {error!r}", file=sys.stderr)
        return 1
    except (errors.UnexpectedStatus, KeyError, TypeError, ValueError) as error:
        # The generated client raises these while parsing an undocumented status, or a body that is not
        # the API's JSON (a proxy's error page, or its own JSON without the {"error": {...}} envelope).
        print(
            f"{base_url} gave an answer the client cannot read ({error!r}): check that SMARTSENDER_BASE_URL "
            "is the Smart Sender API and that no proxy answers in its place",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
