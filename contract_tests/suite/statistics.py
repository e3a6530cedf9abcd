"""Per-operation figures of a run: cases sent, follow-up requests, checks run and failures.

Filled by two schemathesis hooks: `after_call` sees every case sent (generated ones, and the
hand-made follow-ups of checks), `after_validate` sees the result of every check run on an answer.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from schemathesis import Response
from schemathesis.engine import Status

from contract_tests.follow_up import ApiCase


@dataclass
class OperationFigures:
    cases: int = 0
    probes: int = 0  # cases sent with a method the operation's path does not document
    follow_ups: int = 0
    checks: int = 0
    failed_checks: int = 0
    distinct_failures: set[tuple[str, str]] = field(default_factory=set)
    phases: Counter[str] = field(default_factory=Counter)


class RunStatistics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.operations: defaultdict[str, OperationFigures] = defaultdict(OperationFigures)
        self.answers = 0
        self.rate_limited = 0  # answers with status 429: the cases behind them checked nothing

    def after_call(self, context: Any, case: ApiCase, response: Response) -> None:
        with self._lock:
            self.answers += 1
            self.rate_limited += response.status_code == 429
            figures = self.operations[case.operation.label]
            if case.meta is None:  # built by hand: a check's follow-up request
                figures.follow_ups += 1
                return
            if case.method.upper() != case.operation.method.upper():
                figures.probes += 1
            else:
                figures.cases += 1
            figures.phases[str(case.meta.phase.name.value)] += 1

    def after_validate(self, context: Any, case: ApiCase, response: Response, results: list[Any]) -> None:
        with self._lock:
            figures = self.operations[case.operation.label]
            figures.checks += len(results)
            for result in results:
                if result.status == Status.FAILURE:
                    figures.failed_checks += 1
                    figures.distinct_failures.add((result.name, getattr(result.failure, "title", "")))

    def totals(self) -> OperationFigures:
        with self._lock:  # the progress thread asks while tests run
            return self._totals()

    def _totals(self) -> OperationFigures:
        total = OperationFigures()
        for figures in self.operations.values():
            total.cases += figures.cases
            total.probes += figures.probes
            total.follow_ups += figures.follow_ups
            total.checks += figures.checks
            total.failed_checks += figures.failed_checks
            total.distinct_failures |= figures.distinct_failures
            total.phases.update(figures.phases)
        return total
