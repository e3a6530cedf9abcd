"""Faults: a catalogue of realistic ways to break the contract, for measuring contract tests.

Each fault is a deviation that a real implementation (or a proxy, or a hand-written fake) could
plausibly ship. They live beside the sandbox, not in it: no module of the request path imports
this package. A faulty sandbox is the plain one composed with the faults' deviations (subclasses
that override `respond`, see deviation.py), marked on every answer with `X-Sandbox-Faults`:

    from sandbox import SandboxConfig
    from sandbox.faults import FAULTS, with_faults
    app = with_faults({"update-not-persisted"})(SandboxConfig(rate_limit=False))
    FAULTS["update-not-persisted"].operations        # ('updateContact',): what it breaks

They are off unless named one by one (`scripts/serve --inject-fault NAME`, `scripts/conform
--sandbox-fault NAME`); unknown names are refused, and so is a database file. The modules:
catalogue.py (names, summaries, the operations each breaks), compose.py (`with_faults`),
deviation.py (the base class, shared with the test servers of tests/contract/variants.py), and
one module of faults per area (answers, access, paging, search, writes). pending.py holds the
faults of a contact's tags, funnels, notes, messages and cart (contact_lists.py), which wait for
their contract checks outside the catalogue (issue 14).
"""

from sandbox.faults.catalogue import FAULTS, Fault, UnknownFault, check_fault_names
from sandbox.faults.compose import with_faults
from sandbox.faults.deviation import Deviation

__all__ = ["FAULTS", "Deviation", "Fault", "UnknownFault", "check_fault_names", "with_faults"]
