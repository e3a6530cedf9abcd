"""The command line of scripts/conform, made from the table of settings (contract_tests.settings).

Options are read as text and turned into values by the same code that reads the environment, so an
option and its variable take the same values and are refused with the same message. The command
line reads only the base URL and the token from the environment.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from contract_tests.settings import (
    BY_NAME,
    SETTINGS,
    RunSettings,
    SettingsError,
    default_report,
    default_rule_summary,
    read_text,
)

DESCRIPTION = """Check an implementation of the Smart Sender Contacts API against the OpenAPI document.

With no options it checks the embedded sandbox. With --base-url and --token it checks another
server, reading only, throttled below the vendor's rate limit; writes need --allow-writes and the
ids they may touch. After the results it reports which of the document's rules the run verified.
Exit status: 0 when everything conforms; 1 when something does not, could not be checked, or the
run verified fewer rules than --min-rule-coverage asks; 2 for wrong options, an unreachable
target, an interrupted run or a report that cannot be written."""
EPILOG = """examples:
  %(prog)s                                        check the embedded sandbox
  %(prog)s --seed 1234                            replay a run
  SMARTSENDER_TOKEN=... %(prog)s --base-url https://api.smartsender.com      read-only
  %(prog)s --base-url URL --token T --allow-writes --contact-ids 12,34 --channel-ids 7

environment: SMARTSENDER_BASE_URL and SMARTSENDER_TOKEN stand in for --base-url and --token."""


def _variables() -> str:
    """The epilog's list of the variables behind the options (for plain pytest and schemathesis run)."""
    pairs = [f"{setting.option} {setting.variable}" for setting in SETTINGS if setting.variable]
    lines, line = [], " "
    for pair in pairs:
        if len(line) + len(pair) + 2 > 98:
            lines.append(line.rstrip(","))
            line = " "
        line += f" {pair},"
    lines.append(line.rstrip(","))
    title = "variables behind the options (plain `pytest contract_tests/suite` reads them):"
    return "\n\n" + "\n".join([title, *lines])


GROUPS = {
    "target": "target",
    "safety": "safety (non-sandbox targets)",
    "run": "run",
    "measure": "measuring this suite",
}


class OptionError(Exception):
    """An option argparse refused; the message says which and why (the usage line is printed)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # Raised rather than exiting, so that the runner can still replace an older JUnit report.
        self.print_usage(sys.stderr)
        raise OptionError(message)


def parser(prog: str = "scripts/conform") -> argparse.ArgumentParser:
    """The options; `prog` is how the caller started the command (contract_tests.runner.commands)."""
    parser = _Parser(
        prog=prog,
        allow_abbrev=False,  # the replay line drops --token by its full name
        description=DESCRIPTION,
        epilog=EPILOG + _variables(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    groups = {key: parser.add_argument_group(title) for key, title in GROUPS.items()}
    for setting in SETTINGS:
        group = groups[setting.group]
        if setting.flag:
            group.add_argument(setting.option, dest=setting.name, action="store_true", help=setting.help)
        elif setting.repeatable:
            group.add_argument(
                setting.option,
                dest=setting.name,
                action="append",
                metavar=setting.metavar,
                help=f"{setting.help} (repeatable)",
            )
        else:
            group.add_argument(setting.option, dest=setting.name, metavar=setting.metavar, help=setting.help)
    return parser


def settings_from(arguments: argparse.Namespace, environ: Mapping[str, str] | None = None) -> RunSettings:
    """The run's settings: the options given, and the base URL and token from the environment when
    their options were not given. SettingsError says what is wrong."""
    env = os.environ if environ is None else environ
    given: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = getattr(arguments, setting.name)
        if setting.flag:
            value = True if raw else None
        elif raw is None:
            fallback = setting.from_caller_environment and setting.variable is not None
            value = read_text(setting, env.get(str(setting.variable), "")) if fallback else None
        elif setting.repeatable:
            value = read_text(setting, ",".join(raw))
        else:
            value = read_text(setting, raw)
            if value is None and setting.name == "base_url":
                continue  # --base-url '': the embedded sandbox, whatever SMARTSENDER_BASE_URL says
        if value is not None:
            given[setting.name] = value
    return RunSettings.from_values(given)


def report_paths(argv: Sequence[str] | None) -> tuple[Path | None, Path | None]:
    """Where the JUnit report and the rule summary go, read before the other options (which may be
    wrong); None for one whose option itself cannot be read."""
    return _early_path(argv, "junit_xml", default_report), _early_path(argv, "rule_summary", default_rule_summary)


def _early_path(argv: Sequence[str] | None, name: str, default: Callable[[], Path]) -> Path | None:
    setting = BY_NAME[name]
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    early.add_argument(setting.option, dest=name)
    try:
        known, _ = early.parse_known_args(argv)
        raw = getattr(known, name)
        path: Path | None = None if raw is None else read_text(setting, raw)
        return path or default()
    except (argparse.ArgumentError, SettingsError):
        return None
