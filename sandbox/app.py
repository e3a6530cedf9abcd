"""The sandbox as an ASGI application: routing, auth, rate limit and validation from the spec.

A request goes through: route (404/405) → bearer token (401) → rate limit (429) → validation of
path, query and body against the operation (400) → the operation's handler. Every error answer
is the API's `{"error": {...}}` envelope as application/json. Handlers are synchronous: SQLite
work is short, and running it on the event loop serialises all writes of one process. Besides the
API, `GET /openapi.yaml` answers the document the sandbox implements, as its file has it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import traceback
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from openapi_document import DEFAULT_SPEC_PATH, DocumentError, Operation, load
from sandbox.database import IN_MEMORY, Database
from sandbox.errors import ApiError, bad_request, error_body
from sandbox.handlers import Handler, Handlers
from sandbox.rate_limit import RateLimiter
from sandbox.request_validation import RequestValidator
from sandbox.routing import Router
from sandbox.seed import SeedPlan, seed_database
from sandbox.store import Project, Store

logger = logging.getLogger("sandbox")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DOCUMENT_PATH = "/openapi.yaml"  # where the sandbox serves the document it implements (no token needed)
JSON_HEADERS = [(b"content-type", b"application/json")]
MAX_BODY_BYTES = 1024 * 1024
CHALLENGE = (b"www-authenticate", b"Bearer")  # RFC 9110: a 401 names the scheme that would be accepted


@dataclass(frozen=True)
class SandboxConfig:
    db_path: str = IN_MEMORY
    seed: int = 0
    contacts_per_project: int = 40
    rate_limit: bool = True
    requests_per_minute: int | None = None  # the rate limit's allowance; None: the document's x-rate-limit
    validate_responses: bool = False  # for tests: an answer that violates the spec becomes a 500
    spec_path: Path = DEFAULT_SPEC_PATH
    clock: Callable[[], float] | None = field(default=None, compare=False)  # for the rate limiter


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]

    def json(self) -> Any:
        return json.loads(self.body)  # the standard library keeps integers beyond 64 bits exact


class SandboxApp:
    """The ASGI application; `store` gives tests and tools direct access to the data."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config = config or SandboxConfig()
        document = load(config.spec_path)  # before the database: a document it cannot serve creates no file
        operations = list(document.operations)
        self.document_version = document.version
        try:
            largest = largest_page(operations)
            validators = {operation.operation_id: RequestValidator(operation) for operation in operations}
        except DocumentError as error:
            raise DocumentError(f"{document.path}: {error}") from None
        database = Database(config.db_path)
        self.freshly_seeded = database.created  # False: an existing --db file, whose data is kept
        if database.created:
            seed_database(database, SeedPlan(seed=config.seed, contacts_per_project=config.contacts_per_project))
            database.mark_ready()
        self.document_text = document.path.read_bytes()  # served at DOCUMENT_PATH, as the file has it
        self.store: Store = database.adopt(lambda: Store(database))
        handlers = Handlers(self.store, default_limitation=largest).by_operation_id()
        _check_operations(document.path, set(validators), set(handlers))
        self._router = Router(operations)
        self._routes: dict[str, tuple[RequestValidator, Handler]] = {
            operation_id: (validator, handlers[operation_id]) for operation_id, validator in validators.items()
        }
        self.rate_limit = document.rate_limit
        if config.requests_per_minute is not None:
            if config.requests_per_minute < 1:
                raise ValueError(
                    f"requests_per_minute={config.requests_per_minute}: the rate limit allows at least 1 request a "
                    "minute; switch it off with rate_limit=False instead"
                )
            self.rate_limit = dataclasses.replace(self.rate_limit, requests_per_minute=config.requests_per_minute)
        self._rate_limiter = (
            (RateLimiter(self.rate_limit, config.clock) if config.clock else RateLimiter(self.rate_limit))
            if config.rate_limit
            else None
        )
        self._response_validators = _response_validators(operations) if config.validate_responses else None

    @property
    def projects(self) -> list[Project]:
        return self.store.projects()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            try:
                body = await _read_body(receive)
            except _BodyAbandoned:
                return  # a request cut short is not run: its client has gone, or got uvicorn's own 400
            response = self.respond(
                scope["method"], _raw_path(scope), scope.get("query_string", b""), scope.get("headers", []), body
            )
            headers = [*response.headers, (b"content-length", str(len(response.body)).encode())]
            await send({"type": "http.response.start", "status": response.status, "headers": headers})
            await send({"type": "http.response.body", "body": response.body})
        elif scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        """Answers one request; `path` is still percent-encoded, `body` is None when it was larger
        than MAX_BODY_BYTES (the ASGI layer reads the body and decides: the one place of the limit)."""
        if path == DOCUMENT_PATH and method == "GET":
            return Response(200, self.document_text, [(b"content-type", b"application/yaml")])
        extra: list[tuple[bytes, bytes]] = []
        operation_id = ""
        try:
            match = self._router.match(method, path)
            operation_id = match.operation.operation_id
            authorization, content_type = find_headers(headers)
            project = self._authenticate(authorization)
            if self._rate_limiter is not None:
                extra = self._limit(project)
            validator, handler = self._routes[operation_id]
            if body is None:
                raise bad_request(f"body: larger than {MAX_BODY_BYTES} bytes")
            request = validator.validate(match.path_parameters, query_string, content_type, body)
            reply = handler(project, request)
            response = Response(reply.status, reply.body, [*JSON_HEADERS, *extra])
        except ApiError as error:
            response = Response(error.status, error.body(), [*JSON_HEADERS, *error.headers, *extra])
        except Exception:  # a bug of the sandbox: answer in the envelope and say so in the log
            logger.error("unexpected error answering %s %s:\n%s", method, path, traceback.format_exc())
            response = Response(
                500, error_body(500, "Internal sandbox error", ["see the sandbox's log"]), [*JSON_HEADERS, *extra]
            )
        if self._response_validators is not None:
            response = self._checked(operation_id, response)
        return response

    def _authenticate(self, authorization: bytes | None) -> Project:
        token = bearer_token(authorization)
        project = self.store.project_for_token(token) if token is not None else None
        if project is None:
            reason = (
                "no bearer token was sent" if not authorization else "the bearer token is not the token of any project"
            )
            raise ApiError(401, "Unauthenticated", [reason], headers=[CHALLENGE])
        return project

    def _limit(self, project: Project) -> list[tuple[bytes, bytes]]:
        assert self._rate_limiter is not None
        decision = self._rate_limiter.hit(project.token)
        headers = [(b"x-rate-limit", str(decision.remaining).encode())]
        if not decision.allowed:
            raise ApiError(
                429,
                "Too many requests",
                [
                    f"Rate limit of {self.rate_limit.requests_per_minute} requests a minute exceeded; "
                    f"retry in {decision.retry_after} seconds."
                ],
                headers=[*headers, (b"retry-after", str(decision.retry_after).encode())],
            )
        return headers

    def _checked(self, operation_id: str, response: Response) -> Response:
        assert self._response_validators is not None
        validators = self._response_validators.get(operation_id, {})
        if not operation_id or response.status == 500:
            return response  # answered before routing, or already an error of the sandbox
        if response.status not in validators:
            return _spec_violation(f"{operation_id} answered {response.status}, which the document does not list")
        validator = validators[response.status]
        if validator is None:
            return response
        problems = [f"{list(error.instance_path)}: {error.message}" for error in validator.iter_errors(response.json())]
        if problems:
            return _spec_violation(f"{operation_id} {response.status} violates the document: " + "; ".join(problems))
        return response


