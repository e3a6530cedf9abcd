"""The property-based suite: every operation in the examples, coverage and fuzzing phases, then
stateful scenarios that follow the document's links. Every built-in check and every semantic
check of contract_tests.checks runs on every answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from contract_tests.follow_up import ApiCase
from contract_tests.suite import current_suite

SUITE = current_suite()
schema = SUITE.schema


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_operation(case: ApiCase) -> None:
    case.call_and_validate()


def _linked_operations() -> bool:
    """Whether a link of the document leads from an operation of this run to another (a run narrowed
    with --operation may have none, and then no scenario to follow)."""
    included = {
        op.operation_id for op in SUITE.document.operations if SUITE.settings.may_send(op.operation_id, op.method)
    }
    return any(
        link.get("operationId") in included
        for operation in SUITE.document.operations
        if operation.operation_id in included
        for response in operation.raw.get("responses", {}).values()
        for link in SUITE.document.resolve(response).get("links", {}).values()
    )


# The base class is made at run time from the document, so mypy cannot see it.
class Scenarios(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        SUITE.reset()


TestScenarios = pytest.mark.skipif(
    not _linked_operations(), reason="no link of the document joins the operations of this run"
)(Scenarios.TestCase)
TestScenarios.settings = settings(
    TestScenarios.settings,
    max_examples=SUITE.settings.stateful_examples,
    stateful_step_count=6,
    derandomize=SUITE.settings.deterministic,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
