"""Semantic checks: what the Contacts API must *do*, beyond the shapes the document describes.

Each check is a schemathesis check: it takes the check context, the response and the case, and
passes (returns None), does not apply (returns True), or raises a Failure that says what went
wrong. Importing this package registers them all, in pytest and, through `contract_tests.hooks`,
under plain `schemathesis run`. They read only, except `created_gate_is_readable`, which repeats
the creation it checks (which must create nothing new), and `auth_is_enforced` (live targets
only), which repeats a request without a valid token (which must be refused).

A rule the vendor does not document, only this document infers, says so in its failure message.
"""

from __future__ import annotations

from contract_tests.checks import auth, lifecycle, merge, paging, search, update, views
from contract_tests.checks.merge import snapshot_before_merge
from contract_tests.checks.run_state import RunState, attach, detach, state_of

__all__ = [
    "RunState",
    "attach",
    "auth",
    "detach",
    "lifecycle",
    "merge",
    "paging",
    "search",
    "snapshot_before_merge",
    "state_of",
    "update",
    "views",
]
