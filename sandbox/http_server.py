"""How the sandbox is served over HTTP: uvicorn with uvloop and httptools (the fastest of its
choices, measured with scripts/bench-sandbox), shared by `python -m sandbox` and sandbox.testing."""

from __future__ import annotations

from typing import Any

import uvicorn

from sandbox.app import SandboxApp


def server_config(app: SandboxApp, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for serving the sandbox; `options` are further uvicorn.Config arguments.
    No proxy headers: the sandbox reads neither the client's address nor the scheme, and the
    middleware that would rewrite them costs a coroutine on every request (about 3% of a PUT)."""
    return uvicorn.Config(app, loop="uvloop", http="httptools", proxy_headers=False, **options)
