"""A run stopped by a signal (Ctrl-C, a cancelled CI job) fails its reports and exits 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.contract.conftest import ROOT, refuse


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell starts a background job


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT-from-background"])
def test_a_signal_stops_the_run_and_replaces_an_older_green_report(tmp_path: Path, signum: int) -> None:
    report = tmp_path / "reports" / "conformance.xml"
    report.parent.mkdir()
    report.write_text('<testsuites failures="0"><testsuite name="old" failures="0"/></testsuites>')
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SMARTSENDER_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "contract_tests.conform", "--max-examples", "30", "--stateful-examples", "10"],
        cwd=tmp_path, env={**environment, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, preexec_fn=_ignore_sigint,  # noqa: PLW1509 (no threads here)
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.lstrip().startswith("["):  # the first test is done: the run is under way
            break
    process.send_signal(signum)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 2, output
    assert "error: the run was interrupted" in output
    assert "Traceback" not in output
    root = ET.parse(report).getroot()  # noqa: S314 (our own report)
    assert root.get("failures") != "0"
    assert any(case.get("name") == "the run was interrupted" for case in root.iter("testcase"))


def test_a_run_in_this_process_leaves_the_signal_handlers_as_it_found_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    refuse(tmp_path, monkeypatch, capsys, "--max-rate", "0")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
