"""Check an implementation of the Smart Sender Contacts API against the OpenAPI document.

With no options it checks the embedded sandbox. With --base-url and --token it checks another
server, reading only, throttled below the vendor's rate limit; writes need --allow-writes and the
ids they may touch. Exit status: 0 when everything conforms, 1 when something does not, 2 for
wrong options.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pytest

from contract_tests.checks import inconclusive_checks
from contract_tests.preflight import preflight
from contract_tests.reporting import ConformanceReporter, TestOutcome, mask
from contract_tests.settings import DEFAULT_EVENT_NAME, SANDBOX_DEFAULTS, RunSettings, SettingsError
from contract_tests.stats import RunStatistics

if TYPE_CHECKING:
    from contract_tests.suite import Suite

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JUNIT = ROOT / "reports" / "conformance.xml"
SUITE_NAME = "smartsender-contacts-conformance"
MAX_RATE_LIMITED_SHARE = 0.05
NOT_RUN: dict[int, str] = {  # pytest's statuses for a run that judged nothing
    pytest.ExitCode.USAGE_ERROR: "see the error above",
    pytest.ExitCode.INTERNAL_ERROR: "see the error above",
    pytest.ExitCode.NO_TESTS_COLLECTED: "no test matched -k",
    pytest.ExitCode.INTERRUPTED: "interrupted, or the tests could not be loaded: see above",
}
EPILOG = """examples:
  scripts/conform                                        check the embedded sandbox
  scripts/conform --seed 1234                            replay a run
  SMARTSENDER_TOKEN=... scripts/conform --base-url https://api.smartsender.com      read-only
  scripts/conform --base-url URL --token T --allow-writes --contact-ids 12,34 --channel-ids 7

