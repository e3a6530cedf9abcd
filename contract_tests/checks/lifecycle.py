"""Delete and create, and ids that exist nowhere: a deleted contact is gone, a created one can be
read, creating it again returns the same gate, and unknown contacts and channels are not found."""

from __future__ import annotations

from typing import Any

from schemathesis import CheckContext, Response
from schemathesis.core import NotSet

from contract_tests.checks.bodies import ids
from contract_tests.checks.registry import (
    INFERRED,
    CreatedGateUnreadable,
    DeletedContactReadable,
    RefusalMissing,
    fail,
    sandbox_only,
    semantic_check,
)
from contract_tests.checks.run_state import RunState, state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, operation_id, succeeded
from contract_tests.settings import WRITE_METHODS

UNKNOWN_ID = 9_000_000_000_000_000_001  # an int64 that no contact or channel has
# the reads of a contact besides getContact
OTHER_READS = ("getContactInfo", "getContactChat", "listContactGates", "listContactTags", "listContactFunnels",
               "listContactNotes", "listContactMessages", "listContactCheckout")  # fmt: skip
_CREATION_GUARDED = "the write guard sends real servers' creations only to the channels of --channel-ids"


@semantic_check(rules=("deleted-contact-is-gone",), when="successful delete")
def deleted_contact_is_gone(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful delete, the contact answers 404, and so do (the first time in a run) its
    other views."""
    if not is_operation(case, "deleteContact") or not succeeded(response):
        return True
    contact_id = case.path_parameters.get("contactId")
    reads = ("getContact", *(OTHER_READS if state_of(case).first_time_in_run("deleted-views") else ()))
    for read_operation in reads:

        def read(operation: str = read_operation) -> Response:
            return follow_up(case, response, operation, path_parameters={"contactId": contact_id})

        answer = state_of(case).settled(read, lambda answer: answer.status_code == 404)
        if answer.status_code != 404:
            gone = f"contact {contact_id} answers {answer.status_code} to {read_operation} after it was deleted"
            fail(DeletedContactReadable, case, f"{gone} {INFERRED}")
    return None


@semantic_check(
    rules=(
        "creation-creates-the-contact",
        "creation-returns-the-existing-gate",
        "createChannelGate: service-contact-is-the-contact",
    ),
    when="created gate that names its contact",
)
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


def _writes_are_guarded(state: RunState, operation: str) -> str | None:
    if state.live and operation not in ("getContact", *OTHER_READS):
        return "the write guard sends real servers' writes only to the contacts of --contact-ids"
    return None


@semantic_check(
    rules=("unknown-contact-is-not-found",), off=_writes_are_guarded, when="successful answer of the operation"
)
def unknown_contact_is_not_found(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The request of a successful answer, sent again (once per operation in a run) for a contact
    that exists nowhere, answers 404; on real servers only reads are sent again, and 400 is taken
    too (callers of the live API have seen it for unknown contacts)."""
    operation = operation_id(case)
    state = state_of(case)
    if "contactId" not in (case.path_parameters or {}) or not succeeded(response):
        return True
    if case.method.upper() != case.operation.method.upper() or _writes_are_guarded(state, operation):
        return True
    if not state.first_time_in_run("unknown-contact", operation):
        return True
    answer = _again(case, response, contactId=UNKNOWN_ID)
    accepted = {404, 400} if state.live else {404}
    if answer.status_code not in accepted:
        fail(RefusalMissing, case, f"{operation} of contact {UNKNOWN_ID}, which exists nowhere, answered "
             f"{answer.status_code}, not 404")  # fmt: skip
    return None


@semantic_check(
    rules=("unknown-channel-is-not-found",), off=sandbox_only(_CREATION_GUARDED), when="successful creation"
)
def unknown_channel_is_not_found(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A successful creation, sent again (once in a run) to a channel that exists nowhere, answers 404."""
    if state_of(case).live or not is_operation(case, "createChannelGate") or not succeeded(response):
        return True
    if not state_of(case).first_time_in_run("unknown-channel"):
        return True
    answer = _again(case, response, channelId=UNKNOWN_ID)
    if answer.status_code != 404:
        fail(RefusalMissing, case, f"creating a contact on channel {UNKNOWN_ID}, which exists nowhere, answered "
             f"{answer.status_code}, not 404")  # fmt: skip
    return None


@semantic_check(
    rules=("creation-only-on-whatsapp",),
    off=sandbox_only(_CREATION_GUARDED),
    when="successful creation, with a listed contact on another messenger",
)
def only_whatsapp_channels_create_contacts(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A successful creation, sent again (once in a run) to a channel of another messenger, answers
    409. The channel is one that a listed contact has a gate on."""
    if state_of(case).live or not is_operation(case, "createChannelGate") or not succeeded(response):
        return True
    if not state_of(case).first_time_in_run("other-channel"):
        return True
    channel = _other_messenger_channel(case, response)
    if channel is None:
        return True  # no channel of another messenger found: nothing to judge
    answer = _again(case, response, channelId=channel)
    if answer.status_code != 409:
        fail(RefusalMissing, case, f"creating a contact on channel {channel}, which is not a WhatsApp channel, "
             f"answered {answer.status_code}, not 409 {INFERRED}")  # fmt: skip
    return None


def _other_messenger_channel(case: ApiCase, response: Response) -> Any:
    """The id of a channel whose type is known and not WhatsApp, from the gates of listed contacts."""
    listed = json_body(follow_up(case, response, "listContacts", query={"page": 1, "limitation": 5}))
    for contact_id in ids(listed.get("collection") or []) if isinstance(listed, dict) else []:
        gates = json_body(follow_up(case, response, "listContactGates", path_parameters={"contactId": contact_id}))
        for gate in gates.get("collection") or [] if isinstance(gates, dict) else []:
            channel = gate.get("channel") if isinstance(gate, dict) else None
            if not isinstance(channel, dict):
                continue
            kind = channel.get("type")
            if isinstance(kind, str) and kind.lower() != "whatsapp" and channel.get("id") is not None:
                return channel["id"]
    return None


def _again(case: ApiCase, response: Response, **path_parameters: Any) -> Response:
    """The case's own request, sent again with other path parameters."""
    body = None if isinstance(case.body, NotSet) or case.method.upper() not in WRITE_METHODS else case.body
    return follow_up(
        case, response, operation_id(case), path_parameters={**case.path_parameters, **path_parameters},
        query=case.query, body=body, validated=True,
    )  # fmt: skip
