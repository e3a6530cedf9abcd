"""How the sandbox is served over HTTP: uvicorn, with uvloop and httptools when they are installed
(the fastest of its choices, measured with scripts/bench-sandbox; the toolkit's `fast` extra, which
this repository's environment has), shared by `python -m sandbox` and sandbox.testing."""

from __future__ import annotations

from typing import Any

import uvicorn

from sandbox.app import SandboxApp


def server_config(app: SandboxApp, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for serving the sandbox; `options` are further uvicorn.Config arguments.
    No proxy headers: the sandbox reads neither the client's address nor the scheme, and the
    middleware that would rewrite them costs a coroutine on every request (about 3% of a PUT)."""
    # "auto": uvloop and httptools where installed, else asyncio's loop and h11 (slower, as fine).
    return uvicorn.Config(app, loop="auto", http="auto", proxy_headers=False, **options)
