"""The run's schema, target and instruments, built once from the settings.

The schema is loaded from openapi/smartsender-contacts.yaml itself. The target is the embedded
sandbox (in process, a fresh copy of its data for every test and every stateful scenario) or the
server at the configured base URL.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis.schemas import BaseSchema

import openapi_document
from contract_tests import checks
from contract_tests.follow_up import ApiCase
from contract_tests.safety import Tripwire, WriteGuard
from contract_tests.settings import REQUEST_TIMEOUT_SECONDS, RunSettings
from contract_tests.stats import RunStatistics
from sandbox import SandboxApp, SandboxConfig
from sandbox.faults import with_faults

SPEC_PATH = openapi_document.DEFAULT_SPEC_PATH  # openapi/smartsender-contacts.yaml, the file itself


class EmbeddedSandbox:
    """An ASGI app that forwards to a sandbox, which `reset` replaces with a freshly seeded one."""

    def __init__(self, faults: frozenset[str]) -> None:
        self.config = SandboxConfig(rate_limit=False)
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


@dataclass
class Suite:
    settings: RunSettings
    schema: BaseSchema
    token: str
    sandbox: EmbeddedSandbox | None
    guard: WriteGuard
    tripwire: Tripwire
    statistics: RunStatistics
    connection_lost: str | None = None  # why the target stopped answering; the run stops then

    def reset(self) -> None:
        """A fresh copy of the sandbox's data (no-op for other targets)."""
        if self.sandbox is not None:
            self.sandbox.reset()
        checks.forget_memos()

    def before_call(self, context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
        self.guard.rewrite(context, case, kwargs)
        checks.snapshot_before_merge(case, kwargs)


def schemathesis_config(settings: RunSettings, token: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        "auth": {"openapi": {"bearerAuth": {"bearer": token}}},
        "generation": {"max-examples": settings.max_examples, "database": "none"},
    }
    if settings.deterministic:
        config["generation"]["deterministic"] = True
    if settings.seed is not None:
        config["seed"] = settings.seed
    if settings.max_rate is not None:
        config["rate-limit"] = f"{settings.max_rate}/m"
    if not settings.is_sandbox:
        config["base-url"] = settings.base_url
        config["request-timeout"] = REQUEST_TIMEOUT_SECONDS
        # Probes with undeclared methods (POST /v1/contacts, ...) would be writes to a real API.
        config["phases"] = {"coverage": {"unexpected-methods": []}}
        # They run as contract_tests.checks.auth, where a 429 is inconclusive.
        config["checks"] = {name: {"enabled": False} for name in checks.auth.REPLACED_BUILT_INS}
        if not settings.strict_validation:
            # The document's request rules (limitation 1 to 20, a `+` in phone numbers) bind callers;
            # that a real server also refuses every request that breaks them is not documented.
            config["checks"]["negative_data_rejection"] = {"enabled": False}
    return config


def _operations() -> list[tuple[str, str, str]]:
    # The document as read once for every part of the run (the checks read the same one).
    return [(op.operation_id, op.method, op.path) for op in openapi_document.load(SPEC_PATH).operations]


@functools.cache
def build_suite() -> Suite:
    settings = RunSettings.from_environment()
    sandbox = EmbeddedSandbox(settings.sandbox_faults) if settings.is_sandbox else None
    token = sandbox.token if sandbox is not None else str(settings.token)
    schema: BaseSchema = schemathesis.openapi.from_path(
        SPEC_PATH, config=schemathesis.Config.from_dict(schemathesis_config(settings, token))
    )
    operations = _operations()
    excluded = [operation_id for operation_id, method, _ in operations if not settings.may_send(operation_id, method)]
    if excluded:
        schema = schema.exclude(operation_id=excluded)
    if sandbox is not None:
        schema.app = sandbox
        checks.settings.foreign_contact_id = sandbox.first_contact_of_project(1)
    else:
        checks.settings.foreign_contact_id = settings.foreign_contact_id
        checks.settings.live = True
    guard = WriteGuard(settings, operations)
    statistics = RunStatistics()
    suite = Suite(settings, schema, token, sandbox, guard, Tripwire(guard), statistics)
    _register_hooks(suite)
    if sandbox is None:
        suite.tripwire.install()
    return suite


def _register_hooks(suite: Suite) -> None:
    # schemathesis annotates hook functions, so bound methods are wrapped in plain functions.
    def before_call(context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
        suite.before_call(context, case, kwargs)

    def after_call(context: Any, case: ApiCase, response: Any) -> None:
        suite.statistics.after_call(context, case, response)

    def after_validate(context: Any, case: ApiCase, response: Any, results: list[Any]) -> None:
        suite.statistics.after_validate(context, case, response, results)

    for hook in (before_call, after_call, after_validate):
        schemathesis.hook(hook)
