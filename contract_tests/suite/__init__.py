"""The pytest suite of a conformance run, and what it runs against.

`build_suite(settings)` makes everything a run needs from its settings, explicitly: the
schemathesis schema of the run's document, the target (the embedded sandbox, or the server at the
base URL), the write guard and its tripwire, the per-operation statistics, the rule coverage and
the checks' run state. The suite's pytest files (conftest.py, test_conformance.py, test_authenticated_smoke.py)
take the run's suite from `current_suite()`: the runner makes its suite current for the length of
its pytest session (`running`); plain `pytest contract_tests/suite` builds one from the
environment (conftest.py), the only place a run reads it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis.schemas import BaseSchema

import openapi_document
from contract_tests import checks
from contract_tests.checks.verifiers import BUILT_INS, NO_PROBES
from contract_tests.follow_up import ApiCase
from contract_tests.settings import REQUEST_TIMEOUT_SECONDS, WRITE_METHODS, RunSettings
from contract_tests.suite.rule_coverage import RuleCoverage, Target
from contract_tests.suite.safety import CONTACT_PARAMETERS, Tripwire, WriteGuard
from contract_tests.suite.statistics import RunStatistics
from contract_tests.suite.target import EmbeddedSandbox
from contract_tests.suite.undo import Undo


@dataclass
class Suite:
    settings: RunSettings
    document: openapi_document.Document
    schema: BaseSchema
    token: str
    sandbox: EmbeddedSandbox | None
    guard: WriteGuard
    tripwire: Tripwire
    statistics: RunStatistics
    state: checks.RunState
    rules: RuleCoverage
    undo: Undo
    connection_lost: str | None = None  # why the target stopped answering; the run stops then

    def reset(self) -> None:
        """A fresh copy of the sandbox's data (for other targets only the checks' memos go)."""
        if self.sandbox is not None:
            self.sandbox.reset()
        self.state.forget()


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


def build_suite(settings: RunSettings) -> Suite:
    document = openapi_document.load(settings.spec)
    sandbox = EmbeddedSandbox(settings.spec, settings.sandbox_faults) if settings.is_sandbox else None
    token = sandbox.token if sandbox is not None else str(settings.token)
    schema: BaseSchema = schemathesis.openapi.from_path(
        settings.spec, config=schemathesis.Config.from_dict(schemathesis_config(settings, token))
    )
    # On real servers a message goes out only from the smoke test: no generated phase sends one.
    excluded = [op.operation_id for op in document.operations if not settings.may_generate(op.operation_id, op.method)]
    if excluded:
        schema = schema.exclude(operation_id=excluded)
    if sandbox is not None:
        schema.app = sandbox
        funnel_key = sandbox.first_of_project(1, "funnels", "serviceKey")
        state = checks.RunState(
            document, foreign_contact_id=sandbox.first_contact_of_project(1),
            foreign_tag_id=sandbox.first_of_project(1, "tags", "id"),
            foreign_funnel_key=None if funnel_key is None else str(funnel_key),
        )  # fmt: skip
    else:
        state = checks.RunState(
            document, foreign_contact_id=settings.foreign_contact_id, live=True,
            strict_validation=settings.strict_validation,
        )  # fmt: skip
    rules = RuleCoverage(document, _target(settings, token, document, state))
    state.on_judged = rules.judged
    guard = WriteGuard(settings, document)
    state.let_through = guard.let_through
    return Suite(
        settings, document, schema, token, sandbox, guard, Tripwire(guard), RunStatistics(), state, rules,
        Undo(settings, guard),
    )  # fmt: skip


def _target(settings: RunSettings, token: str, document: openapi_document.Document, state: checks.RunState) -> Target:
    """What of the run's settings decides which rules it can verify."""
    config = schemathesis_config(settings, token)
    off = {
        name: BUILT_INS[name].off
        for name, check in config.get("checks", {}).items()
        if name in BUILT_INS and check.get("enabled") is False
    }
    if config.get("phases", {}).get("coverage", {}).get("unexpected-methods") == []:
        off.update({name: NO_PROBES for name, built_in in BUILT_INS.items() if built_in.needs_probes})
    excluded = {
        op.operation_id: reason
        for op in document.operations
        if (reason := settings.exclusion(op.operation_id, op.method) or settings.generated_exclusion(op.operation_id))
    }
    pinned: dict[str, dict[tuple[str, str], str]] = {}
    for op in document.operations if not settings.is_sandbox else ():
        if op.method in WRITE_METHODS and op.operation_id not in excluded:
            ids = [
                p.name for p in op.parameters if p.location == "path" and p.name in (*CONTACT_PARAMETERS, "channelId")
            ]
            pinned[op.operation_id] = {
                ("path", name): "only allowed ids (--contact-ids, --channel-ids)" for name in ids
            }
    # The pinned values (the event name, tag ids, ...) are not here: invalid ones are sent as generated.
    return Target(state, excluded, off, pinned)


@contextlib.contextmanager
def _hooks(suite: Suite) -> Iterator[None]:
    """The run's schemathesis hooks, registered for the block only: a later run registers its own.
    (schemathesis takes these three only as global hooks, not as hooks of one schema.)"""

    # schemathesis annotates hook functions, so bound methods are wrapped in plain functions.
    def before_call(context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
        suite.guard.rewrite(context, case, kwargs)
        checks.snapshot_before_merge(case, kwargs)

    def after_call(context: Any, case: ApiCase, response: Any) -> None:
        suite.statistics.after_call(context, case, response)

    def after_validate(context: Any, case: ApiCase, response: Any, results: list[Any]) -> None:
        suite.statistics.after_validate(context, case, response, results)
        suite.rules.after_validate(case, response, results)

    registered = (before_call, after_call, after_validate)
    for hook in registered:
        schemathesis.hook(hook)
    try:
        yield
    finally:
        for hook in registered:
            schemathesis.hooks.unregister(hook)


_current: Suite | None = None
# The suite's own test modules: imported anew by each run, since they take the current suite at import.
_TEST_MODULES = ("contract_tests.suite.conftest", "contract_tests.suite.test_conformance",
                 "contract_tests.suite.test_authenticated_smoke")  # fmt: skip


def current_suite() -> Suite:
    if _current is None:
        raise RuntimeError(
            "no conformance run is going on: run scripts/conform, or pytest contract_tests/suite (which reads "
            "the SMARTSENDER_* variables)"
        )
    return _current


@contextlib.contextmanager
def running(suite: Suite) -> Iterator[Suite]:
    """Makes `suite` the current one, with its checks' state attached, its hooks registered and
    its tripwire armed on live targets, for the block."""
    global _current  # noqa: PLW0603 (the one run going on; cleared when it ends)
    if _current is not None:
        raise RuntimeError("a conformance run is already going on in this process")
    _current = suite
    checks.attach(suite.schema, suite.state)
    try:
        with _hooks(suite), suite.tripwire.armed() if suite.sandbox is None else contextlib.nullcontext():
            yield suite
    finally:
        _current = None
        checks.detach(suite.schema)
        for name in _TEST_MODULES:
            sys.modules.pop(name, None)
