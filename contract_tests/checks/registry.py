"""How a semantic check is registered, which rules of the document it verifies, and what it may raise.

    @semantic_check(rules=("merge-removes-target", "merge-moves-gates"), when="successful merge")
    def merge_follows_the_rule(ctx, response, case): ...

`rules` names the rules the check verifies (behaviour rules by their name in the document's
`x-rules`, structural ones by their key, e.g. "body format int64"; openapi_document._rules), or,
for a rule of another operation than the one it checks, by the rule's id ("searchContacts:
search-finds-email-and-phone"). When the check returns None, or fails, it has judged those of
them that apply to the case's operation (and the rules named by id),
unless it said which ones it judged this time (`judging`, none when called without any). Returning
True means the check did not apply. `when` names the answers it judges ("successful merge"), `off`
says why the check cannot judge a rule of an operation on this run's target ("needs
--foreign-contact-id"), or None when it can.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.core.failures import Failure, Severity

from contract_tests.checks.run_state import RunState, state_of
from contract_tests.follow_up import ApiCase, Inconclusive

Check = Callable[[CheckContext, Response, ApiCase], bool | None]
Off = Callable[[RunState, str], str | None]  # (the run's state, an operationId) -> why the check cannot judge it


@dataclass(frozen=True)
class Declared:
    rules: frozenset[str]
    off: Off | None = None
    when: str = ""  # the answers it judges ("successful merge"): a run without one cannot exercise its rules

    def why_off(self, state: RunState, operation: str) -> str | None:
        return self.off(state, operation) if self.off is not None else None


DECLARED: dict[str, Declared] = {}  # the name of each semantic check -> what it verifies


@dataclass
class _Call:
    declared: frozenset[str]
    judged: frozenset[str] | None = field(default=None)


_current: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("semantic_check_call", default=None)


def judging(*rules: str) -> None:
    """Called by a check while it runs: this time it judged only these of its rules (none, without any)."""
    call = _current.get()
    if call is None:
        raise RuntimeError("judging() is for a semantic check while it runs")
    unknown = set(rules) - call.declared
    if unknown:
        raise ValueError(f"not rules the check declares: {', '.join(sorted(unknown))}")
    call.judged = frozenset(rules)


def semantic_check(*, rules: tuple[str, ...], when: str, off: Off | None = None) -> Callable[[Check], Check]:
    """Registers a check with schemathesis, with the rules it verifies. A check whose follow-up read
    was rate-limited passes (it proved nothing) and is counted, so the run can say how many were left
    undecided; it judged nothing."""
    if not rules:
        raise ValueError("a semantic check verifies at least one rule of the document")
    declared = frozenset(rules)

    def register(check: Check) -> Check:
        name = check.__name__

        @functools.wraps(check)
        def guarded(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
            call = _Call(declared)
            token = _current.set(call)
            try:
                outcome = check(ctx, response, case)
            except Inconclusive:
                state_of(case).count_inconclusive()
                return None
            except Failure:
                _judged(case, name, call)
                raise
            finally:
                _current.reset(token)
            if outcome is None:
                _judged(case, name, call)
            return outcome

        DECLARED[name] = Declared(declared, off, when)
        schemathesis.check(guarded)
        return guarded

    return register


def _judged(case: ApiCase, name: str, call: _Call) -> None:
    state = state_of(case)
    if state.on_judged is not None:
        state.on_judged(case, name, call.declared if call.judged is None else call.judged)


def live_only(state: RunState, operation: str) -> str | None:
    """`off` of the live versions of built-in checks: the built-in itself judges the embedded sandbox."""
    return None if state.live else "the built-in check judges the embedded sandbox"


def sandbox_only(reason: str) -> Off:
    """`off` of a check that real servers must not get (it writes where the write guard forbids)."""

    def off(state: RunState, operation: str) -> str | None:
        return reason if state.live else None

    return off


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


class UpdateAnswerWrong(Failure):
    kind_title = "Update answers state false"


class MergeRuleBroken(Failure):
    kind_title = "Merge does not follow the union rule"


class DeletedContactReadable(Failure):
    kind_title = "Deleted contact still readable"


class CreatedGateUnreadable(Failure):
    kind_title = "Created contact or gate not readable"


class RefusalMissing(Failure):
    kind_title = "Request the document refuses was not refused"


class ForeignContactVisible(Failure):
    kind_title = "Contact of another project visible"


class ViewsDisagree(Failure):
    kind_title = "Views of one contact disagree"


class ErrorEnvelopeWrong(Failure):
    kind_title = "Error envelope disagrees with its answer"


class ValueFormWrong(Failure):
    kind_title = "Value does not have its documented form"


class RateLimitHeaderWrong(Failure):
    kind_title = "Rate limit header out of its range"


class MembershipNotVisible(Failure):
    kind_title = "Tag or funnel change not visible, or a repeat changed it"


class NoteNotVisible(Failure):
    kind_title = "Note change not visible"


class MessageNotVisible(Failure):
    kind_title = "Sent message not answered or not listed"


class MessagesOutOfOrder(Failure):
    kind_title = "Messages not newest first"
