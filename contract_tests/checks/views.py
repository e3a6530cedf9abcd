"""Views of one contact agree, and a contact of another project stays invisible."""

from __future__ import annotations

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import as_text, ids, variable_values
from contract_tests.checks.document_facts import simple_view_fields
from contract_tests.checks.registry import ForeignContactVisible, ViewsDisagree, fail, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, succeeded


@semantic_check
def foreign_contact_is_invisible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact of another project never appears in a list and cannot be read: any 4xx will do,
    as callers of the live API have seen 404, 400 and 403 for it."""
    state = state_of(case)
    foreign = state.foreign_contact_id
    if foreign is None:
        return True
    if is_operation(case, "listContacts") and response.status_code == 200:
        body = json_body(response)
        if isinstance(body, dict) and foreign in ids(body.get("collection") or []):
            fail(ForeignContactVisible, case, f"contact {foreign} of another project is in the list")
        return None
    if not is_operation(case, "getContact") or not succeeded(response) or not state.first_time("foreign"):
        return True
    answer = follow_up(case, response, "getContact", path_parameters={"contactId": foreign})
    if not 400 <= answer.status_code < 500:
        fail(
            ForeignContactVisible,
            case,
            f"contact {foreign} of another project answers {answer.status_code}, not a 4xx (the document expects 404)",
        )
    return None


@semantic_check
def simple_view_matches_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The simple view holds every variable of the contact as a key with the same value, and the
    same system fields. Values are compared as text (12 and "12" agree), and a key left out stands
    for null: the vendor documents only that the view is "key-value"."""
    if not is_operation(case, "getContactInfo") or response.status_code != 200:
        return True

    system_fields = simple_view_fields(state_of(case).document)

    def compare(simple_view: Response) -> list[str]:
        return _disagreements(json_body(simple_view), _read(case, response, "getContact"), system_fields)

    problems = state_of(case).settled(
        lambda: compare(_read(case, response, "getContactInfo")),
        lambda problems: not problems,
        first=lambda: compare(response),  # the checked answer is the first read of the simple view
    )
    if problems:
        fail(ViewsDisagree, case, f"GET {case.formatted_path} disagrees with the contact: " + "; ".join(problems[:5]))
    return None


def _read(case: ApiCase, response: Response, operation_id: str) -> Response:
    return follow_up(case, response, operation_id, path_parameters=case.path_parameters)


def _disagreements(flat: object, full_answer: Response, system_fields: frozenset[str]) -> list[str]:
    """How the simple view `flat` and the full view disagree (nothing when either is unusable)."""
    full = json_body(full_answer)
    if not isinstance(flat, dict) or not isinstance(full, dict) or full_answer.status_code != 200:
        return []
    problems = [
        f"{field} is {flat.get(field)!r}, not {full[field]!r}"
        for field in ("id", "fullName", "email", "phone")
        if field in full and as_text(flat.get(field)) != as_text(full[field])
    ]
    for name, value in variable_values(full).items():
        if name in system_fields:
            continue  # a system field wins over a variable of the same name
        if name in flat and flat[name] is None:
            continue  # the full view may show the variable's default, which /info need not (SDK: Variable.value)
        if as_text(flat.get(name)) != as_text(value):
            shown = repr(flat[name]) if name in flat else "no key"
            problems.append(f"variable {name!r} is {shown}, not {value!r}")
    return problems


@semantic_check
def chat_and_gates_belong_to_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact's chat and gates point back at that contact (ServiceContact.originalId)."""
    body = json_body(response)
    if response.status_code != 200 or not isinstance(body, dict):
        return True
    if is_operation(case, "getContactChat"):
        gates = [body, *(body.get("gates") or [])]
    elif is_operation(case, "listContactGates"):
        gates = body.get("collection") or []
    else:
        return True
    contact_id = case.path_parameters.get("contactId")
    strangers = {
        gate["contact"].get("originalId")
        for gate in gates
        if isinstance(gate, dict) and isinstance(gate.get("contact"), dict) and "originalId" in gate["contact"]
        and gate["contact"]["originalId"] is not None and str(gate["contact"]["originalId"]) != str(contact_id)
    }  # fmt: skip
    if strangers:
        fail(
            ViewsDisagree, case, f"contact {contact_id}'s chat or gates point at contacts {sorted(strangers, key=str)}"
        )
    return None
