"""Views of one contact agree, and a contact of another project stays invisible."""

from __future__ import annotations

from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import as_text, ids, variable_values
from contract_tests.checks.document_facts import simple_view_fields
from contract_tests.checks.lifecycle import OTHER_READS
from contract_tests.checks.registry import (
    INFERRED,
    ForeignContactVisible,
    ViewsDisagree,
    fail,
    judging,
    semantic_check,
)
from contract_tests.checks.run_state import RunState, state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, operation_id, succeeded

LISTS = ("listContacts", "searchContacts")
READS = ("getContact", *OTHER_READS)  # the reads of one contact
COMPARED_FIELDS = ("id", "fullName", "email", "phone")  # the system fields both views show alike
LISTS_OF_THE_SIMPLE_VIEW = frozenset({"tags", "funnels"})  # its only keys whose values are lists


def _needs_a_foreign_contact(state: RunState, operation: str) -> str | None:
    return (
        None if state.foreign_contact_id is not None else "it needs --foreign-contact-id (a contact of another project)"
    )


@semantic_check(
    rules=("foreign-contact-invisible",), off=_needs_a_foreign_contact, when="successful answer of the operation"
)
def foreign_contact_is_invisible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact of another project never appears in a list or a search, and cannot be read by any
    view (tried once per view in a run): any 4xx will do, as callers of the live API have seen 404,
    400 and 403 for it."""
    state = state_of(case)
    foreign = state.foreign_contact_id
    if foreign is None:
        return True
    operation = operation_id(case)
    if operation in LISTS and is_operation(case, operation) and response.status_code == 200:
        body = json_body(response)
        if isinstance(body, dict) and foreign in ids(body.get("collection") or []):
            fail(ForeignContactVisible, case, f"contact {foreign} of another project is in the answer")
        return None
    if operation not in READS or not is_operation(case, operation) or not succeeded(response):
        return True
    if not state.first_time_in_run("foreign", operation):
        return True
    answer = follow_up(case, response, operation, path_parameters={"contactId": foreign})
    if not 400 <= answer.status_code < 500:
        fail(
            ForeignContactVisible,
            case,
            f"{operation} of contact {foreign} of another project answers {answer.status_code}, not a 4xx (the "
            "document expects 404)",
        )
    return None


@semantic_check(
    rules=("simple-view-is-flat", "simple-view-has-no-variables-array", "system-field-wins"),
    when="simple view (for system-field-wins: of a contact with a variable named like a system field)",
)
def simple_view_matches_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The simple view holds every variable of the contact as a key with the same value, the same
    system fields (also where a variable has a system field's name), and no list but tags and
    funnels. Values are compared as text (12 and "12" agree), and a key left out stands for null:
    the vendor documents only that the view is "key-value"."""
    if not is_operation(case, "getContactInfo") or response.status_code != 200:
        return True

    system_fields = simple_view_fields(state_of(case).document)
    judged: set[str] = set()

    def compare(simple_view: Response) -> list[str]:
        return _disagreements(json_body(simple_view), _read(case, response, "getContact"), system_fields, judged)

    problems = state_of(case).settled(
        lambda: compare(_read(case, response, "getContactInfo")),
        lambda problems: not problems,
        first=lambda: compare(response),  # the checked answer is the first read of the simple view
    )
    judging(*judged)
    if problems:
        fail(ViewsDisagree, case, f"GET {case.formatted_path} disagrees with the contact: " + "; ".join(problems[:5]))
    return None


def _read(case: ApiCase, response: Response, operation_id: str) -> Response:
    return follow_up(case, response, operation_id, path_parameters=case.path_parameters)


