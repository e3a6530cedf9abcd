"""Fixtures for the sandbox's tests: a fresh sandbox per test, and a compact way to call it."""

from __future__ import annotations

from collections.abc import Callable
from json import dumps
from typing import Any, Protocol
from urllib.parse import urlencode

import pytest

from sandbox import Response, SandboxApp, SandboxConfig, create_app


class Call(Protocol):
    def __call__(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        json: Any = None,
        body: bytes | None = None,
        token: str | None = "project-1",
        content_type: str | None = None,
    ) -> Response: ...


def make_caller(app: SandboxApp) -> Call:
    """Calls `app.respond` like an HTTP client would; `token` defaults to project 1's."""

    def call(
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        json: Any = None,
        body: bytes | None = None,
        token: str | None = "project-1",
        content_type: str | None = None,
    ) -> Response:
        headers: list[tuple[bytes, bytes]] = []
        if token == "project-1":
            token = app.projects[0].token
        if token is not None:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        if json is not None:
            body = dumps(json).encode()  # the standard library also writes integers beyond 64 bits
            content_type = content_type or "application/json"
        if content_type is not None:
            headers.append((b"content-type", content_type.encode()))
        query_string = urlencode(query or {}).encode()
        return app.respond(method, path, query_string, headers, body if body is not None else b"")

    return call


@pytest.fixture
def app() -> SandboxApp:
    # validate_responses: any answer that breaks the OpenAPI document becomes a 500, which every
    # test that checks a status would notice.
    return create_app(SandboxConfig(rate_limit=False, validate_responses=True))


@pytest.fixture
def call(app: SandboxApp) -> Call:
    return make_caller(app)


@pytest.fixture
def other_token(app: SandboxApp) -> str:
    return app.projects[1].token


def first_contact_of(app: SandboxApp, project_index: int) -> int:
    call = make_caller(app)
    page = call("GET", "/v1/contacts", query={"limitation": 1}, token=app.projects[project_index].token).json()
    return int(page["collection"][0]["id"])


def all_ids(call: Call, path: str = "/v1/contacts", limitation: int = 20, **query: Any) -> list[int]:
    """Walks every page of a list and returns the ids in the order they came."""
    ids: list[int] = []
    page = 1
    while True:
        answer = call("GET", path, query={**query, "page": page, "limitation": limitation})
        assert answer.status == 200, answer.body
        body = answer.json()
        ids += [item["id"] for item in body["collection"]]
        if page >= body["cursor"]["pages"]:
            return ids
        page += 1


Snapshot = Callable[[], list[tuple[Any, ...]]]


@pytest.fixture
def snapshot(app: SandboxApp) -> Snapshot:
    """Every row of every table, to prove that a rejected request changed nothing."""

    def take() -> list[tuple[Any, ...]]:
        db = app.store.database.connection
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
            )
        ]
        return [(table, *row) for table in tables for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]

    return take
