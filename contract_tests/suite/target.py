"""The embedded sandbox as a run's target: in process, and freshly seeded for every test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sandbox import SandboxApp, SandboxConfig
from sandbox.faults import with_faults


class EmbeddedSandbox:
    """An ASGI app that forwards to a sandbox, which `reset` replaces with a freshly seeded one."""

    def __init__(self, spec: Path, faults: frozenset[str]) -> None:
        self.config = SandboxConfig(rate_limit=False, spec_path=spec)
        self.app_class = with_faults(faults)  # SandboxApp itself when there are none
        self.app: SandboxApp = self.app_class(self.config)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)

    def reset(self) -> None:
        self.app = self.app_class(self.config)

    @property
    def token(self) -> str:
        return self.app.projects[0].token

    def first_contact_of_project(self, index: int) -> int:
        contacts = self.app.store.contact_page(self.app.projects[index], 1, 1).documents
        return int(json.loads(contacts[0])["id"])

    def first_of_project(self, index: int, key: str, field: str) -> Any:
        """`field` of the first of the `key` (tags, funnels) of the first contact of project `index`
        that has one: a tag or funnel of that project's catalogue. None when none has one."""
        project = self.app.projects[index]
        for document in self.app.store.contact_page(project, 1, 20).documents:
            items = json.loads(document).get(key) or []
            if items:
                return items[0].get(field)
        return None
