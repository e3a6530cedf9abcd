"""The command-line runner (scripts/conform, `python -m contract_tests.conform`): reads the options
(contract_tests.runner.options, from the table of settings), asks the target once before the run
(preflight), runs the pytest suite (contract_tests.suite) with its reporter as a plugin, and gives
the verdict, the rule coverage (runner.rule_report), the reports and the exit status (0 conforms;
1 does not, could not be checked, or verified fewer rules than --min-rule-coverage asks; 2 wrong
options, an unreachable target, an interrupted run, or a report that cannot be written)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import secrets
import shlex
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

import openapi_document
from contract_tests.runner import commands, options
from contract_tests.runner.preflight import preflight
from contract_tests.runner.reporting import ConformanceReporter, TestOutcome, mask
from contract_tests.runner.rule_report import RuleReport, write_summary
from contract_tests.settings import MESSAGE_TEXT, RunSettings, SettingsError, caller_dir
from contract_tests.suite import Suite, build_suite, running
from contract_tests.suite.statistics import RunStatistics

SUITE_FOLDER = Path(__file__).resolve().parents[1] / "suite"  # the pytest suite's own folder
SUITE_NAME = "smartsender-contacts-conformance"
MAX_RATE_LIMITED_SHARE = 0.05
NOT_RUN: dict[int, str] = {  # pytest's statuses for a run that judged nothing
    pytest.ExitCode.USAGE_ERROR: "see the error above",
    pytest.ExitCode.INTERNAL_ERROR: "see the error above",
    pytest.ExitCode.NO_TESTS_COLLECTED: "no test matched -k",
    pytest.ExitCode.INTERRUPTED: "interrupted, or the tests could not be loaded: see above",
}


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Runs scripts/conform with `argv` (default: the process's arguments); the run's lines go to
    `out` (default: the terminal), errors to standard error. The exit status."""
    with _interrupted_by_signals():
        try:
            return _main(argv, out)
        except KeyboardInterrupt:  # before the tests started (pytest reports one during them)
            token = os.environ.get("SMARTSENDER_TOKEN", "")
            return _refused(options.report_paths(argv), token, "the run was interrupted", 2)


