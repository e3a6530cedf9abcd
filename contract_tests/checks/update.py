"""Update: valid values can be read back, invalid ones were skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from schemathesis import CheckContext, Response

import openapi_document
from contract_tests.checks.document_facts import longest_name, phone_pattern, simple_view_fields
from contract_tests.checks.registry import (
    INFERRED,
    InvalidValueStored,
    UpdateAnswerWrong,
    UpdateNotVisible,
    fail,
    judging,
    semantic_check,
)
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, succeeded

# The system fields that `values` may set, as the document's description of updateContact names them.
SYSTEM_FIELDS = frozenset({"firstName", "lastName", "email", "phone"})
_CLEAN_TEXT = re.compile(r"[^\x00-\x1f\x7f]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9-]{1,40}(\.[A-Za-z0-9-]{1,20})*\.[A-Za-z]{2,10}")


def clearly_valid(document: openapi_document.Document, field: str, value: Any) -> bool:
    """Values that any reasonable implementation stores as sent (no trimming, no case folding), by
    the rules `document` gives a contact's fields."""
    if value is None:
        return field == "lastName"
    if (
        not isinstance(value, str)
        or not _CLEAN_TEXT.fullmatch(value)
        or value != value.strip()
        or len(value) > longest_name(document)
    ):
        return False
    if field in {"firstName", "lastName"}:
        return True
    if field == "email":
        return bool(_EMAIL.fullmatch(value)) and value == value.lower()
    return bool(phone_pattern(document).search(value))


def clearly_invalid(field: str, value: Any) -> bool:
    if field == "firstName":
        return not isinstance(value, str) or not value.strip()
    if field == "email":
        return isinstance(value, str) and "@" not in value
    if field == "phone":
        return isinstance(value, str) and any(char.isalpha() for char in value)
    return False


def _read(case: ApiCase, response: Response, operation_id: str, contact_id: Any) -> dict[str, Any]:
    answer = follow_up(case, response, operation_id, path_parameters={"contactId": contact_id})
    body = json_body(answer)
    if answer.status_code != 200 or not isinstance(body, dict):
        fail(
            UpdateNotVisible,
            case,
            f"contact {contact_id} answers {answer.status_code} to {operation_id} after a successful update",
        )
    return body


@semantic_check(
    rules=(
        "update-sets-values", "update-skips-invalid-values", "update-skips-unknown-names",
        "enum-variables-take-only-their-choices",
    ),
    when="successful update with a clearly valid, clearly invalid or unknown value",
)  # fmt: skip
def update_is_visible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful update, valid values of system fields and enum variables can be read
    back; invalid ones (an e-mail address without @, a value outside an enum) and unknown names
    were skipped, not stored."""
    if not is_operation(case, "updateContact") or not succeeded(response):
        return True
    values = case.body.get("values") if isinstance(case.body, dict) else None
    if not isinstance(values, dict) or not values:
        return True
    contact_id = case.path_parameters.get("contactId")
    verdict = state_of(case).settled(
        lambda: _read_back(case, response, contact_id, values), lambda verdict: not verdict.lost
    )
    judging(*verdict.judged)
    if verdict.lost:
        # The vendor says `values` sets "system fields" too, but names none: which ones is inferred.
        fields = ", ".join(sorted(verdict.lost_system_fields))
        inferred = f" (that `values` sets {fields} is an inferred rule: the vendor names no system field)"
        message = f"contact {contact_id} does not show the updated {', '.join(verdict.lost)}"
        fail(UpdateNotVisible, case, message + (inferred if verdict.lost_system_fields else ""))
    if verdict.stored:
        fail(InvalidValueStored, case, f"contact {contact_id} stored {', '.join(verdict.stored)}")
    return None


@dataclass
class _Verdict:
    document: openapi_document.Document
    lost: list[str] = field(default_factory=list)  # valid values not read back
    lost_system_fields: set[str] = field(default_factory=set)
    stored: list[str] = field(default_factory=list)  # invalid values read back
    judged: set[str] = field(default_factory=set)  # the rules of the document the values sent put to the test

    def judge_system_field(self, name: str, sent: Any, read: Any) -> None:
        if clearly_valid(self.document, name, sent):
            self.judged.add("update-sets-values")
            if read != sent:
                self.lost.append(f"{name}={sent!r} (reads {read!r})")
                self.lost_system_fields.add(name)
        elif clearly_invalid(name, sent) and sent is not None:
            self.judged.add("update-skips-invalid-values")
            if read == sent:
                self.stored.append(f"{name}={sent!r}")

    def judge_variable(self, name: str, sent: Any, variable: dict[str, Any]) -> None:
        """Only enum variables (their `content` lists the allowed values) tell valid from invalid."""
        choices = variable.get("content")
        if not isinstance(choices, list) or not choices or not all(isinstance(choice, str) for choice in choices):
            return
        if sent in choices:
            self.judged |= {"update-sets-values", "enum-variables-take-only-their-choices"}
            if variable.get("value") != sent:
                self.lost.append(f"{name}={sent!r} (reads {variable.get('value')!r})")
        elif isinstance(sent, str):
            self.judged |= {"update-skips-invalid-values", "enum-variables-take-only-their-choices"}
            if variable.get("value") == sent:
                self.stored.append(f"{name}={sent!r}, not one of {choices}")

    def judge_unknown_name(self, name: str, sent: Any, flat: dict[str, Any]) -> None:
        self.judged.add("update-skips-unknown-names")
        if name in flat and flat[name] == sent:
            self.stored.append(f"{name}={sent!r}, which is neither a variable nor a system field")


def _read_back(case: ApiCase, response: Response, contact_id: Any, values: dict[str, Any]) -> _Verdict:
    flat = _read(case, response, "getContactInfo", contact_id)
    full = _read(case, response, "getContact", contact_id)
    variables = {v.get("name"): v for v in full.get("variables", []) if isinstance(v, dict)}
    document = state_of(case).document
    verdict = _Verdict(document)
    system_fields = simple_view_fields(document)
    for name, value in values.items():
        if name in SYSTEM_FIELDS:
            verdict.judge_system_field(name, value, flat.get(name))
        elif name in variables:
            verdict.judge_variable(name, value, variables[name])
        elif name not in system_fields:
            verdict.judge_unknown_name(name, value, flat)
    return verdict


@semantic_check(rules=("update-answers-state-true",), when="successful update")
def update_answers_state_true(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A processed update answers `{"state": true}`, also when it skipped values (read the contact
    to see what was stored)."""
    if not is_operation(case, "updateContact") or not succeeded(response):
        return True
    body = json_body(response)
    if not isinstance(body, dict) or "state" not in body:
        return True  # the schema checks report a body without `state`
    if body["state"] is not True:
        fail(UpdateAnswerWrong, case, f"a processed update answered state {body['state']!r}, not true {INFERRED}")
    return None