def _spec_violation(message: str) -> Response:
    logger.error("%s", message)
    return Response(500, error_body(500, "Answer violates the OpenAPI document", [message]), JSON_HEADERS)


def _response_validators(operations: list[Operation]) -> dict[str, dict[int, jsonschema_rs.Validator | None]]:
    return {
        operation.operation_id: {
            status: None if schema is None else jsonschema_rs.Draft7Validator(schema)
            for status, schema in operation.response_schemas.items()
        }
        for operation in operations
    }


def find_headers(headers: list[tuple[bytes, bytes]]) -> tuple[bytes | None, str | None]:
    """The request's Authorization and Content-Type headers (the last of each), or None."""
    authorization = content_type = None
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"authorization":
            authorization = value
        elif lowered == b"content-type":
            content_type = value.decode("latin-1")
    return authorization, content_type


def bearer_token(authorization: bytes | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (the scheme in any case); None for
    another scheme or no header."""
    scheme, _, token = (authorization or b"").decode("latin-1").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


class _BodyAbandoned(Exception):
    """The connection ended (closed, or its framing broke) before the request's body was complete."""


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when it exceeds MAX_BODY_BYTES (the rest is drained);
    raises _BodyAbandoned when the body never fully arrives."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _BodyAbandoned
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks) if size <= MAX_BODY_BYTES else None


def create_app(config: SandboxConfig | None = None) -> SandboxApp:
    return SandboxApp(config)


def largest_page(operations: Iterable[Operation]) -> int:
    """The `maximum` of the document's `limitation` parameters, which must agree."""
    maxima = {
        parameter.schema.get("maximum")
        for operation in operations
        for parameter in operation.parameters
        if parameter.name == "limitation"
    }
    maximum = maxima.pop() if len(maxima) == 1 else None
    if not isinstance(maximum, int):
        found = ", ".join(map(repr, sorted(maxima, key=repr))) or "none"
        raise DocumentError(
            f"every `limitation` parameter needs the same whole-number maximum (the largest page), found: {found}"
        )
    return maximum


def _check_operations(path: Path, documented: set[str], implemented: set[str]) -> None:
    """DocumentError unless the document has exactly the operations the sandbox implements."""
    problems = []
    if implemented - documented:
        problems.append(f"it lacks {', '.join(sorted(implemented - documented))}")
    if documented - implemented:
        problems.append(f"the sandbox does not implement {', '.join(sorted(documented - implemented))}")
    if problems:
        raise DocumentError(
            f"{path}: the document's operations are not the sandbox's ({'; '.join(problems)}): give a copy of "
            "the toolkit's document with the same operationIds"
        )


def _raw_path(scope: Scope) -> str:
    """The path as sent: routing on the decoded one would read `/v1/contacts/1%2Finfo` as `/info`."""
    raw = scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(scope["path"])
