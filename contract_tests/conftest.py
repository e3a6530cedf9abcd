"""pytest wiring of the contract tests: the suite, a fresh sandbox per test, and no token in any report."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from contract_tests.suite import Suite, build_suite


@pytest.fixture(scope="session")
def suite() -> Suite:
    return build_suite()


@pytest.fixture(autouse=True)
def _fresh_sandbox(suite: Suite) -> None:
    suite.reset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Masks the token in failure reports (pytest prints a case's headers in tracebacks)."""
    report = yield
    token = build_suite().token
    if report.longrepr is not None and token in str(report.longrepr):
        report.longrepr = str(report.longrepr).replace(token, "***")
    report.sections = [(name, text.replace(token, "***")) for name, text in report.sections]
    return report