@contextlib.contextmanager
def _interrupted_by_signals() -> Iterator[None]:
    """SIGTERM (a CI job cancelled) and SIGINT stop the run as Ctrl-C does: with a failing report
    and exit status 2, not with an older, green report left in place. SIGINT too, since a shell
    starts background jobs with it ignored. The handlers before the run are restored after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # None: not set from Python


def _main(argv: list[str] | None, out: TextIO | None) -> int:
    token = os.environ.get("SMARTSENDER_TOKEN", "")
    reports = options.report_paths(argv)
    try:
        arguments = options.parser(commands.conform()).parse_args(argv)
    except options.OptionError as error:
        return _refused(reports, token, str(error), 2)
    token = arguments.token or token
    try:
        settings = options.settings_from(arguments)
        _check(settings)
    except SettingsError as error:
        return _refused(reports, token, str(error), 2)
    seed = secrets.randbelow(2**31) if settings.seed is None else settings.seed
    settings = dataclasses.replace(settings, seed=seed)
    reports = (settings.junit_xml, settings.rule_summary)
    try:
        suite = build_suite(settings)
    except openapi_document.DocumentError as error:  # the embedded sandbox cannot serve it, say
        return _refused(reports, token, f"--spec: {error}", 2)
    refusal = preflight(settings)
    if refusal is not None:
        return _refused(reports, suite.token, refusal.message, refusal.status)
    replay = replay_command(sys.argv[1:] if argv is None else argv, seed)
    return _run(settings, suite, replay, out or _terminal())


def _check(settings: RunSettings) -> None:
    """What the settings cannot tell by themselves: whether the document can be read, the fault
    names, and whether the report can be written."""
    try:
        document = openapi_document.load(settings.spec)
        document.rules  # noqa: B018 (reading its rules checks its x-rules)
    except openapi_document.DocumentError as error:
        raise SettingsError(f"--spec: {error}") from None
    unknown = settings.operations - {operation.operation_id for operation in document.operations}
    if unknown:
        known = ", ".join(operation.operation_id for operation in document.operations)
        raise SettingsError(f"--operation {', '.join(sorted(unknown))}: not an operation of the document ({known})")
    if settings.sandbox_faults:
        from sandbox.faults import UnknownFault, check_fault_names  # noqa: PLC0415  (only when measuring)

        try:
            check_fault_names(settings.sandbox_faults)
        except UnknownFault as error:
            raise SettingsError(str(error)) from None
    for option, path in (("--junit-xml", settings.junit_xml), ("--rule-summary", settings.rule_summary)):
        report_problem = _unwritable_report(path, option)
        if report_problem:
            raise SettingsError(report_problem)


def _run(settings: RunSettings, suite: Suite, replay: str, out: TextIO) -> int:
    """Runs the contract tests, prints what they found and writes the JUnit report and the rule
    summary; the exit status."""
    reports = (settings.junit_xml, settings.rule_summary)
    reporter = ConformanceReporter(
        token=suite.token,
        statistics=suite.statistics,
        out=out,
        heartbeat_seconds=settings.progress_every,
        throttle=f"{settings.max_rate} requests a minute" if settings.max_rate else "",
    )
    for line in _describe(settings):
        reporter.write(line)
    started = time.monotonic()
    pytest_arguments = [
        str(SUITE_FOLDER),
        "--rootdir", str(SUITE_FOLDER.parents[1]),
        "-c", os.devnull,  # no configuration of the folder around it: installed, that is site-packages
        "-p", "no:terminal",
        "-p", "no:cacheprovider",
        "--hypothesis-seed", str(settings.seed),
    ]  # fmt: skip
    if settings.keyword:
        pytest_arguments += ["-k", settings.keyword]
    with running(suite), reporter.heartbeats():
        status = pytest.main(pytest_arguments, plugins=[reporter])
    seconds = time.monotonic() - started
    if status in NOT_RUN and not suite.connection_lost:  # a lost target stops the session too
        reporter.report_failures()  # a collection error is printed here
        if status == pytest.ExitCode.INTERRUPTED and reporter.outcomes:  # Ctrl-C after some tests
            interrupted = "the run was interrupted"
            return _refused(reports, suite.token, interrupted, 2, reporter=reporter, case=interrupted,
                            seconds=seconds)  # fmt: skip
        message = f"the contract tests did not run ({NOT_RUN[status]})"
        return _refused(reports, suite.token, message, 2, reporter=reporter)
    rules = RuleReport(suite.rules.outcomes())
    _report(reporter, suite, rules)
    conforms, verdict = _verdict(status, reporter, suite)
    if not conforms and not any(outcome.outcome == "failed" for outcome in reporter.outcomes):
        # Decided by the run as a whole (too many 429s, blocked writes): CI must see it failed too.
        reporter.outcomes.append(TestOutcome("the run as a whole", "failed", details=f"The target {verdict}"))
    too_few = rules.below(settings.min_rule_coverage)
    if too_few:
        reporter.outcomes.append(TestOutcome("rule coverage", "failed", details=f"{too_few[0].upper()}{too_few[1:]}"))
    reporter.properties = rules.junit_properties()
    summary = rules.summary(
        document=_shown(settings.spec), version=suite.document.version, target=_target_name(settings),
        result=verdict, threshold=settings.min_rule_coverage,
    )  # fmt: skip
    try:
        reporter.write_junit(settings.junit_xml, SUITE_NAME, seconds)
        write_summary(settings.rule_summary, reporter.mask_json(summary))
    except OSError as error:  # its folder went away during the run, say
        reporter.write(f"\nResult: the target {verdict}, in {seconds:.1f} s.")
        reporter.write(f"The reports could NOT be written to {_shown(Path(str(error.filename)))}: {error.strerror}")
        return 2
    reports_line = f"JUnit report: {_shown(settings.junit_xml)}, rule summary: {_shown(settings.rule_summary)}"
    reporter.write(f"\nResult: the target {verdict}, in {seconds:.1f} s. {reports_line}")
    if too_few:
        reporter.write(f"Rule coverage too low: {too_few}.")
    if not conforms:
        reporter.write(f"Replay with: {replay}")
    return 0 if conforms and not too_few else 1


def _refused(
    reports: tuple[Path | None, Path | None],
    token: str,
    message: str,
    status: int,
    *,
    reporter: ConformanceReporter | None = None,
    case: str = "the run could not start",
    seconds: float = 0.0,
) -> int:
    """Says why the run did not start (or finish), and leaves a failing JUnit report and a rule
    summary saying so where the run's would be, so that CI does not publish older, green ones.
    Returns the exit status."""
    print(f"{commands.conform()}: error: {mask(message, token)}", file=sys.stderr)
    report, summary = reports
    reporter = reporter or ConformanceReporter(token=token, out=io.StringIO())
    if report is not None and _unwritable_report(report) is None:
        reporter.outcomes.append(TestOutcome(case, "failed", details=message))
        with contextlib.suppress(OSError):
            reporter.write_junit(report, SUITE_NAME, seconds)
    if summary is not None and _unwritable_report(summary) is None:
        with contextlib.suppress(OSError):
            write_summary(summary, reporter.mask_json({"result": f"not checked: {message}", "totals": None}))
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
    return " ".join([commands.conform(), "--seed", str(seed), *kept])


def _unwritable_report(path: Path, option: str = "--junit-xml") -> str | None:
    """Why a report cannot be written to `path`, checked before a run spends any quota."""
    if path.is_dir():
        return f"{option} {_shown(path)} is a folder: name a file in it, e.g. {_shown(path / 'conformance.xml')}"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{option} {_shown(path)} is a file this user cannot write"
    folder = next(parent for parent in path.parents if parent.exists())
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return f"{option} {_shown(path)} cannot be written: {_shown(folder)} is not a folder this user can write"
    return None


def _report(reporter: ConformanceReporter, suite: Suite, rules: RuleReport) -> None:
    """Everything between the progress lines and the verdict."""
    if suite.tripwire.blocked:
        reporter.write("\nThe write guard blocked these requests (the run fails):")
        for message in sorted(set(suite.tripwire.blocked)):
            reporter.write(f"  {message}")
    if suite.undo.undone or suite.undo.problems:
        reporter.write(f"\nUndone at the end: {suite.undo.undone} requests put the contacts' tags and funnels back "
                       "and deleted the run's notes")  # fmt: skip
        for problem in suite.undo.problems:
            reporter.write(f"  could not undo (it stays): {problem}")
    reporter.report_failures()
    if suite.settings.is_sandbox and any(outcome.outcome == "failed" for outcome in reporter.outcomes):
        reporter.write(
            "\n(The curl commands name http://testserver, the sandbox inside this run. To replay one, start "
            f"`{commands.sandbox()}` with the same --inject-fault options and use its URL and token.)"
        )
    reporter.report_table()
    for line in rules.lines():
        reporter.write(line)
    rate_limited = _rate_limited(suite.statistics)
    if rate_limited:
        reporter.write(rate_limited)
    undecided = suite.state.inconclusive
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
        return False, "could not be checked: too many answers were 429 (failures may come from them)"
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


def _target_name(settings: RunSettings) -> str:
    if settings.is_sandbox:
        return "the embedded sandbox" + (
            f" with faults: {', '.join(sorted(settings.sandbox_faults))}" if settings.sandbox_faults else ""
        )
    return str(settings.base_url)


def _describe(settings: RunSettings) -> list[str]:
    target = _target_name(settings)
    if settings.is_sandbox:
        access = "all operations"  # (narrowed below by --operation)
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
    if settings.operations:
        access = f"only {', '.join(sorted(settings.operations))}" + ("" if settings.is_sandbox else f" ({access})")
    rate = f"at most {settings.max_rate} requests a minute" if settings.max_rate else "no rate limit"
    if not settings.is_sandbox and not settings.strict_validation:
        rate += "; invalid requests are sent but their acceptance is not judged (--strict-validation)"
    mode = "deterministic" if settings.deterministic else f"seed {settings.seed}"
    return [
        f"Checking {target} against {_shown(settings.spec)}",
        f"  {access}; {rate}; {settings.max_examples} fuzzing cases per operation, "
        f"{settings.stateful_examples} stateful scenarios; {mode}",
        *_sub_resources(settings),
    ]


def _sub_resources(settings: RunSettings) -> list[str]:
    """What a writing run does to the contacts' tags, funnels, notes and messages, and what it leaves out."""
    if settings.is_sandbox or not settings.allow_writes:
        return []
    tags = (
        f"adds and removes only the tags {', '.join(map(str, settings.tag_ids))}"
        if settings.tag_ids
        else "leaves tags alone (no --tag-ids: addContactTag and removeContactTag are left out)"
    )
    funnels = (
        f"only the funnels {', '.join(settings.funnel_keys)}"
        if settings.funnel_keys
        else "leaves funnels alone (no --funnel-keys: addContactFunnel and removeContactFunnel are left out)"
    )
    message = (
        f"sends one message, {MESSAGE_TEXT!r}, to contact {settings.contact_ids[0]} (the smoke test only)"
        if settings.send_messages
        else "sends no message (no --send-messages: sendContactMessage is left out)"
    )
    return [
        f"  {tags}; {funnels}; changes and deletes only the notes it creates; each contact gets its tags and "
        "funnels back and loses the run's notes at the end",
        f"  {message}",
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
        return str(path.resolve().relative_to(caller_dir().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
