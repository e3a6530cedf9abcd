"""scripts/check-detection: a fault whose narrowed run passes fails the gate, naming the command."""

from __future__ import annotations

import io

import pytest

from contract_tests import runner
from sandbox.faults import FAULTS
from tooling import detection_gate


def test_a_fault_that_is_not_caught_fails_the_gate_with_its_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs: list[list[str]] = []

    def run(argv: list[str], out: io.StringIO) -> int:
        runs.append(argv)
        out.write("Result: the target conforms\n")
        return 0 if "update-not-persisted" in argv else detection_gate.CAUGHT

    monkeypatch.setattr(runner, "main", run)
    status = detection_gate.main(["--fault", "update-not-persisted", "--fault", "auth-ignored", "--workers", "1"])
    printed = capsys.readouterr().out
    assert status == 1
    assert "1 of 2 catalogued faults caught" in printed
    replay = (
        "scripts/conform --sandbox-fault update-not-persisted --operation updateContact --deterministic "
        "--max-examples 25 --stateful-examples 20"
    )
    assert f"update-not-persisted: the narrowed run passed; replay it with\n  {replay}\n" in printed
    assert runs[1][2:4] == ["--operation", "listContacts"]  # a fault of every operation: one is enough


def test_every_fault_is_narrowed_to_operations_of_the_document() -> None:
    import openapi_document  # noqa: PLC0415

    known = {operation.operation_id for operation in openapi_document.load().operations}
    for fault in FAULTS.values():
        narrowed = detection_gate.narrowed_operations(fault.operations)
        assert narrowed
        assert set(narrowed) <= known & set(fault.operations), fault.name


def test_an_unknown_fault_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        detection_gate.main(["--fault", "typo"])
    assert raised.value.code == 2
    assert "unknown fault(s): typo" in capsys.readouterr().err
