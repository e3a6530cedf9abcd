"""The command line of scripts/conform: its options, and the settings they stand for.

Every option has an environment variable behind it (contract_tests.settings reads those), so the
runner turns the options into variables; SMARTSENDER_BASE_URL and SMARTSENDER_TOKEN may also come
from the caller's environment.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from contract_tests.settings import DEFAULT_EVENT_NAME, SANDBOX_DEFAULTS

DESCRIPTION = """Check an implementation of the Smart Sender Contacts API against the OpenAPI document.

With no options it checks the embedded sandbox. With --base-url and --token it checks another
server, reading only, throttled below the vendor's rate limit; writes need --allow-writes and the
ids they may touch. Exit status: 0 when everything conforms; 1 when something does not, or could
not be checked; 2 for wrong options, an unreachable target, an interrupted run or a JUnit report
that cannot be written."""
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JUNIT = ROOT / "reports" / "conformance.xml"
EPILOG = """examples:
  scripts/conform                                        check the embedded sandbox
  scripts/conform --seed 1234                            replay a run
  SMARTSENDER_TOKEN=... scripts/conform --base-url https://api.smartsender.com      read-only
  scripts/conform --base-url URL --token T --allow-writes --contact-ids 12,34 --channel-ids 7

environment: SMARTSENDER_BASE_URL and SMARTSENDER_TOKEN stand in for --base-url and --token."""


class OptionError(Exception):
    """An option argparse refused; the message says which and why (the usage line is printed)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # Raised rather than exiting, so that the runner can still replace an older JUnit report.
        self.print_usage(sys.stderr)
        raise OptionError(message)


def junit_path(argv: Sequence[str] | None) -> Path | None:
    """Where the report goes, read before the other options (which may be wrong); None when
    --junit-xml itself cannot be read."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    early.add_argument("--junit-xml", type=callers_path, default=DEFAULT_JUNIT)
    try:
        known, _ = early.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    path: Path = known.junit_xml
    return path


def callers_path(text: str) -> Path:
    """A path as the caller meant it: scripts/ run from the repository root, so a relative path is
    read from the folder scripts/conform was started in (SMARTSENDER_CALLER_DIR)."""
    return caller_dir() / Path(text).expanduser()


def caller_dir() -> Path:
    return Path(os.environ.get("SMARTSENDER_CALLER_DIR") or Path.cwd())


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (0 would silently mean "the default")."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scripts/conform",
        allow_abbrev=False,  # the replay line drops --token by its full name
        description=DESCRIPTION,
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
        help="also merge the second of those contacts into the first and delete the third (both are gone afterwards)",
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
        type=callers_path,
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


def environment(arguments: argparse.Namespace, seed: int) -> dict[str, str]:
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
