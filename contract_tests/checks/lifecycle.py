"""Delete and create: a deleted contact is gone, a created one can be read, and creating it again
returns the same gate."""

from __future__ import annotations

from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import ids
from contract_tests.checks.registry import CreatedGateUnreadable, DeletedContactReadable, fail, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, succeeded


@semantic_check
def deleted_contact_is_gone(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful delete, the contact answers 404."""
    if not is_operation(case, "deleteContact") or not succeeded(response):
        return True
    contact_id = case.path_parameters.get("contactId")

    def read() -> Response:
        return follow_up(case, response, "getContact", path_parameters={"contactId": contact_id})

    answer = state_of(case).settled(read, lambda answer: answer.status_code == 404)
    if answer.status_code != 404:
        fail(DeletedContactReadable, case, f"contact {contact_id} answers {answer.status_code} after it was deleted")
    return None


@semantic_check
def created_gate_is_readable(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A created gate's contact can be read and lists the gate; creating it again with the same
    identifier returns the same gate."""
    if not is_operation(case, "createChannelGate") or not succeeded(response):
        return True
    gate = json_body(response)
    contact = gate.get("contact") if isinstance(gate, dict) else None
    contact_id = contact.get("originalId") if isinstance(contact, dict) else None
    if contact_id is None:
        return True  # the document does not promise `contact` on a gate
    problem = state_of(case).settled(
        lambda: _unreadable(case, response, contact_id, gate.get("id")), lambda problem: problem is None
    )
    if problem is not None:
        fail(CreatedGateUnreadable, case, problem)
    again = follow_up(case, response, "createChannelGate", path_parameters=case.path_parameters, body=case.body)
    repeated = json_body(again)
    repeated_id = repeated.get("id") if isinstance(repeated, dict) else None
    if not succeeded(again) or repeated_id != gate.get("id"):
        message = f"creating the same identifier again answered {again.status_code} with gate {repeated_id!r}"
        fail(CreatedGateUnreadable, case, f"{message}, not the existing gate {gate.get('id')}")
    return None


def _unreadable(case: ApiCase, response: Response, contact_id: Any, gate_id: Any) -> str | None:
    """Why the created gate's contact, read now, is not readable or does not list the gate."""
    read = follow_up(case, response, "getContact", path_parameters={"contactId": contact_id})
    if read.status_code != 200:
        return f"the created gate's contact {contact_id} answers {read.status_code}"
    listed = follow_up(case, response, "listContactGates", path_parameters={"contactId": contact_id})
    gates = json_body(listed)
    if listed.status_code == 200 and isinstance(gates, dict) and gate_id not in ids(gates.get("collection") or []):
        return f"contact {contact_id} does not list its new gate {gate_id}"
    return None
