"""The property-based suite: every operation in the examples, coverage and fuzzing phases, then
stateful scenarios that follow the document's links. Every built-in check and every semantic
check of contract_tests.checks runs on every answer."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from contract_tests.follow_up import ApiCase
from contract_tests.suite import current_suite

SUITE = current_suite()
schema = SUITE.schema


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_operation(case: ApiCase) -> None:
    case.call_and_validate()


# The base class is made at run time from the document, so mypy cannot see it.
class Scenarios(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        SUITE.reset()


TestScenarios = Scenarios.TestCase
TestScenarios.settings = settings(
    TestScenarios.settings,
    max_examples=SUITE.settings.stateful_examples,
    stateful_step_count=6,
    derandomize=SUITE.settings.deterministic,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
