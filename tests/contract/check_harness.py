"""One semantic check against one answer of a sandbox, in process: the check runs with the run
state a conformance run gives it, and the harness says what it found and which rules it judged."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.core.failures import Failure

import openapi_document
from contract_tests import checks
from contract_tests.checks.registry import Check
from contract_tests.follow_up import ApiCase
from sandbox import SandboxApp

DOCUMENT = openapi_document.load()


@dataclass
class Verdict:
    failures: list[str]  # "title: message" of each failure
    judged: set[str] = field(default_factory=set)  # the rules the check said it judged


@dataclass
class Harness:
    app: SandboxApp
    schema: Any
    state: checks.RunState
    judgements: list[frozenset[str]] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.app.projects[0].token

    def case(self, method: str, path: str, **parts: Any) -> ApiCase:
        if "body" in parts:
            parts.setdefault("media_type", "application/json")
        case: ApiCase = self.schema[path][method].Case(headers={"Authorization": f"Bearer {self.token}"}, **parts)
        return case

    def check(self, check: Check, method: str, path: str, **parts: Any) -> Verdict:
        """Sends the request (after the merge snapshot the run's hook takes), and runs `check` on its answer."""
        case = self.case(method, path, **parts)
        checks.snapshot_before_merge(case, {})
        return self.judge(check, case, case.call())

    def judge(self, check: Check, case: ApiCase, response: Any) -> Verdict:
        self.judgements.clear()
        try:
            case.validate_response(response, checks=[check])
        except BaseExceptionGroup as error:  # schemathesis raises a group of the failures it found
            found = [item for item in error.exceptions if isinstance(item, Failure)]
            if len(found) != len(error.exceptions):
                raise
            return Verdict([f"{failure.title}: {failure.message}" for failure in found], set().union(*self.judgements))
        return Verdict([], set().union(*self.judgements))


class _Forwarder:
    """The ASGI app of the shared schema: it hands each request to the harness's sandbox."""

    target: SandboxApp | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.target is not None
        await self.target(scope, receive, send)


@functools.cache
def _schema(token: str) -> Any:
    """The document's schemathesis schema, built once (that takes a quarter of a second), whose
    app forwards to the sandbox of the harness that runs."""
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"bearerAuth": {"bearer": token}}}})
    schema = schemathesis.openapi.from_path(openapi_document.DEFAULT_SPEC_PATH, config=config)
    schema.app = _Forwarder()
    return schema


@contextmanager
def harness(app: SandboxApp, *, live: bool = False, foreign_contact_id: int | None = None) -> Iterator[Harness]:
    """A harness for `app` (one at a time); `live`: its checks take it for a real server."""
    schema = _schema(app.projects[0].token)
    schema.app.target = app
    state = checks.RunState(DOCUMENT, foreign_contact_id=foreign_contact_id, live=live, strict_validation=not live)
    running = Harness(app, schema, state)
    state.on_judged = lambda case, name, rules: running.judgements.append(rules)
    checks.attach(schema, state)
    try:
        yield running
    finally:
        checks.detach(schema)
