"""Every rule the document states has a check that verifies it, or a stated reason why none does."""

from __future__ import annotations

import openapi_document
from contract_tests import checks  # noqa: F401  (registers the semantic checks)
from contract_tests.checks.registry import DECLARED
from contract_tests.checks.verifiers import BUILT_INS, UNCHECKED

DOCUMENT = openapi_document.load()


def _declared() -> set[str]:
    return {rule for declared in DECLARED.values() for rule in declared.rules}


def test_every_rule_of_the_document_has_a_check_or_a_reason() -> None:
    covered = _declared() | set(UNCHECKED) | {rule for built_in in BUILT_INS.values() for rule in built_in.rules}
    missing = [
        f"{rule.id} (#{rule.pointer})" for rule in DOCUMENT.rules if rule.key not in covered and rule.id not in covered
    ]
    assert not missing, (
        "these rules of the document have no check (declare one with @semantic_check(rules=...) in "
        "contract_tests/checks/, or say in contract_tests/checks/verifiers.py UNCHECKED why none can verify them):\n"
        + "\n".join(missing)
    )


def test_every_declared_rule_and_every_reason_names_a_rule_of_the_document() -> None:
    keys, ids = {rule.key for rule in DOCUMENT.rules}, {rule.id for rule in DOCUMENT.rules}
    dead = [
        f"{name}: {rule}" for name, declared in DECLARED.items() for rule in declared.rules if rule not in keys | ids
    ]
    dead += [f"UNCHECKED: {key}" for key in UNCHECKED if key not in keys]
    assert not dead, "declared, but the document has no such rule:\n" + "\n".join(dead)


def test_no_rule_is_both_checked_and_said_to_be_unchecked() -> None:
    assert not _declared() & set(UNCHECKED)


def test_the_issue_s_two_gaps_are_rules_of_the_inventory_with_a_check() -> None:
    rules = {rule.id: rule for rule in DOCUMENT.rules}
    code = rules["getContact: error-code-is-the-status"]
    assert code.pointer == "/components/schemas/ErrorDetail/properties/code/description"
    assert "error_code_is_the_status" in {name for name, declared in DECLARED.items() if code.key in declared.rules}
    empty_event = rules["fireContactEvent body name: minLength 1"]
    assert empty_event.pointer == "/components/schemas/FireEventRequest/properties/name/minLength"
    assert empty_event.key in BUILT_INS["negative_data_rejection"].rules
