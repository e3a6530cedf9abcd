"""The faults of a contact's tags, funnels, notes, messages and cart that wait for their contract
checks (sandbox/faults/pending.py): each breaks exactly the operations it names, as the
catalogue's do, and none is in the catalogue yet (scripts/check-detection would demand a check)."""

from __future__ import annotations

import pytest

from sandbox import SandboxApp
from sandbox.faults import FAULTS
from sandbox.faults.pending import PENDING_FAULTS
from tests.sandbox.test_faults import CONFIG, PROBES, Observation, observe


@pytest.fixture(scope="module")
def correct() -> dict[str, list[Observation]]:
    return observe(SandboxApp(CONFIG))


def test_no_pending_fault_is_in_the_catalogue_yet() -> None:
    assert not PENDING_FAULTS.keys() & FAULTS.keys()
    assert not {fault.deviation for fault in PENDING_FAULTS.values()} & {fault.deviation for fault in FAULTS.values()}


@pytest.mark.parametrize("name", sorted(PENDING_FAULTS))
def test_each_pending_fault_breaks_exactly_the_operations_it_names(
    correct: dict[str, list[Observation]], name: str
) -> None:
    fault = PENDING_FAULTS[name]
    observed = observe(fault.deviation(CONFIG))
    assert {operation for operation in PROBES if observed[operation] != correct[operation]} == set(fault.operations)
