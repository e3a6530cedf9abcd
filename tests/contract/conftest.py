"""Running `scripts/conform` against a sandbox served over HTTP that records every request."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from contract_tests import runner
from sandbox import Response, SandboxConfig
from sandbox.faults import Deviation
from sandbox.testing import RunningSandbox, running_sandbox

ROOT = Path(__file__).resolve().parents[2]
# A small budget: these tests are about safety and reporting, not about finding bugs.
SMALL_RUN = ["--max-examples", "3", "--stateful-examples", "3", "--max-rate", "100000", "--deterministic"]


class RecordingSandbox(Deviation):
    """A sandbox that remembers the method and path of every request it answers."""

    def __init__(self, config: SandboxConfig) -> None:
        super().__init__(config)
        self.requests: list[tuple[str, str]] = []
        self.bodies: list[bytes | None] = []  # of each request, in the same order
        self._lock = threading.Lock()

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        with self._lock:
            self.requests.append((method, path))
            self.bodies.append(body)
        return super().respond(method, path, query_string, headers, body)


def requests_of(server: RunningSandbox) -> list[tuple[str, str]]:
    """(method, path) of every request a RecordingSandbox answered."""
    assert isinstance(server.app, RecordingSandbox)
    return server.app.requests


@pytest.fixture
def recording_server() -> Iterator[RunningSandbox]:
    app = RecordingSandbox(SandboxConfig(rate_limit=False))
    with running_sandbox(app=app) as server:
        yield server


@dataclass(frozen=True)
class ConformRun:
    status: int
    output: str
    folder: Path

    @property
    def junit_failures(self) -> list[str] | None:
        """`test name: failure message` of each failed test in the run's JUnit report; None without one."""
        report = self.folder / "reports" / "junit.xml"
        if not report.exists():
            return None
        root = ET.parse(report).getroot()  # noqa: S314 (our own report)
        return [
            f"{testcase.get('name')}: {failure.get('message')}"
            for testcase in root.iter("testcase")
            for failure in testcase.iter("failure")
        ]


def refuse(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *arguments: str,
    token: str | None = None,
) -> ConformRun:
    """Runs the runner in this process, from `folder`, for a run that is refused before its tests
    start (wrong options, an unreachable target): as run_conform, without a process of its own."""
    for key in [key for key in os.environ if key.startswith("SMARTSENDER_")]:
        monkeypatch.delenv(key)
    if token is not None:
        monkeypatch.setenv("SMARTSENDER_TOKEN", token)
    monkeypatch.chdir(folder)
    status = runner.main(["--junit-xml", str(folder / "reports" / "junit.xml"), *arguments])
    assert status != 0, "the run was not refused: use run_conform for a run that goes ahead"
    captured = capsys.readouterr()
    return ConformRun(status, captured.out + captured.err, folder)


def run_conform(folder: Path, *arguments: str, token: str | None = None) -> ConformRun:
    """Runs the runner in a fresh process, from `folder`, and returns its status and output."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SMARTSENDER_")}
    if token is not None:
        environment["SMARTSENDER_TOKEN"] = token
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "contract_tests.conform",
            "--junit-xml",
            str(folder / "reports" / "junit.xml"),
            *arguments,
        ],
        cwd=folder,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return ConformRun(completed.returncode, completed.stdout + completed.stderr, folder)
