"""pytest wiring of the contract tests: the run's suite, a fresh sandbox per test, and no token in any report."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Generator, Iterator

import pytest

from contract_tests.runner.reporting import mask
from contract_tests.settings import RunSettings
from contract_tests.suite import Suite, build_suite, current_suite, running
from contract_tests.suite.connection import failed_request, lost_connection, only_connection_errors, unreachable

_own_run = contextlib.ExitStack()


def pytest_configure(config: pytest.Config) -> None:
    """Under plain `pytest contract_tests/suite` nobody made a suite current: build one from the
    SMARTSENDER_* variables (the runner, scripts/conform, passes its own)."""
    try:
        current_suite()
    except RuntimeError:
        _own_run.enter_context(running(build_suite(RunSettings.from_environment())))


def pytest_unconfigure(config: pytest.Config) -> None:
    _own_run.close()


@pytest.fixture(scope="session")
def suite() -> Suite:
    return current_suite()


@pytest.fixture(scope="session", autouse=True)
def _undone_at_the_end(suite: Suite) -> Iterator[None]:
    """On real servers: the contacts get their tags and funnels back, and lose the run's notes."""
    if suite.sandbox is None:
        suite.undo.remember()
    yield
    if suite.sandbox is None:
        suite.undo.restore()


@pytest.fixture(autouse=True)
def _fresh_sandbox(suite: Suite) -> None:
    suite.reset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Reports a failure by what it says, not by its traceback through schemathesis and hypothesis
    (the message of a schemathesis failure holds the failed checks, the answer and a curl command),
    and masks the token (pytest would print a case's headers)."""
    report = yield
    suite = current_suite()
    token = suite.token
    if report.failed and call.excinfo is not None and report.when == "call":
        report.longrepr = _readable(call.excinfo.value)
        connection_error = lost_connection(call.excinfo.value)
        if connection_error is not None:
            line = f"a request failed: {failed_request(connection_error)}"
            # Alone, the failed request is the whole story; beside real findings it must not hide them.
            report.longrepr = line if only_connection_errors(call.excinfo.value) else f"{report.longrepr}\n\n{line}"
            _stop_if_gone(item, suite)
    if report.longrepr is not None:
        shown = str(report.longrepr)
        if mask(shown, token) != shown:
            report.longrepr = mask(shown, token)
    report.sections = [(name, mask(text, token)) for name, text in report.sections]
    return report


def _stop_if_gone(item: pytest.Item, suite: Suite) -> None:
    """After a failed request, one more: when that fails too, the target is gone, and the tests
    still to come would only repeat the error for minutes."""
    reason = unreachable(suite.settings)
    if reason is not None:
        suite.connection_lost = reason
        item.session.shouldstop = f"the target stopped answering: {reason}"


def _readable(error: BaseException) -> str:
    # First: schemathesis reports its failure groups to pytest as AssertionErrors too.
    if isinstance(error, BaseExceptionGroup) and error.message.startswith("Schemathesis found"):
        return str(error.message)
    if isinstance(error, AssertionError | pytest.fail.Exception):
        return f"{type(error).__name__}: {error}"
    return "".join(traceback.format_exception(error)).rstrip()
