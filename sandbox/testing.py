"""Running a sandbox on a loopback port from Python, for tests and tools.

with running_sandbox(SandboxConfig(rate_limit=False)) as server:
    httpx.get(f"{server.base_url}/v1/contacts", headers={"Authorization": f"Bearer {server.token}"})
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from sandbox.app import SandboxApp, SandboxConfig, create_app
from sandbox.http_server import server_config


@dataclass(frozen=True)
class RunningSandbox:
    app: SandboxApp
    base_url: str

    @property
    def token(self) -> str:
        """The bearer token of the first project."""
        return self.app.projects[0].token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_sandbox(config: SandboxConfig | None = None, app: SandboxApp | None = None) -> Iterator[RunningSandbox]:
    """Serves `app` (or a new sandbox built from `config`) on 127.0.0.1 in a background thread."""
    app = app or create_app(config)
    port = free_port()
    server = uvicorn.Server(
        server_config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, name=f"sandbox:{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox did not start on port {port}")
        time.sleep(0.01)
    try:
        yield RunningSandbox(app=app, base_url=f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
