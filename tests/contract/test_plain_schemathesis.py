"""The configurations shipped for plain `schemathesis run`: schemathesis.toml loads this suite's
checks, and schemathesis-readonly.toml keeps a run against a real API to reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox import SandboxConfig
from sandbox.faults import with_faults
from sandbox.testing import RunningSandbox, running_sandbox
from tests.contract.conftest import RecordingSandbox, requests_of

pytestmark = pytest.mark.slow  # every test here starts a process or a server

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def schemathesis_run(
    server: RunningSandbox, *config: str, run: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`schemathesis [config] run ... [run]` from the repository root, as the README shows it."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SMARTSENDER_")}
    command = [str(SCHEMATHESIS), *config, "run", "openapi/smartsender-contacts.yaml", "--url", server.base_url]
    return subprocess.run(
        [*command, "--rate-limit", "100000/m", "--seed", "1", *run],
        cwd=ROOT,
        env={**environment, "SMARTSENDER_TOKEN": server.token},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_read_only_configuration_sends_nothing_but_reads() -> None:
    with running_sandbox(app=RecordingSandbox(SandboxConfig(rate_limit=False))) as server:
        run = schemathesis_run(server, "--config-file", "schemathesis-readonly.toml")
        methods = {method for method, _ in requests_of(server)}
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Selected: 11/24" in run.stdout  # the eleven GET operations
    assert methods == {"GET"}


def test_the_default_configuration_runs_the_semantic_checks() -> None:
    app = with_faults({"update-not-persisted", "error-code-mismatch"}, RecordingSandbox)(
        SandboxConfig(rate_limit=False)
    )
    with running_sandbox(app=app) as server:
        run = schemathesis_run(server, run=("--max-examples", "5"))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "ST901 Update not visible on the next read" in run.stdout
    assert "ST901 Error envelope disagrees with its answer" in run.stdout  # a check written for a rule of the inventory
