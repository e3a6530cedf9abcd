"""A stateful reference implementation of the Smart Sender Contacts API, driven by its OpenAPI document.

from sandbox import SandboxConfig, create_app
app = create_app(SandboxConfig(seed=7))      # an ASGI application
token = app.projects[0].token                # bearer token of the first seeded project

A request is answered by app.py (routing, auth, rate limit, validation), handlers.py and store.py
(the data, in SQLite). Faults, deliberate breaks of the contract for measuring contract tests, are
made beside it in sandbox.faults, which none of these modules imports; `python -m sandbox`
(`scripts/serve --inject-fault`) composes them.
"""

from sandbox.app import Response, SandboxApp, SandboxConfig, create_app
from sandbox.store import FiredEvent, Project

__all__ = ["FiredEvent", "Project", "Response", "SandboxApp", "SandboxConfig", "create_app"]
