"""`--help` of the shell scripts prints what the script does, and does nothing else."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.tooling.conftest import ROOT

pytestmark = pytest.mark.slow  # every test here starts a process or a server


@pytest.mark.parametrize(
    ("script", "first_words"),
    [
        ("lock", "Re-pins every Python dependency"),
        ("check-spec", "The spec gate"),
        ("test", "Runs everything CI runs"),
        ("generate", "Regenerates the typed Python client"),
        ("spec-changes", "Lists what changed in openapi/smartsender-contacts.yaml"),
        ("docs", "Writes the reference page"),
        ("test-typescript", "Proves the document in TypeScript at run time"),
        ("check-detection", "Proves that the contract tests catch every catalogued fault"),
    ],
)
def test_help_prints_the_scripts_header_and_changes_nothing(script: str, first_words: str) -> None:
    lock_before = (ROOT / "requirements" / "dev.lock").read_bytes()
    for flag in ("--help", "-h"):
        shown = subprocess.run(
            ["bash", str(ROOT / "scripts" / script), flag], capture_output=True, text=True, timeout=30, check=False
        )
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith(first_words)
        assert "==>" not in shown.stderr  # no step of the script ran
    assert (ROOT / "requirements" / "dev.lock").read_bytes() == lock_before


def test_a_relative_report_path_is_the_callers(tmp_path: Path) -> None:
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "conform"), "-k", "valid and listContacts", "--junit-xml", "out/report.xml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "out" / "report.xml").is_file()
    assert (tmp_path / "reports" / "rule-coverage.json").is_file()  # the rule summary's default, beside the caller
    assert run.stdout.rstrip().endswith("JUnit report: out/report.xml, rule summary: reports/rule-coverage.json")


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ("conform", "Check an implementation of the Smart Sender Contacts API against the OpenAPI document."),
        ("serve", "Run the Smart Sender Contacts API sandbox"),
        ("bench-client", "a bulk job against the rate limit, with and without the client's pacing."),
    ],
)
def test_the_commands_that_parse_their_own_options_describe_themselves(script: str, words: str) -> None:
    shown = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert words in " ".join(shown.stdout.split())  # argparse wraps the description
