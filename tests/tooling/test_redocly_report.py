"""tooling.redocly_report: zero errors and zero warnings pass; anything else, or no report, fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tooling.conftest import run_module
from tooling.redocly_report import NO_REPORT, Totals, read_totals


def report(tmp_path: Path, errors: int, warnings: int) -> Path:
    path = tmp_path / "lint.json"
    path.write_text(json.dumps({"problems": [], "totals": {"errors": errors, "warnings": warnings, "ignored": 3}}))
    return path


@pytest.mark.slow
def test_a_clean_report_passes(tmp_path: Path) -> None:
    result = run_module("redocly_report", report(tmp_path, 0, 0))
    assert (result.returncode, result.stdout, result.stderr) == (0, "redocly lint: 0 errors, 0 warnings\n", "")


@pytest.mark.slow
@pytest.mark.parametrize(("errors", "warnings"), [(0, 1), (2, 0), (1, 3)])
def test_warnings_fail_like_errors(tmp_path: Path, errors: int, warnings: int) -> None:
    result = run_module("redocly_report", report(tmp_path, errors, warnings))
    assert result.returncode == 1
    assert result.stdout == f"redocly lint: {errors} errors, {warnings} warnings\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    "content",
    [
        None,
        "",
        "not json",
        "[]",
        '{"problems": []}',
        '{"totals": {"errors": 0}}',
        '{"totals": {"errors": "0", "warnings": 0}}',
    ],
    ids=["missing", "empty", "not-json", "list", "no-totals", "no-warnings", "not-a-count"],
)
def test_no_usable_report_fails_and_says_so(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "lint.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SystemExit) as raised:
        read_totals(path)
    assert raised.value.code == NO_REPORT == "redocly lint produced no report"
    result = run_module("redocly_report", path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "redocly lint produced no report\n")


def test_totals_are_read(tmp_path: Path) -> None:
    assert read_totals(report(tmp_path, 4, 5)) == Totals(errors=4, warnings=5)
