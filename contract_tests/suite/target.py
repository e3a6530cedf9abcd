"""The embedded sandbox as a run's target: in process, and freshly seeded for every test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sandbox import SandboxApp, SandboxConfig, create_app


class EmbeddedSandbox:
    """An ASGI app that forwards to a sandbox, which `reset` replaces with a freshly seeded one."""

    def __init__(self, spec: Path, faults: frozenset[str]) -> None:
        self.config = SandboxConfig(rate_limit=False, faults=faults, spec_path=spec)
        self.app: SandboxApp = create_app(self.config)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)

    def reset(self) -> None:
        self.app = create_app(self.config)

    @property
    def token(self) -> str:
        return self.app.projects[0].token

    def first_contact_of_project(self, index: int) -> int:
        contacts = self.app.store.contact_page(self.app.projects[index], 1, 1).documents
        return int(json.loads(contacts[0])["id"])
