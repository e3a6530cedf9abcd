"""scripts/bench-detection: which catalogued faults the contract tests catch, next to plain schemathesis.

For every fault of sandbox/faults.py, one at a time:
  - ours: `scripts/conform --sandbox-fault NAME` (the default suite, embedded sandbox);
  - plain: `schemathesis run --checks all` with the spec's bearer token, against the same faulty
    sandbox served over HTTP, from a folder without this repository's schemathesis.toml.
Both first run against the correct sandbox: a tool that fails there has false positives, and its
detection figures would mean nothing. Caught means the run exited with status 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sandbox_speed import _server
from sandbox.faults import CATALOGUE
from sandbox.openapi_document import DEFAULT_SPEC_PATH
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


def run_plain(fault: str | None, seed: int, max_examples: int) -> Outcome:
    port = free_port()
    serve = [sys.executable, "-m", "sandbox", "--port", str(port), "--no-rate-limit"]
    if fault:
        serve += ["--inject-fault", fault]
    command = [
        str(SCHEMATHESIS), "run", str(DEFAULT_SPEC_PATH), "--url", f"http://127.0.0.1:{port}",
        "-H", f"Authorization: Bearer {project_token(0, 1)}", "--checks", "all",
        "--max-examples", str(max_examples), "--seed", str(seed), "--generation-database", "none",
    ]  # fmt: skip
    with _server(serve, port), tempfile.TemporaryDirectory() as elsewhere:
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
    arguments = parser.parse_args(argv)
    faults = arguments.faults.split(",") if arguments.faults else sorted(CATALOGUE)
    unknown = sorted(set(faults) - CATALOGUE.keys())
    if unknown:
        parser.error(f"unknown faults: {', '.join(unknown)}")

    with tempfile.TemporaryDirectory() as reports:
        junit = Path(reports) / "junit.xml"
        print(f"{'fault':<32}{'ours':>16}{'plain schemathesis':>24}", flush=True)
        rows = []
        for fault in [None, *faults]:
            ours = run_ours(fault, arguments.seed, junit)
            plain = run_plain(fault, arguments.seed, arguments.max_examples)
            rows.append((fault, ours, plain))
            print(
                f"{fault or '(none: the correct sandbox)':<32}{_cell(ours, fault):>16}{_cell(plain, fault):>24}",
                flush=True,
            )
    baseline, faulty = rows[0], rows[1:]
    for name, outcome in (("ours", baseline[1]), ("plain schemathesis", baseline[2])):
        if outcome.caught:
            print(f"WARNING: {name} failed against the correct sandbox (a false positive); its figures are unreliable")
    ours_caught = sum(row[1].caught for row in faulty)
    plain_caught = sum(row[2].caught for row in faulty)
    ours_time = sum(row[1].seconds for row in faulty) / len(faulty)
    plain_time = sum(row[2].seconds for row in faulty) / len(faulty)
    ours_rate, plain_rate = f"{ours_caught}/{len(faulty)}", f"{plain_caught}/{len(faulty)}"
    print(f"\ndetection rate: ours {ours_rate} ({ours_caught / len(faulty):.0%}), "
          f"plain schemathesis {plain_rate} ({plain_caught / len(faulty):.0%})")  # fmt: skip
    print(f"mean time per faulty run: ours {ours_time:.1f} s, plain schemathesis {plain_time:.1f} s")
    print(f"against the correct sandbox: ours {baseline[1].seconds:.1f} s, plain {baseline[2].seconds:.1f} s")
    return 0


def _cell(outcome: Outcome, fault: str | None) -> str:
    if fault is None:
        verdict = "false alarm" if outcome.caught else "passes"
    else:
        verdict = "caught" if outcome.caught else "MISSED"
    return f"{verdict} {outcome.seconds:5.1f} s"


if __name__ == "__main__":
    sys.exit(main())
