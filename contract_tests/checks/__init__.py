"""Semantic checks: what the Contacts API must *do*, beyond the shapes the document describes.

Each check is a schemathesis check: it takes the check context, the response and the case, and
passes (returns None), does not apply (returns True), or raises a Failure that says what went
wrong. Importing this package registers them all, in pytest and, through `contract_tests.hooks`,
under plain `schemathesis run`. Each one declares the rules of the document it verifies
(contract_tests.checks.registry); verifiers.py says which rules schemathesis' own checks verify,
and which rules no check does, and why.

They read only, except where a write is the point: `created_gate_is_readable` repeats the creation
it checks (which must create nothing new); on the embedded sandbox only, `unknown_contact_is_not_found`
repeats a write for a contact that exists nowhere, `self_merge_is_refused` merges a contact with
itself, the creation checks create on an unknown and on a non-WhatsApp channel, the tag, funnel and
note checks add, remove, change and delete with ids that are not the project's or the contact's,
and delete a deleted note again (all of which must be refused); a successful add or remove of a
tag or funnel is sent once more (which must change nothing), on real servers too, through the
write guard like every write; `auth_is_enforced` (live targets only) repeats a request without a valid token
(which must be refused).

A rule the vendor does not document, only this document infers, says so in its failure message.
"""

from __future__ import annotations

from contract_tests.checks import (
    auth,
    envelope,
    forms,
    lifecycle,
    memberships,
    merge,
    messages,
    notes,
    paging,
    rate_limit,
    requests,
    search,
    update,
    views,
)
from contract_tests.checks.merge import snapshot_before_merge
from contract_tests.checks.run_state import RunState, attach, detach, state_of

__all__ = [
    "RunState",
    "attach",
    "auth",
    "detach",
    "envelope",
    "forms",
    "lifecycle",
    "memberships",
    "merge",
    "messages",
    "notes",
    "paging",
    "rate_limit",
    "requests",
    "search",
    "snapshot_before_merge",
    "state_of",
    "update",
    "views",
]
