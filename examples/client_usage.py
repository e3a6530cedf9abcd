"""A typed tour of the generated Smart Sender client (package `smartsender_client`).

It shows an `AuthenticatedClient` with an explicit timeout, every contact read page by page, one
async call, an error answer handled as `ErrorResponse`, and 429 answers retried by an httpx
transport that honours `Retry-After`. It only reads, so it is safe to point at a real project.

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
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import TypeVar

import httpx
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact, get_contact_info, list_contacts
from smartsender_client.models import Contact, ErrorResponse, SimpleContact

DEFAULT_BASE_URL = "http://127.0.0.1:8787"
# The generated client sends requests with no timeout at all unless it is given one.
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
PAGE_SIZE = 20  # the API's maximum `limitation`
MISSING_CONTACT_ID = 999_999_999

T = TypeVar("T")


class SmartSenderError(Exception):
    """An error answer of the API (its `ErrorResponse` envelope), raised instead of returned."""

    def __init__(self, response: ErrorResponse) -> None:
        detail = response.error
        super().__init__(f"{detail.code} {detail.message}: {detail.description}")
        self.response = response
        self.status = detail.code


def unwrap(result: T | ErrorResponse | None) -> T:
    """The parsed answer of a `sync()`/`asyncio()` call; an ErrorResponse becomes a SmartSenderError.

    The generated functions return `Model | ErrorResponse | None`: the model for 200, the error
    envelope for a documented error status (400, 401, 403, 404, 429), and None for any other
    status, unless the client was built with `raise_on_unexpected_status=True` (as here), in which
    case `errors.UnexpectedStatus` is raised instead and None never comes back.
    """
    if isinstance(result, ErrorResponse):
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


class RetryOn429Transport(httpx.BaseTransport):
    """Sends a request again when it is answered 429, after waiting as long as `Retry-After` says.

    At most `max_attempts` requests are sent for one call. A wait longer than `max_wait` seconds is
    not waited for (the API locks a token out for 60 s, growing to 720 s on repeated overruns): the
    429 answer is returned at once, and the generated client parses it into an ErrorResponse. Only
    requests with a replayable body can be retried, which every request of the generated client is.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        max_attempts: int = 3,
        max_wait: float = 65.0,
        default_wait: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._transport = transport if transport is not None else httpx.HTTPTransport()
        self._max_attempts = max_attempts
        self._max_wait = max_wait
        self._default_wait = default_wait
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 1
        while True:
            response = self._transport.handle_request(request)
            if response.status_code != HTTPStatus.TOO_MANY_REQUESTS or attempt >= self._max_attempts:
                return response
            wait = retry_after_seconds(response.headers.get("Retry-After"), self._default_wait)
            if wait > self._max_wait:
                return response
            response.close()  # hands the connection back before waiting
            self._sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._transport.close()


def make_client(base_url: str, token: str, transport: httpx.BaseTransport | None = None) -> AuthenticatedClient:
    """A client with a timeout, whose sync calls retry 429 answers (through `transport`, by default
    a `RetryOn429Transport` over a plain `httpx.HTTPTransport`).

    The transport is set on the sync httpx client only: `httpx_args={"transport": ...}` would hand
    it to the `httpx.AsyncClient` too, which needs an async transport. `set_httpx_client` replaces
    everything the client would have configured, so the base URL, the timeout and the bearer token
    are given to the httpx client again.
    """
    client = AuthenticatedClient(base_url=base_url, token=token, timeout=TIMEOUT, raise_on_unexpected_status=True)
    client.set_httpx_client(
        httpx.Client(
            base_url=base_url,
            timeout=TIMEOUT,
            headers={"Authorization": f"Bearer {token}"},
            transport=transport if transport is not None else RetryOn429Transport(httpx.HTTPTransport()),
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
    """One async call. The client builds its own `httpx.AsyncClient`, with the token and the timeout."""
    async with AuthenticatedClient(
        base_url=base_url, token=token, timeout=TIMEOUT, raise_on_unexpected_status=True
    ) as client:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