def _disagreements(flat: object, full_answer: Response, system_fields: frozenset[str], judged: set[str]) -> list[str]:
    """How the simple view `flat` and the full view disagree (nothing when either is unusable);
    adds to `judged` the rules the two put to the test."""
    full = json_body(full_answer)
    if not isinstance(flat, dict) or not isinstance(full, dict) or full_answer.status_code != 200:
        return []
    judged |= {"simple-view-is-flat", "simple-view-has-no-variables-array"}
    variables = variable_values(full)
    shadowing = [name for name in variables if name in system_fields and name in full]
    if shadowing:
        judged.add("system-field-wins")
    compared = [field for field in dict.fromkeys((*COMPARED_FIELDS, *shadowing)) if field in full]
    problems = [
        f"{field} is {flat.get(field)!r}, not {full[field]!r}"
        + (f" (a variable of that name shows {variables[field]!r}; the system field wins {INFERRED})"
           if field in shadowing else "")
        for field in compared
        if not isinstance(full[field], list | dict) and as_text(flat.get(field)) != as_text(full[field])
    ]  # fmt: skip
    problems += [
        f"key {key!r} holds a {type(value).__name__}: the view has no `variables` array, and a variable's value "
        "is a string or null"
        for key, value in flat.items()
        if isinstance(value, list | dict) and key not in LISTS_OF_THE_SIMPLE_VIEW
    ]
    for name, value in variables.items():
        if name in system_fields:
            continue  # a system field wins over a variable of the same name
        if name in flat and flat[name] is None:
            continue  # the full view may show the variable's default, which /info need not (SDK: Variable.value)
        if as_text(flat.get(name)) != as_text(value):
            shown = repr(flat[name]) if name in flat else "no key"
            problems.append(f"variable {name!r} is {shown}, not {value!r}")
    return problems


@semantic_check(
    rules=("getContactChat: service-contact-is-the-contact", "listContactGates: service-contact-is-the-contact"),
    when="chat or gate that names its contact",
)
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
    pointing = [
        gate["contact"]["originalId"]
        for gate in gates
        if isinstance(gate, dict) and isinstance(gate.get("contact"), dict)
        and gate["contact"].get("originalId") is not None
    ]  # fmt: skip
    if not pointing:
        return True
    strangers = {original for original in pointing if str(original) != str(contact_id)}
    if strangers:
        fail(
            ViewsDisagree, case, f"contact {contact_id}'s chat or gates point at contacts {sorted(strangers, key=str)}"
        )
    return None


@semantic_check(
    rules=("chat-name-is-the-full-name", "chat-image-is-the-photo"),
    when="chat that shows a name or image its contact has too",
)
def chat_shows_its_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A chat's name is its contact's full name, and its image the contact's photo (compared where
    both views show a value; once per contact in a test)."""
    if not is_operation(case, "getContactChat") or response.status_code != 200:
        return True
    chat = json_body(response)
    contact_id = case.path_parameters.get("contactId")
    if not isinstance(chat, dict) or not state_of(case).first_time("chat-shows", str(contact_id)):
        return True
    judged: set[str] = set()

    def compare(chat: Any) -> list[str]:
        contact = json_body(_read(case, response, "getContact"))
        if not isinstance(chat, dict) or not isinstance(contact, dict):
            return []
        problems = []
        for chat_field, contact_field, rule in (("name", "fullName", "chat-name-is-the-full-name"),
                                                ("image", "photo", "chat-image-is-the-photo")):  # fmt: skip
            shown, own = chat.get(chat_field), contact.get(contact_field)
            if isinstance(shown, str) and isinstance(own, str):
                judged.add(rule)
                if shown != own:
                    problems.append(f"the chat's {chat_field} is {shown!r}, the contact's {contact_field} {own!r}")
        return problems

    problems = state_of(case).settled(
        lambda: compare(json_body(_read(case, response, "getContactChat"))),
        lambda problems: not problems,
        first=lambda: compare(chat),
    )
    if not judged:
        return True
    judging(*judged)
    if problems:
        fail(ViewsDisagree, case, f"contact {contact_id}: " + "; ".join(problems))
    return None
