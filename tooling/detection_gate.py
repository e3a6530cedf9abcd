"""The proof that the contract tests catch every catalogued fault (scripts/check-detection, a step
of scripts/test): each fault of sandbox/faults/ switched on in the embedded sandbox, in a run of
scripts/conform narrowed to the operations it breaks, must fail that run. A check that stops
catching its fault fails CI, naming the fault and the command that shows it.

The runs are deterministic (the same cases every time, so the verdict cannot change between two
CI runs of the same code) and smaller than a default run; they share processes, two at a time.

Usage: python -m tooling.detection_gate [--fault NAME ...] [--workers N]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import shlex
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openapi_document

BUDGET = ("--deterministic", "--max-examples", "25", "--stateful-examples", "20")
CAUGHT = 1  # scripts/conform's status for "does not conform"


@dataclass(frozen=True)
class Verdict:
    fault: str
    status: int
    seconds: float
    command: str  # what replays the run
    output: str  # the run's lines, shown when the fault was not caught

    @property
    def caught(self) -> bool:
        return self.status == CAUGHT


def narrowed_operations(fault_operations: Sequence[str]) -> list[str]:
    """The operations a fault's run is narrowed to: those it breaks, or the document's first one
    when it breaks every operation (any of them shows it)."""
    every = [operation.operation_id for operation in openapi_document.load().operations]
    return [every[0]] if set(every) <= set(fault_operations) else list(fault_operations)


def arguments(fault: str, operations: Sequence[str], report: Path) -> list[str]:
    narrowing = [part for operation in operations for part in ("--operation", operation)]
    return ["--sandbox-fault", fault, *narrowing, *BUDGET, "--junit-xml", str(report)]


def judge(fault: str) -> Verdict:
    """One fault's run (in a worker process)."""
    from contract_tests import runner  # noqa: PLC0415  (imported once per worker)
    from sandbox.faults import FAULTS  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="detection-") as folder:
        argv = arguments(fault, narrowed_operations(FAULTS[fault].operations), Path(folder) / "report.xml")
        out = io.StringIO()
        started = time.monotonic()
        status = runner.main(argv, out=out)
        seconds = time.monotonic() - started
    shown = [part for part in argv if not part.startswith(folder)]
    command = shlex.join(["scripts/conform", *shown[: shown.index("--junit-xml")]])
    return Verdict(fault, status, seconds, command, out.getvalue())


def _judged(faults: list[str], workers: int) -> Iterator[Verdict]:
    """The verdicts, in the order of `faults`: in this process for one worker, else in that many."""
    if workers <= 1:
        yield from map(judge, faults)
        return
    # Forked workers start with the imports of this process; spawned ones would import everything again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(judge, faults)


def main(argv: Sequence[str] | None = None) -> int:
    from sandbox.faults import FAULTS, UnknownFault, check_fault_names  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="scripts/check-detection", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fault", action="append", default=[], metavar="NAME", help="only this fault (repeatable)")
    parser.add_argument(
        "--workers", type=int, default=2, metavar="N", help="runs at a time (default 2; 1: in this process)"
    )
    args = parser.parse_args(argv)
    try:
        check_fault_names(frozenset(args.fault))
    except UnknownFault as error:
        parser.error(str(error))
    faults = args.fault or list(FAULTS)
    started = time.monotonic()
    verdicts = []
    for verdict in _judged(faults, args.workers):
        mark = "caught" if verdict.caught else "MISSED" if verdict.status == 0 else f"status {verdict.status}"
        print(f"  {verdict.fault:<32} {mark:<8} {verdict.seconds:5.1f} s   {verdict.command}", flush=True)
        verdicts.append(verdict)
    missed = [verdict for verdict in verdicts if not verdict.caught]
    seconds = time.monotonic() - started
    print(f"{len(verdicts) - len(missed)} of {len(verdicts)} catalogued faults caught, in {seconds:.1f} s")
    for verdict in missed:
        why = "passed" if verdict.status == 0 else f"ended with status {verdict.status}, not a finding"
        print(f"\n{verdict.fault}: the narrowed run {why}; replay it with\n  {verdict.command}\n{verdict.output}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
