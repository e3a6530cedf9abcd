"""Hand-built, valid requests for every operation of the run, sent with the run's token.

The property-based suite accepts any documented status, 401 and 404 included, so on its own a
server that rejects everything would pass it. These tests cannot: each operation must answer a
valid request with 2xx and a body that passes every check.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import pytest

import openapi_document
from contract_tests.follow_up import ApiCase
from contract_tests.settings import MESSAGE_OPERATIONS, MESSAGE_TEXT, RunSettings
from contract_tests.suite import Suite, current_suite
from contract_tests.suite.safety import CREATED_IDENTIFIER

SAMPLE_CHANNEL = 15  # the WhatsApp channel of the sandbox and of the document's examples
SAMPLE_TAG, SAMPLE_FUNNEL = 31, "7301"  # a tag and a funnel the first contacts of the sandbox have: a removal shows
NOTE = "Conformance check: a note the run deletes again"


def _operations() -> list[openapi_document.Operation]:
    suite = current_suite()
    return [op for op in suite.document.operations if suite.settings.may_send(op.operation_id, op.method)]


def _authorization(suite: Suite) -> dict[str, str]:
    return {"Authorization": f"Bearer {suite.token}"}


def _call(suite: Suite, method: str, path: str, **parts: Any) -> tuple[ApiCase, Any]:
    # The token goes into the case itself, as schemathesis' auth puts it, so that the checks'
    # hooks (the snapshot before a merge) see it too.
    case = suite.schema[path][method].Case(headers=_authorization(suite), **parts)
    answer = case.call()
    if answer.status_code == 429:  # counted by the run, which fails when there are many
        pytest.skip(f"{method} {path} was rate limited (429): nothing was checked")
    return case, answer


def _contact_ids(suite: Suite) -> list[int]:
    """Contacts this run may use: the allow-list for writing runs, else the first listed ones."""
    if suite.settings.contact_ids:
        return list(suite.settings.contact_ids)
    _, answer = _call(suite, "GET", "/v1/contacts", query={"page": 1, "limitation": 3})
    if answer.status_code in (401, 403):
        pytest.fail(f"the target refuses the token ({answer.status_code}): check --token / SMARTSENDER_TOKEN")
    ids = [item["id"] for item in answer.json().get("collection", [])] if answer.status_code == 200 else []
    if len(ids) < 2:
        pytest.fail(
            f"GET /v1/contacts answered {answer.status_code} with {len(ids)} contacts; the smoke tests need two"
        )
    return ids


def _search_term(suite: Suite, contact_id: int) -> str:
    """A term the contact holds for sure: its e-mail address, else its name (the vendor does not
    say how short a term may be, so not a single letter)."""
    _, answer = _call(suite, "GET", "/v1/contacts/{contactId}", path_parameters={"contactId": contact_id})
    contact = answer.json() if answer.status_code == 200 else {}
    for field in ("email", "fullName", "firstName"):
        if isinstance(contact.get(field), str) and len(contact[field].strip()) >= 3:
            return str(contact[field].strip())
    pytest.fail(f"contact {contact_id} answered {answer.status_code} without an e-mail address or a name to search")


def _request(operation_id: str, ids: list[int], settings: RunSettings, term: str) -> dict[str, Any]:
    # A destructive run merges away the second allowed id and deletes the third; elsewhere (the
    # sandbox, reset for every test) the listed contacts serve, a single one as all three.
    first = ids[0]
    second = settings.merged_contact_id or ids[min(1, len(ids) - 1)]
    last = settings.deleted_contact_id or ids[-1]
    channel = settings.channel_ids[0] if settings.channel_ids else SAMPLE_CHANNEL
    tag = settings.tag_ids[0] if settings.tag_ids else SAMPLE_TAG
    funnel = settings.funnel_keys[0] if settings.funnel_keys else SAMPLE_FUNNEL
    on_first = {"path_parameters": {"contactId": first}}
    paged = {**on_first, "query": {"page": 1, "limitation": 5}}
    requests: dict[str, dict[str, Any]] = {
        "listContactTags": paged,
        "addContactTag": {"path_parameters": {"contactId": first, "tagId": tag}},
        "removeContactTag": {"path_parameters": {"contactId": first, "tagId": tag}},
        "listContactFunnels": paged,
        "addContactFunnel": {"path_parameters": {"contactId": first, "serviceKey": funnel}},
        "removeContactFunnel": {"path_parameters": {"contactId": first, "serviceKey": funnel}},
        "listContactNotes": paged,
        "createContactNote": {**on_first, "body": {"content": NOTE}},
        # the note: one the test creates first (`note_id`)
        "updateContactNote": {"path_parameters": {"contactId": first, "noteId": 0}, "body": {"content": f"{NOTE}."}},
        "deleteContactNote": {"path_parameters": {"contactId": first, "noteId": 0}},
        "listContactMessages": paged,
        "sendContactMessage": {**on_first, "body": {"type": "text", "content": MESSAGE_TEXT}},
        "listContactCheckout": paged,
        "listContacts": {"query": {"page": 1, "limitation": 5}},
        "searchContacts": {"query": {"term": term, "page": 1, "limitation": 5}},
        "getContact": {"path_parameters": {"contactId": first}},
        "getContactInfo": {"path_parameters": {"contactId": first}},
        "getContactChat": {"path_parameters": {"contactId": first}},
        "listContactGates": {"path_parameters": {"contactId": first}, "query": {"page": 1, "limitation": 5}},
        "updateContact": {"path_parameters": {"contactId": first}, "body": {"values": {"firstName": "Conform"}}},
        "fireContactEvent": {"path_parameters": {"contactId": first}, "body": {"name": settings.event_name}},
        # the first contact survives both (the reads run on it)
        "uniteContacts": {"path_parameters": {"contactId": first, "targetContactId": second}},
        "deleteContact": {"path_parameters": {"contactId": last}},
        "createChannelGate": {
            "path_parameters": {"channelId": channel},
            "body": {"identifier": CREATED_IDENTIFIER, "firstName": "Conform", "lastName": "Check"},
        },
    }
    request = requests[operation_id]
    if "body" in request:
        request["media_type"] = "application/json"
    return request


@pytest.mark.parametrize("operation", _operations(), ids=lambda operation: operation.operation_id)
def test_operation_answers_a_valid_request(suite: Suite, operation: Any) -> None:
    ids = _contact_ids(suite)
    term = _search_term(suite, ids[0]) if operation.operation_id == "searchContacts" else ""
    restore = _first_name(suite, ids[0]) if operation.operation_id == "updateContact" else None
    request = _request(operation.operation_id, ids, suite.settings, term)
    if "noteId" in request.get("path_parameters", {}):
        request["path_parameters"]["noteId"] = _new_note(suite, ids[0])
    # On real servers a message goes out only here, inside the guard's permission (the tripwire refuses any other).
    sending = suite.guard.sending_message() if operation.operation_id in MESSAGE_OPERATIONS else nullcontext()
    with sending:
        case, answer = _call(suite, operation.method, operation.path, **request)
    try:
        if not 200 <= answer.status_code < 300:  # pytest.fail: no assertion rewriting around the message
            pytest.fail(
                f"{operation.label} answered {answer.status_code} to a valid, authenticated request: "
                f"{answer.text[:300]}{_hint(operation.operation_id, answer.status_code, suite.settings)}"
            )
        case.validate_response(answer)
    finally:
        if restore is not None:  # the contact gets its own name back (a 429 here is not a finding)
            body: dict[str, Any] = {"values": {"firstName": restore}}
            put = suite.schema[operation.path]["PUT"]
            put.Case(
                path_parameters={"contactId": ids[0]},
                body=body,
                media_type="application/json",
                headers=_authorization(suite),
            ).call()


def _hint(operation_id: str, status: int, settings: RunSettings) -> str:
    if settings.is_sandbox:
        return ""
    if operation_id == "fireContactEvent" and status == 404:
        return (
            f"\n(the contact exists, so the 404 may refuse the event {settings.event_name!r}: if the target "
            "only fires events that its automations know, name a harmless one with --event-name)"
        )
    if operation_id == "createChannelGate" and status in (404, 409):
        return (
            f"\n(check --channel-ids: {settings.channel_ids[0]} must be a channel of the token's project (404: it "
            "is not) that can create contacts, a WhatsApp channel (409: it cannot))"
        )
    return ""


def _new_note(suite: Suite, contact_id: int) -> int:
    """A note the test creates to change or delete (on real servers deleted at the end of the run anyway)."""
    case, answer = _call(
        suite, "POST", "/v1/contacts/{contactId}/notes", path_parameters={"contactId": contact_id},
        body={"content": NOTE}, media_type="application/json",
    )  # fmt: skip
    note_id = answer.json().get("id") if answer.status_code in (200, 201) else None
    if not isinstance(note_id, int):
        pytest.fail(f"{case.operation.label} answered {answer.status_code} without a note id: {answer.text[:300]}")
    return note_id


def _first_name(suite: Suite, contact_id: int) -> str | None:
    _, answer = _call(suite, "GET", "/v1/contacts/{contactId}", path_parameters={"contactId": contact_id})
    name = answer.json().get("firstName") if answer.status_code == 200 else None
    return name if isinstance(name, str) and name.strip() else None


def test_a_contact_of_another_project_is_invisible(suite: Suite) -> None:
    foreign = suite.schema["/v1/contacts/{contactId}"]["GET"]
    contact_id = suite.sandbox.first_contact_of_project(1) if suite.sandbox else suite.settings.foreign_contact_id
    if contact_id is None:
        pytest.skip("no contact of another project given (--foreign-contact-id)")
    answer = foreign.Case(path_parameters={"contactId": contact_id}, headers=_authorization(suite)).call()
    if not 400 <= answer.status_code < 500:
        pytest.fail(
            f"contact {contact_id} of another project answered {answer.status_code}, not a 4xx (the document expects "
            "404)" + ("" if suite.sandbox else "; or --foreign-contact-id names a contact of the token's own project")
        )
