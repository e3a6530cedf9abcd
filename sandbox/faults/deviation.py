"""The one way to make a sandbox that answers differently from the reference: a `Deviation`.

A deviation is a subclass of the sandbox that overrides `respond`: it may change the request, then
hands it on with `super().respond(...)`, and may change the answer it gets back. Deviations combine
by multiple inheritance: in `class Both(First, Second)`, First is the outer one (it sees the
request first and the answer last). The catalogued faults are deviations, and so are the servers
of tests/contract/variants.py that differ from the sandbox where the vendor is silent.

The helpers read a request as the sandbox does (its router, its bearer-token rule, its request
validator), so that a deviation decides from what the request means, not from how it is spelt.
"""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl, urlencode

import openapi_document
from openapi_document import Operation
from sandbox.app import SandboxApp, bearer_token, find_headers, largest_page
from sandbox.errors import ApiError
from sandbox.request_validation import RequestValidator
from sandbox.routing import Match, Router
from sandbox.store import Project

Headers = list[tuple[bytes, bytes]]
QueryPairs = list[tuple[str, str]]


class Deviation(SandboxApp):
    """A sandbox whose `respond` a subclass overrides, handing on to the next class with `super()`;
    with the means to read a request as the sandbox does."""

    def route(self, method: str, path: str) -> Match | None:
        """The operation a request is for, with its path parameters (as text); None when the
        sandbox answers it 404 or 405."""
        try:
            return self._request_router.match(method, path)
        except ApiError:
            return None

    def operation_id(self, method: str, path: str) -> str | None:
        match = self.route(method, path)
        return match.operation.operation_id if match else None

    def path_of(self, operation_id: str) -> str:
        """The path (template) of an operation of the document."""
        return next(operation.path for operation in self._operations if operation.operation_id == operation_id)

    def project_of(self, headers: Headers) -> Project | None:
        """The project whose token the request carries; None when it carries none that the sandbox knows."""
        token = bearer_token(find_headers(headers)[0])
        return self.store.project_for_token(token) if token is not None else None

    def is_valid(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> bool:
        """Whether the request passes the sandbox's validation of its operation (path, query and
        body; not the token): what a deviation checks before it answers in the sandbox's place."""
        match = self.route(method, path)
        if match is None or body is None:
            return False
        operation_id = match.operation.operation_id
        if operation_id not in self._validators:  # compiled when first needed (a new app per test)
            self._validators[operation_id] = RequestValidator(match.operation)
        try:
            self._validators[operation_id].validate(match.path_parameters, query_string, find_headers(headers)[1], body)
        except ApiError:
            return False
        return True

    @functools.cached_property
    def max_limitation(self) -> int:
        """The largest `limitation` the document allows, which is also the sandbox's default page size."""
        return largest_page(self._operations)

    # Built on first use, from the document the sandbox serves.
    @functools.cached_property
    def _operations(self) -> tuple[Operation, ...]:
        return openapi_document.load(self.config.spec_path).operations

    @functools.cached_property
    def _request_router(self) -> Router:
        return Router(list(self._operations))

    @functools.cached_property
    def _validators(self) -> dict[str, RequestValidator]:
        return {}


def query_pairs(query_string: bytes) -> QueryPairs | None:
    """The query's (name, value) pairs in order, repeated names kept; None when it is not UTF-8
    (the sandbox refuses it: a deviation then hands it on unchanged)."""
    try:
        return parse_qsl(query_string.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return None


def encode_query(pairs: QueryPairs) -> bytes:
    return urlencode(pairs).encode()


def query_value(pairs: QueryPairs, name: str) -> str | None:
    """The value of a parameter given once; None when it is missing or repeated."""
    values = [value for key, value in pairs if key == name]
    return values[0] if len(values) == 1 else None


def whole_number(text: str | None) -> int | None:
    """The integer that the sandbox reads from a parameter's text (`007` is 7); None for anything
    else, integers beyond 64 bits included (the sandbox refuses them)."""
    if text is None or len(text) > 40:
        return None
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None
