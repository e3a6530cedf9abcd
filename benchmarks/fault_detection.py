"""scripts/bench-detection: which catalogued faults the contract tests catch, next to plain schemathesis.

For every fault of sandbox/faults/catalogue.py, one at a time:
  - ours: `scripts/conform --sandbox-fault NAME` (the default suite, embedded sandbox);
  - plain: `schemathesis run --checks all` with the spec's bearer token, against the same faulty
    sandbox served over HTTP, from a folder without this repository's schemathesis.toml;
  - with --live, also ours as it checks a real server (the faulty sandbox over HTTP, with the
    budget of live targets: 5 fuzzing cases per operation, 5 scenarios, and a --foreign-contact-id),
    read-only, and with every option that widens it (--allow-writes --allow-destructive on three
    contacts and one channel, --strict-validation).
Each first runs against the correct sandbox: a tool that fails there has false positives, and its
detection figures would mean nothing. Caught means the run exited with status 1.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import SERVER_CPU, serving
from openapi_document import DEFAULT_SPEC_PATH
from sandbox import SandboxConfig, create_app
from sandbox.faults import FAULTS
from sandbox.seed import project_token
from sandbox.testing import free_port

ROOT = Path(__file__).resolve().parents[1]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@dataclass(frozen=True)
class Outcome:
    caught: bool
    seconds: float


def run_ours(fault: str | None, seed: int, junit: Path) -> Outcome:
    command = [sys.executable, "-m", "contract_tests.conform", "--seed", str(seed), "--junit-xml", str(junit)]
    if fault:
        command += ["--sandbox-fault", fault]
    return _timed(command, cwd=ROOT)


def run_live(fault: str | None, seed: int, junit: Path, *, all_options: bool) -> Outcome:
    port = free_port()
    command = [
        sys.executable, "-m", "contract_tests.conform", "--seed", str(seed), "--junit-xml", str(junit),
        "--base-url", f"http://127.0.0.1:{port}", "--token", project_token(0, 1), "--max-rate", "100000",
    ]  # fmt: skip
    command += ["--foreign-contact-id", str(_foreign_contact())]
    if all_options:
        command += ["--allow-writes", "--allow-destructive", "--contact-ids", "1001,1002,1003", "--channel-ids", "15"]
        command += ["--strict-validation"]
    with serving(_serve_command(fault, port), port, cpu=SERVER_CPU):
        return _timed(command, cwd=ROOT)


@functools.cache
def _foreign_contact() -> int:
    """A contact of the sandbox's second project (the token is the first one's)."""
    app = create_app(SandboxConfig(rate_limit=False))
    return app.store.contact_sample(app.projects[1], 1).first_ids[0]


def _serve_command(fault: str | None, port: int) -> list[str]:
    serve = [sys.executable, "-m", "sandbox", "--port", str(port), "--no-rate-limit"]
    return [*serve, "--inject-fault", fault] if fault else serve


def run_plain(fault: str | None, seed: int, max_examples: int) -> Outcome:
    port = free_port()
    serve = _serve_command(fault, port)
    command = [
        str(SCHEMATHESIS), "run", str(DEFAULT_SPEC_PATH), "--url", f"http://127.0.0.1:{port}",
        "-H", f"Authorization: Bearer {project_token(0, 1)}", "--checks", "all",
        "--max-examples", str(max_examples), "--seed", str(seed), "--generation-database", "none",
    ]  # fmt: skip
    with serving(serve, port, cpu=SERVER_CPU), tempfile.TemporaryDirectory() as elsewhere:
        return _timed(command, cwd=Path(elsewhere))


def _timed(command: list[str], cwd: Path) -> Outcome:
    started = time.monotonic()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=900)
    seconds = time.monotonic() - started
    if completed.returncode not in (0, 1):
        tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-15:])
        raise SystemExit(f"{command[0]} ended with status {completed.returncode}:\n{tail}")
    return Outcome(caught=completed.returncode == 1, seconds=seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-detection", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--faults", help="comma-separated faults to try (default: the whole catalogue)")
    parser.add_argument("--seed", type=int, default=20261126, help="seed of both tools (default 20261126)")
    parser.add_argument(
        "--max-examples", type=int, default=100, help="plain schemathesis' --max-examples (default 100)"
    )
    parser.add_argument(
        "--live", action="store_true", help="also ours against a server, read-only and writing (twice as long)"
    )
    arguments = parser.parse_args(argv)
    faults = arguments.faults.split(",") if arguments.faults else sorted(FAULTS)
    unknown = sorted(set(faults) - FAULTS.keys())
    if unknown:
        parser.error(f"unknown faults: {', '.join(unknown)}")

    with tempfile.TemporaryDirectory() as reports:
        junit = Path(reports) / "junit.xml"
        tools: dict[str, Callable[[str | None], Outcome]] = {
            "ours": lambda fault: run_ours(fault, arguments.seed, junit),
            "plain schemathesis": lambda fault: run_plain(fault, arguments.seed, arguments.max_examples),
        }
        if arguments.live:
            tools["ours, live read-only"] = lambda fault: run_live(fault, arguments.seed, junit, all_options=False)
            tools["ours, live all options"] = lambda fault: run_live(fault, arguments.seed, junit, all_options=True)
        print(f"{'fault':<32}" + "".join(f"{name:>24}" for name in tools), flush=True)
        rows = []
        for fault in [None, *faults]:
            outcomes = [run(fault) for run in tools.values()]
            rows.append(outcomes)
            label = fault or "(none: the correct sandbox)"
            print(f"{label:<32}" + "".join(f"{_cell(outcome, fault):>24}" for outcome in outcomes), flush=True)
    baseline, faulty = rows[0], rows[1:]
    print()
    for column, name in enumerate(tools):
        if baseline[column].caught:
            print(f"WARNING: {name} failed against the correct sandbox (a false positive); its figures are unreliable")
        caught = sum(row[column].caught for row in faulty)
        mean = sum(row[column].seconds for row in faulty) / len(faulty)
        print(
            f"{name}: caught {caught}/{len(faulty)} ({caught / len(faulty):.0%}), {mean:.1f} s per faulty run, "
            f"{baseline[column].seconds:.1f} s against the correct sandbox"
        )
    return 0


def _cell(outcome: Outcome, fault: str | None) -> str:
    if fault is None:
        verdict = "false alarm" if outcome.caught else "passes"
    else:
        verdict = "caught" if outcome.caught else "MISSED"
    return f"{verdict} {outcome.seconds:5.1f} s"


if __name__ == "__main__":
    sys.exit(main())
