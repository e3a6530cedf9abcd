"""Hooks module for plain `schemathesis run` (see schemathesis.toml at the repository root).

    SMARTSENDER_TOKEN=... schemathesis run openapi/smartsender-contacts.yaml --url http://127.0.0.1:8787

registers this suite's semantic checks (contract_tests.checks) next to the built-in ones, and the
hook that lets the merge check compare contacts before and after. SMARTSENDER_FOREIGN_CONTACT_ID
(a contact of another project) switches on the tenancy check: the checks read it when the run's
first check runs (contract_tests.checks.run_state).
"""

from __future__ import annotations

from typing import Any

import schemathesis

from contract_tests import checks
from contract_tests.follow_up import ApiCase


@schemathesis.hook
def before_call(context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
    checks.snapshot_before_merge(case, kwargs)
