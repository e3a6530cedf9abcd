"""The conformance run's output: progress lines, failures, the per-operation table, JUnit XML.

A pytest plugin: it replaces pytest's own terminal output (the runner disables that) and masks
the token in everything it prints or writes.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pytest

from contract_tests.suite.statistics import OperationFigures, RunStatistics

PHASES = ("examples", "coverage", "fuzzing", "stateful")
MASK_ANYWHERE_LENGTH = 8


@dataclass
class TestOutcome:
    __test__ = False  # a test's result, not a test class for pytest to collect

    name: str
    outcome: str = "passed"  # passed, failed, skipped
    seconds: float = 0.0
    details: str = ""
    cases: int = 0


# schemathesis writes the reproduction of a failure as a curl command whose token it filtered out.
_FILTERED_AUTHORIZATION = "-H 'Authorization: [Filtered]'"
_AUTHORIZATION_FROM_ENVIRONMENT = '-H "Authorization: Bearer $SMARTSENDER_TOKEN"'


def pasteable(text: str) -> str:
    """Failure text whose curl commands run as pasted: the token comes from SMARTSENDER_TOKEN in
    the reader's shell, and still appears nowhere in the output."""
    return text.replace(_FILTERED_AUTHORIZATION, _AUTHORIZATION_FROM_ENVIRONMENT)


def mask(text: str, token: str) -> str:
    """`text` with the token replaced by ***."""
    if not token:
        return text
    if len(token) >= MASK_ANYWHERE_LENGTH:
        return text.replace(token, "***")
    # A short token (a local fake's "x") is also a piece of ordinary words: mask it only where it
    # stands alone, or "exception" would read "e***ception" and give the token away.
    return re.sub(rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])", "***", text)


