"""Fixtures for the generated client's tests.

`shared_sandbox` is one server for the whole session, for tests that only read. Tests that write
get a fresh sandbox of their own: `fresh_sandbox` (a real server, for sync calls) or `fresh_app`
(the ASGI application, for async calls through `support.asgi_client`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from smartsender_client import AuthenticatedClient

from sandbox import SandboxApp, SandboxConfig, create_app
from sandbox.testing import RunningSandbox, running_sandbox
from tests.client.support import server_client

NO_RATE_LIMIT = SandboxConfig(rate_limit=False)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def shared_sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(NO_RATE_LIMIT) as server:
        yield server


@pytest.fixture
def client(shared_sandbox: RunningSandbox) -> Iterator[AuthenticatedClient]:
    """A client of the shared sandbox; tests that use it must not change any data."""
    with server_client(shared_sandbox) as client:
        yield client


@pytest.fixture
def fresh_sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(NO_RATE_LIMIT) as server:
        yield server


@pytest.fixture
def fresh_client(fresh_sandbox: RunningSandbox) -> Iterator[AuthenticatedClient]:
    with server_client(fresh_sandbox) as client:
        yield client


@pytest.fixture
def fresh_app() -> SandboxApp:
    return create_app(NO_RATE_LIMIT)
