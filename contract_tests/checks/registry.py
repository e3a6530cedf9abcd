"""How a semantic check is registered, and what it may raise."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.core.failures import Failure, Severity

from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, Inconclusive

Check = Callable[[CheckContext, Response, ApiCase], bool | None]


def semantic_check(check: Check) -> Check:
    """Registers `check` with schemathesis. A check whose follow-up read was rate-limited passes
    (it proved nothing) and is counted, so the run can say how many were left undecided."""

    @functools.wraps(check)
    def guarded(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
        try:
            return check(ctx, response, case)
        except Inconclusive:
            state_of(case).count_inconclusive()
            return None

    schemathesis.check(guarded)
    return guarded


def fail(kind: type[Failure], case: ApiCase, message: str) -> NoReturn:
    raise kind(operation=case.operation.label, message=message, severity=Severity.HIGH)


INFERRED = "(an inferred rule: the vendor does not document it)"


class PagingMismatch(Failure):
    kind_title = "Page does not match its cursor"


class PagingIncomplete(Failure):
    kind_title = "Pages skip or repeat items"


class SearchMismatch(Failure):
    kind_title = "Search result does not match the term"


class UpdateNotVisible(Failure):
    kind_title = "Update not visible on the next read"


class InvalidValueStored(Failure):
    kind_title = "Invalid value stored instead of skipped"


class MergeRuleBroken(Failure):
    kind_title = "Merge does not follow the union rule"


class DeletedContactReadable(Failure):
    kind_title = "Deleted contact still readable"


class CreatedGateUnreadable(Failure):
    kind_title = "Created contact or gate not readable"


class ForeignContactVisible(Failure):
    kind_title = "Contact of another project visible"


class ViewsDisagree(Failure):
    kind_title = "Views of one contact disagree"