@dataclass(eq=False)  # pytest keeps plugins in sets
class ConformanceReporter:
    token: str
    statistics: RunStatistics | None = None
    out: TextIO = sys.stdout
    outcomes: list[TestOutcome] = field(default_factory=list)
    collection_errors: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)  # of the JUnit test suite (the rule coverage)
    heartbeat_seconds: float = 15.0  # a slow test (rate-limited runs) reports progress this often
    throttle: str = ""  # the run's request rate limit, named when a test waits for it ("150 requests a minute")
    _current: TestOutcome | None = None  # tests run one at a time
    _started: float = 0.0
    _last_line: float = 0.0
    _cases_at_start: int = 0
    _cases_at_last_line: int = 0
    _total: int = 0
    _write_lock: threading.Lock = field(default_factory=threading.Lock)

    def mask(self, text: str) -> str:
        return mask(text, self.token)

    def mask_json(self, value: Any) -> Any:
        """A JSON value with the token masked in every string of it."""
        if isinstance(value, str):
            return self.mask(value)
        if isinstance(value, dict):
            return {key: self.mask_json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.mask_json(item) for item in value]
        return value

    def write(self, line: str = "") -> None:
        with self._write_lock:  # the progress thread writes too
            self.out.write(self.mask(line) + "\n")
            self.out.flush()

    # -- pytest hooks -----------------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._total = len(session.items)  # after -k has deselected what it does not match

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(self.mask(str(report.longrepr)))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._current = TestOutcome(describe(item))
        self._started = self._last_line = time.monotonic()
        self._cases_at_start = self._cases_at_last_line = self._cases()

    def heartbeat(self) -> None:
        """Says that a long test is still going, and how far it got, once every heartbeat_seconds."""
        now = time.monotonic()
        current = self._current
        if current is None or now - self._last_line < self.heartbeat_seconds:
            return
        self._last_line = now
        cases = self._cases()
        waiting = (
            f" (none since the last line: throttled to {self.throttle}, or waiting for an answer)"
            if (self.throttle and cases == self._cases_at_last_line)
            else ""
        )
        self._cases_at_last_line = cases
        done = cases - self._cases_at_start
        self.write(f"         ... {current.name}: {done} cases so far, {now - self._started:.0f} s{waiting}")

    @contextlib.contextmanager
    def heartbeats(self) -> Iterator[None]:
        """Beats from a thread of its own while the block runs: a throttled run sends its requests in
        bursts and then waits, so beating after requests would go quiet for a minute at a time."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(min(1.0, self.heartbeat_seconds)):
                self.heartbeat()

        thread = threading.Thread(target=beat, name="conformance-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = self._current
        if outcome is None:
            return
        if report.failed:
            outcome.outcome = "failed"
            outcome.details = pasteable(self.mask(report.longreprtext))
        elif report.skipped and outcome.outcome == "passed":
            outcome.outcome = "skipped"
            outcome.details = self.mask(
                str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
            )
        if report.when == "teardown":
            outcome.seconds = time.monotonic() - self._started
            outcome.cases = self._cases() - self._cases_at_start
            self.outcomes.append(outcome)
            self._current = None
            status = {"passed": "ok", "failed": "FAILED", "skipped": "skipped"}[outcome.outcome]
            cases = f"  {outcome.cases:>5} cases" if outcome.cases else ""
            why = f"  ({outcome.details.removeprefix('Skipped: ')})" if outcome.outcome == "skipped" else ""
            position = f"[{len(self.outcomes):>2}/{self._total}]"
            self.write(f"  {position} {outcome.name:<58} {status:<7} {outcome.seconds:5.1f} s{cases}{why}")

    def _cases(self) -> int:
        if self.statistics is None:
            return 0
        totals = self.statistics.totals()
        return totals.cases + totals.probes

    # -- the end of the run -----------------------------------------------------------------------

    def report_failures(self) -> None:
        for error in self.collection_errors:
            self.write("\nThe contract tests could not be loaded:\n" + error)
        failed = [outcome for outcome in self.outcomes if outcome.outcome == "failed"]
        for outcome in failed:
            self.write(f"\n{'─' * 8} {outcome.name} {'─' * max(2, 90 - len(outcome.name))}")
            self.write(outcome.details.rstrip())

    def report_table(self) -> None:
        if self.statistics is None:
            return
        rows = sorted(self.statistics.operations.items())
        self.write(
            f"\n{'operation':<58}{'phases':>7}{'cases':>7}{'probes':>8}{'follow-ups':>12}{'checks':>9}{'failures':>10}"
        )
        for label, figures in rows:
            self.write(_row(label, figures))
        totals = self.statistics.totals()
        self.write(_row("total", totals))
        phases = ", ".join(f"{name} {totals.phases[name]}" for name in PHASES)
        self.write(f"cases per phase (E, C, F, S above): {phases}")

    def write_junit(self, path: Path, suite_name: str, seconds: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        failures = sum(outcome.outcome == "failed" for outcome in self.outcomes)
        skipped = sum(outcome.outcome == "skipped" for outcome in self.outcomes)
        root = ET.Element(
            "testsuite",
            name=suite_name,
            tests=str(len(self.outcomes)),
            failures=str(failures + len(self.collection_errors)),
            errors="0",
            skipped=str(skipped),
            time=f"{seconds:.3f}",
        )
        if self.properties:
            listed = ET.SubElement(root, "properties")
            for name, value in self.properties:
                ET.SubElement(listed, "property", name=name, value=self.mask(value))
        for outcome in self.outcomes:
            testcase = ET.SubElement(
                root, "testcase", classname="conformance", name=outcome.name, time=f"{outcome.seconds:.3f}"
            )
            if outcome.outcome == "failed":
                failure = ET.SubElement(testcase, "failure", message=self.mask(failure_summary(outcome.details)))
                failure.text = self.mask(outcome.details)
            elif outcome.outcome == "skipped":
                ET.SubElement(testcase, "skipped", message=self.mask(outcome.details[:300]))
        for error in self.collection_errors:
            testcase = ET.SubElement(root, "testcase", classname="conformance", name="loading the contract tests")
            ET.SubElement(testcase, "failure", message="collection error").text = self.mask(error)
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def failure_summary(details: str) -> str:
    """One line for CI's failure list: the titles of schemathesis' failures ("- ST901 Merge does
    not follow the union rule"), else pytest's first error line, else the last line."""
    lines = [line.strip() for line in details.strip().splitlines() if line.strip()]
    titles = [line.removeprefix("- ") for line in lines if line.startswith("- ")]
    errors = [line.removeprefix("E").strip() for line in lines if line.startswith("E ")]
    summary = "; ".join(titles) or (errors[0] if errors else (lines[-1] if lines else "failed"))
    return summary[:300]


def describe(item: pytest.Item) -> str:
    """A readable name for a test: the operation it checks, or what it is."""
    label = getattr(item, "operation_label", None)
    if label:
        return f"{label}"
    if item.name == "runTest":  # the state machine's test case
        return "stateful scenarios (following the document's links)"
    callspec: Any = getattr(item, "callspec", None)
    if isinstance(item, pytest.Function) and callspec is not None:
        return f"{item.originalname.removeprefix('test_').replace('_', ' ')}: {callspec.id}"
    return item.name.removeprefix("test_").replace("_", " ")


def _row(label: str, figures: OperationFigures) -> str:
    failures = len(figures.distinct_failures)
    phases = "".join(name[0].upper() if figures.phases[name] else "-" for name in PHASES)
    counts = f"{figures.cases:>7}{figures.probes:>8}{figures.follow_ups:>12}{figures.checks:>9}{failures:>10}"
    return f"{label[:57]:<58}{phases:>7}{counts}"
