"""What scripts/conform reports, against a correct and a broken sandbox."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.checks import _clearly_invalid, _clearly_valid, _merged_variable_problem
from tests.contract.conftest import SMALL_RUN, run_conform


def test_a_broken_sandbox_fails_the_run_with_a_readable_report(tmp_path: Path) -> None:
    run = run_conform(tmp_path, "--sandbox-fault", "update-not-persisted", "-k", "updateContact or PUT", *SMALL_RUN)
    assert run.status == 1, run.output
    assert "Update not visible on the next read" in run.output
    assert "does not show the updated firstName='Conform' (reads 'Olena')" in run.output  # the smoke test
    assert "does not show the updated firstName='Olenka'" in run.output  # the document's example
    assert "Reproduce with:" in run.output
    assert "Result: the target does NOT conform" in run.output
    assert "Replay with: scripts/conform --seed" in run.output
    report = ET.parse(tmp_path / "reports" / "junit.xml").getroot()  # noqa: S314 (our own report)
    assert report.get("failures") == "2"
    failed = [case.get("name") for case in report.iter("testcase") if case.find("failure") is not None]
    assert failed == ["operation answers a valid request: updateContact", "PUT /v1/contacts/{contactId}"]


def test_a_correct_sandbox_conforms_and_every_operation_reaches_every_phase(tmp_path: Path) -> None:
    run = run_conform(tmp_path, *SMALL_RUN, "--stateful-examples", "60")
    assert run.status == 0, run.output
    rows = [line for line in run.output.splitlines() if line.startswith(("GET ", "PUT ", "POST ", "DELETE "))]
    assert len(rows) == 11
    assert all(line.split()[2] == "ECFS" for line in rows), rows
    assert "Result: the target conforms" in run.output


def test_merged_variables_accept_a_default_replaced_by_the_targets_value() -> None:
    assert _merged_variable_problem(None, "Odesa", "Odesa") is None
    assert _merged_variable_problem("uk", "en", "en") is None  # "uk" may be the variable's default
    assert _merged_variable_problem("Kyiv", None, "Kyiv") is None
    assert (
        _merged_variable_problem(None, "Odesa", None)
        == "the contact had none, the target 'Odesa', the merged contact shows None"
    )
    assert _merged_variable_problem("Kyiv", None, "Lviv") is not None
    assert _merged_variable_problem("Kyiv", "Odesa", "Lviv") is not None


def test_only_unambiguous_values_are_judged() -> None:
    assert _clearly_valid("email", "olena@example.com")
    assert not _clearly_valid("email", "Olena@Example.com")  # a server may lower-case it
    assert not _clearly_valid("firstName", " Olena")  # a server may trim it
    assert _clearly_valid("lastName", None)
    assert _clearly_invalid("email", "not-an-email")
    assert _clearly_invalid("phone", "call me")
    assert not _clearly_invalid("phone", "0501234567")  # a server may accept national numbers