environment: SMARTSENDER_BASE_URL and SMARTSENDER_TOKEN stand in for --base-url and --token."""


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    seed = arguments.seed if arguments.seed is not None else secrets.randbelow(2**31)
    environment = _environment(arguments, seed)
    try:
        settings = RunSettings.from_environment(environment)
        if settings.sandbox_faults:
            from sandbox.faults import check_fault_names  # noqa: PLC0415  (only when measuring)

            check_fault_names(settings.sandbox_faults)
        report_problem = _unwritable_report(arguments.junit_xml)
        if report_problem:
            raise SettingsError(report_problem)
    except (SettingsError, ValueError) as error:
        return _refused(arguments.junit_xml, environment["SMARTSENDER_TOKEN"], str(error), 2)
    os.environ.update(environment)

    from contract_tests.suite import build_suite  # noqa: PLC0415  (reads the environment set above)

    suite = build_suite()
    refusal = preflight(settings)
    if refusal is not None:
        return _refused(arguments.junit_xml, suite.token, refusal.message, refusal.status)
    reporter = ConformanceReporter(
        token=suite.token,
        statistics=suite.statistics,
        out=_terminal(),
        heartbeat_seconds=arguments.progress_every,
        throttle=f"{settings.max_rate} requests a minute" if settings.max_rate else "",
    )
    for line in _describe(settings, seed):
        reporter.write(line)
    started = time.monotonic()
    pytest_arguments = [
        str(ROOT / "contract_tests"),
        "--rootdir", str(ROOT),
        "-p", "no:terminal",
        "-p", "no:cacheprovider",
        "--hypothesis-seed", str(seed),
    ]  # fmt: skip
    if arguments.keyword:
        pytest_arguments += ["-k", arguments.keyword]
    with reporter.heartbeats():
        status = pytest.main(pytest_arguments, plugins=[reporter])
    seconds = time.monotonic() - started
    if status in NOT_RUN and not suite.connection_lost:  # a lost target stops the session too
        reporter.report_failures()  # a collection error is printed here
        message = f"the contract tests did not run ({NOT_RUN[status]})"
        return _refused(arguments.junit_xml, suite.token, message, 2, reporter)
    _report(reporter, suite, settings)
    conforms, verdict = _verdict(status, reporter, suite)
    if not conforms and not any(outcome.outcome == "failed" for outcome in reporter.outcomes):
        # Decided by the run as a whole (too many 429s, blocked writes): CI must see it failed too.
        reporter.outcomes.append(TestOutcome("the run as a whole", "failed", details=f"The target {verdict}"))
    reporter.write_junit(arguments.junit_xml, SUITE_NAME, seconds)
    reporter.write(f"\nResult: the target {verdict}, in {seconds:.1f} s. JUnit report: {_shown(arguments.junit_xml)}")
    if not conforms:
        reporter.write(f"Replay with: {replay_command(sys.argv[1:] if argv is None else argv, seed)}")
    return 0 if conforms else 1


def _refused(report: Path, token: str, message: str, status: int, reporter: ConformanceReporter | None = None) -> int:
    """Says why nothing was checked, and leaves a failing JUnit report where the run's would be, so
    that CI does not publish an older, green one. Returns the exit status."""
    print(f"scripts/conform: error: {mask(message, token)}", file=sys.stderr)
    if _unwritable_report(report) is None:
        reporter = reporter or ConformanceReporter(token=token, out=io.StringIO())
        reporter.outcomes.append(TestOutcome("the run could not start", "failed", details=message))
        reporter.write_junit(report, SUITE_NAME, 0.0)
    return status


def replay_command(argv: list[str], seed: int) -> str:
    """The command that repeats this run: its options with the run's seed, without the token
    (it comes from SMARTSENDER_TOKEN, or --token as before)."""
    kept: list[str] = []
    skip_value = False
    for argument in argv:
        if skip_value:
            skip_value = False
        elif argument in ("--token", "--seed"):
            skip_value = True
        elif not argument.startswith(("--token=", "--seed=")):
            kept.append(shlex.quote(argument))
    return " ".join(["scripts/conform", "--seed", str(seed), *kept])


def _unwritable_report(path: Path) -> str | None:
    """Why the JUnit report cannot be written to `path`, checked before a run spends any quota."""
    if path.is_dir():
        return f"--junit-xml {_shown(path)} is a folder: name a file in it, e.g. {_shown(path / 'conformance.xml')}"
    if path.exists() and not os.access(path, os.W_OK):
        return f"--junit-xml {_shown(path)} is a file this user cannot write"
    folder = next(parent for parent in path.parents if parent.exists())
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return f"--junit-xml {_shown(path)} cannot be written: {_shown(folder)} is not a folder this user can write"
    return None


def _report(reporter: ConformanceReporter, suite: Suite, settings: RunSettings) -> None:
    """Everything between the progress lines and the verdict."""
    if suite.tripwire.blocked:
        reporter.write("\nThe write guard blocked these requests (the run fails):")
        for message in sorted(set(suite.tripwire.blocked)):
            reporter.write(f"  {message}")
    reporter.report_failures()
    if settings.is_sandbox and any(outcome.outcome == "failed" for outcome in reporter.outcomes):
        reporter.write(
            "\n(The curl commands name http://testserver, the sandbox inside this run. To replay one, start "
            "`scripts/serve` with the same --inject-fault options and use its URL and token.)"
        )
    reporter.report_table()
    rate_limited = _rate_limited(suite.statistics)
    if rate_limited:
        reporter.write(rate_limited)
    undecided = inconclusive_checks()
    if undecided:
        reporter.write(
            f"{undecided} checks could not decide: the target answered 429 to the requests they judge or "
            "send (another client shares the token's rate limit, --max-rate is too high, or the target "
            "rate-limits requests without a token)"
        )


def _verdict(status: int, reporter: ConformanceReporter, suite: Suite) -> tuple[bool, str]:
    failed = [outcome.name for outcome in reporter.outcomes if outcome.outcome == "failed"]
    throttled = suite.statistics.rate_limited > MAX_RATE_LIMITED_SHARE * max(suite.statistics.answers, 1)
    if suite.connection_lost:
        return False, f"could not be checked: it stopped answering ({suite.connection_lost}), so the run stopped"
    if throttled:
        return False, "could not be checked: too many answers were 429 (see above; failures may come from them)"
    if failed or status != pytest.ExitCode.OK or suite.tripwire.blocked:
        listed = ", ".join(failed[:4]) + ("..." if len(failed) > 4 else "")
        return False, f"does NOT conform ({len(failed)} failed: {listed})"
    return True, "conforms"


def _rate_limited(statistics: RunStatistics) -> str:
    """A warning when the target rate-limited the run: a 429 is a documented answer, so the cases
    behind it pass, having checked nothing."""
    if not statistics.rate_limited:
        return ""
    share = statistics.rate_limited / max(statistics.answers, 1)
    verdict = "the run fails" if share > MAX_RATE_LIMITED_SHARE else "the run still counts"
    return (
        f"{statistics.rate_limited} of {statistics.answers} answers were 429 ({share:.0%}), so those requests "
        f"checked nothing; {verdict} (at most {MAX_RATE_LIMITED_SHARE:.0%} may be). Lower --max-rate, or make "
        "sure no other client uses the token meanwhile."
    )


def _callers_path(text: str) -> Path:
    """A path as the caller meant it: scripts/ run from the repository root, so a relative path is
    read from the folder scripts/conform was started in (SMARTSENDER_CALLER_DIR)."""
    return _caller_dir() / Path(text).expanduser()


def _caller_dir() -> Path:
    return Path(os.environ.get("SMARTSENDER_CALLER_DIR") or Path.cwd())


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (0 would silently mean "the default")."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/conform",
        allow_abbrev=False,  # the replay line drops --token by its full name
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_argument_group("target")
    target.add_argument(
        "--base-url",
        metavar="URL",
        help="server to check (default: SMARTSENDER_BASE_URL, else the embedded sandbox; '' for the sandbox)",
    )
    target.add_argument("--token", metavar="TOKEN", help="its bearer token (better: the SMARTSENDER_TOKEN variable)")
    target.add_argument(
        "--foreign-contact-id",
        type=_positive_int,
        metavar="ID",
        help="a contact of another project: must stay invisible",
    )
    safety = parser.add_argument_group("safety (non-sandbox targets)")
    safety.add_argument("--allow-writes", action="store_true", help="send updates, events and creations too")
    safety.add_argument(
        "--contact-ids", metavar="IDS", help="with --allow-writes: the only contacts writes may touch, e.g. 12,34,56"
    )
    safety.add_argument("--channel-ids", metavar="IDS", help="with --allow-writes: the only channels creation may use")
    safety.add_argument(
        "--event-name",
        metavar="NAME",
        help=f"with --allow-writes: the only event to fire (default {DEFAULT_EVENT_NAME}, which nothing listens for)",
    )
    safety.add_argument(
        "--allow-destructive",
        action="store_true",
        help="also merge and delete those contacts (they are gone afterwards)",
    )
    safety.add_argument(
        "--strict-validation",
        action="store_true",
        help="fail when the target accepts a request that breaks the document (always so for the sandbox)",
    )
    safety.add_argument(
        "--max-rate",
        type=_positive_int,
        metavar="N",
        help="at most N requests a minute (default 150; none for the sandbox)",
    )
    run = parser.add_argument_group("run")
    run.add_argument("--seed", type=int, help="seed of the generated data (printed by every run, to replay it)")
    run.add_argument("--deterministic", action="store_true", help="the same cases on every run, whatever the seed")
    run.add_argument(
        "--max-examples",
        type=_positive_int,
        metavar="N",
        help=f"fuzzing cases per operation (default {SANDBOX_DEFAULTS['max_examples']}; 5 for live targets)",
    )
    run.add_argument(
        "--stateful-examples",
        type=_positive_int,
        metavar="N",
        help=f"stateful scenarios (default {SANDBOX_DEFAULTS['stateful_examples']}; 5 for live targets)",
    )
    run.add_argument(
        "--junit-xml",
        type=_callers_path,
        default=DEFAULT_JUNIT,
        metavar="PATH",
        help="JUnit report (default reports/conformance.xml)",
    )
    run.add_argument(
        "--progress-every",
        type=_positive_int,
        default=15,
        metavar="SECONDS",
        help="while one test runs long (a throttled live run), report its progress this often (default 15)",
    )
    run.add_argument("-k", dest="keyword", metavar="EXPR", help="only the tests whose names match (pytest -k)")
    run.add_argument(
        "--sandbox-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="measure this suite: break the embedded sandbox (see sandbox/faults.py)",
    )
    return parser


def _environment(arguments: argparse.Namespace, seed: int) -> dict[str, str]:
    return {
        # --base-url '' chooses the embedded sandbox even when the variable names a server.
        "SMARTSENDER_BASE_URL": os.environ.get("SMARTSENDER_BASE_URL", "")
        if arguments.base_url is None
        else arguments.base_url,
        "SMARTSENDER_TOKEN": arguments.token or os.environ.get("SMARTSENDER_TOKEN", ""),
        "SMARTSENDER_FOREIGN_CONTACT_ID": str(arguments.foreign_contact_id or ""),
        "SMARTSENDER_ALLOW_WRITES": "1" if arguments.allow_writes else "",
        "SMARTSENDER_CONTACT_IDS": arguments.contact_ids or "",
        "SMARTSENDER_CHANNEL_IDS": arguments.channel_ids or "",
        "SMARTSENDER_EVENT_NAME": arguments.event_name or "",
        "SMARTSENDER_ALLOW_DESTRUCTIVE": "1" if arguments.allow_destructive else "",
        "SMARTSENDER_STRICT_VALIDATION": "1" if arguments.strict_validation else "",
        "SMARTSENDER_MAX_RATE": str(arguments.max_rate or ""),
        "SMARTSENDER_SEED": str(seed),
        "SMARTSENDER_DETERMINISTIC": "1" if arguments.deterministic else "",
        "SMARTSENDER_MAX_EXAMPLES": str(arguments.max_examples or ""),
        "SMARTSENDER_STATEFUL_EXAMPLES": str(arguments.stateful_examples or ""),
        "SMARTSENDER_SANDBOX_FAULTS": ",".join(arguments.sandbox_fault),
    }


def _describe(settings: RunSettings, seed: int) -> list[str]:
    if settings.is_sandbox:
        target = "the embedded sandbox" + (
            f" with faults: {', '.join(sorted(settings.sandbox_faults))}" if settings.sandbox_faults else ""
        )
    else:
        target = str(settings.base_url)
    if settings.is_sandbox:
        access = "all operations"
    elif settings.allow_destructive:
        survivors = ", ".join(map(str, settings.surviving_contact_ids))
        access = (
            f"all operations: merges contact {settings.merged_contact_id} into another, deletes contact "
            f"{settings.deleted_contact_id}, writes to contacts {survivors} (which outlive the run)"
            + (f" and channels {list(settings.channel_ids)}" if settings.channel_ids else "")
            + f", firing only the event {settings.event_name!r}"
        )
    elif settings.allow_writes:
        access = (
            f"reads, and writes to contacts {list(settings.contact_ids)}"
            + (
                f" and channels {list(settings.channel_ids)}"
                if settings.channel_ids
                else " (no creation: no --channel-ids)"
            )
            + f", firing only the event {settings.event_name!r}"
        )
    else:
        access = "read-only"
    rate = f"at most {settings.max_rate} requests a minute" if settings.max_rate else "no rate limit"
    if not settings.is_sandbox and not settings.strict_validation:
        rate += "; invalid requests are sent but their acceptance is not judged (--strict-validation)"
    mode = "deterministic" if settings.deterministic else f"seed {seed}"
    return [
        f"Checking {target} against openapi/smartsender-contacts.yaml",
        f"  {access}; {rate}; {settings.max_examples} fuzzing cases per operation, "
        f"{settings.stateful_examples} stateful scenarios; {mode}",
    ]


def _terminal() -> TextIO:
    """Standard output as pytest's capture cannot take it (a copy of file descriptor 1), so that
    progress lines written while a test runs reach the terminal."""
    try:
        return os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    except (AttributeError, OSError, io.UnsupportedOperation):
        return sys.stdout


def _shown(path: Path) -> str:
    """The path relative to the caller's folder when it is inside it, else in full."""
    try:
        return str(path.resolve().relative_to(_caller_dir().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
