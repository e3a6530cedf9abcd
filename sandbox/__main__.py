"""Command line of the sandbox: `python -m sandbox` (what `scripts/serve` runs)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import uvicorn

from openapi_document import DEFAULT_SPEC_PATH, DocumentError
from sandbox.app import DOCUMENT_PATH, SandboxConfig
from sandbox.database import IN_MEMORY, DatabaseError
from sandbox.faults import FAULTS, UnknownFault, check_fault_names, with_faults
from sandbox.http_server import server_config
from sandbox.store import ContactSample

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787
DEFAULT_SEED = SandboxConfig.seed
DEFAULT_CONTACTS = SandboxConfig.contacts_per_project
BANNER_IDS = 3  # contact ids shown per project
BACKLOG = 2048  # uvicorn's own
INSTALLED = "smartsender-sandbox"  # the command of the installed toolkit


def _host(text: str) -> str:
    """An interface name or address; an IPv6 address may come in brackets, as URLs write it."""
    host = text.strip().removeprefix("[").removesuffix("]")
    if not host:
        raise argparse.ArgumentTypeError(f"{text!r} names no interface (e.g. 127.0.0.1, 0.0.0.0 or ::1)")
    return host


def _port(text: str) -> int:
    digits = text.strip()
    # isdigit() alone also passes superscripts such as "²", which int() then refuses.
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(digits)


def _allowance(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or int(digits) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of requests a minute (1 or more; --no-rate-limit switches the limit off)"
        )
    return int(digits)


def _db_path(text: str) -> str:
    """A database file; ":memory:" is SQLite's own name for the in-memory default, not a file name."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} names no file; give a file path, or leave --db out to keep the data in memory"
        )
    return text


class ListenError(OSError):
    """The sandbox cannot listen where it was asked to."""


def _listen(host: str, port: int) -> socket.socket:
    """A bound socket, before anything is printed: a taken port is reported instead of tokens."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        reason = error.strerror or str(error)
        raise ListenError(f"cannot listen on {host} port {port} ({reason}); choose another --port or --host") from None
    # Listening before the banner is printed: a client that connects as soon as it reads the base URL
    # (a CI job's next step) waits in the backlog until the server takes it, instead of being refused.
    listener.listen(BACKLOG)
    listener.set_inheritable(True)
    return listener


def _contacts(sample: ContactSample) -> str:
    """Like "41 contacts: 1001, 1002, 1003, ...": the first ids, not a range, since the ids of a
    project's new contacts come after those of every project."""
    if not sample.count:
        return "no contacts"
    more = ", ..." if sample.count > len(sample.first_ids) else ""
    return f"{sample.count} contact{'s' if sample.count > 1 else ''}: {', '.join(map(str, sample.first_ids))}{more}"


def _base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _prog() -> str:
    """How the caller started the sandbox: scripts/serve in a clone, smartsender-sandbox installed."""
    return INSTALLED if Path(sys.argv[0]).name == INSTALLED else "scripts/serve"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Run the Smart Sender Contacts API sandbox: a stateful local implementation of the API.",
        epilog="Faults (for testing contract tests; never on by default): "
        + ", ".join(sorted(FAULTS))
        + ". See sandbox/faults/catalogue.py.",
    )
    parser.add_argument(
        "--host", type=_host, default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument(
        "--db",
        type=_db_path,
        default=IN_MEMORY,
        metavar="PATH",
        help=f"keep the data in this SQLite file (created and seeded if missing); default: {IN_MEMORY} (in memory)",
    )
    parser.add_argument(
        "--spec",
        metavar="PATH",
        help="serve this copy of the OpenAPI document (default: the toolkit's own; its operations must be the "
        "sandbox's)",
    )
    parser.add_argument("--seed", type=int, help="seed of the generated data and tokens (default 0)")
    parser.add_argument(
        "--contacts",
        type=int,
        metavar="N",
        help=f"contacts per project in new data (default {DEFAULT_CONTACTS}, at least 2)",
    )
    limits = parser.add_mutually_exclusive_group()
    limits.add_argument(
        "--no-rate-limit", action="store_true", help="do not emulate the rate limit (the document's x-rate-limit)"
    )
    limits.add_argument(
        "--rate-limit",
        type=_allowance,
        metavar="N",
        help="allow N requests a minute per token instead of the document's x-rate-limit (the lock-outs stay its own)",
    )
    parser.add_argument(
        "--inject-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="break the contract on purpose in this way (repeatable; see the list below)",
    )
    parser.add_argument("--log-requests", action="store_true", help="log every request (slower)")
    return parser


def main(argv: list[str] | None = None) -> int:
    # A shell starts background jobs with SIGINT ignored, and Python then leaves it ignored: the
    # sandbox must still stop on `kill -INT` (uvicorn hands the signal back to this handler).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _serve(argv)
    except KeyboardInterrupt:  # Ctrl-C while a new --db is seeded, or while serving
        print("stopped", file=sys.stderr)
        return 130


def _serve(argv: list[str] | None) -> int:
    arguments = _parser().parse_args(argv)
    given_data_options = arguments.seed is not None or arguments.contacts is not None
    arguments.seed = DEFAULT_SEED if arguments.seed is None else arguments.seed
    arguments.contacts = DEFAULT_CONTACTS if arguments.contacts is None else arguments.contacts
    if arguments.contacts < 2:
        print(
            "error: --contacts must be at least 2 (the document's examples use contacts 1001 and 1002)", file=sys.stderr
        )
        return 2
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # scripts/serve runs from the repository root; a relative --db or --spec is the caller's.
    caller = Path(os.environ.get("SMARTSENDER_CALLER_DIR") or Path.cwd())
    config = SandboxConfig(
        db_path=IN_MEMORY if arguments.db == IN_MEMORY else str(caller / Path(arguments.db).expanduser()),
        spec_path=caller / Path(arguments.spec).expanduser() if arguments.spec else DEFAULT_SPEC_PATH,
        seed=arguments.seed,
        contacts_per_project=arguments.contacts,
        rate_limit=not arguments.no_rate_limit,
        requests_per_minute=arguments.rate_limit,
    )
    faults = frozenset(arguments.inject_fault)
    try:
        check_fault_names(faults)  # before the port: a typo is the first thing to hear about
    except UnknownFault as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        listener = _listen(arguments.host, arguments.port)
    except ListenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        app = with_faults(faults)(config)
    except (DatabaseError, DocumentError) as error:
        listener.close()
        print(f"error: {error}", file=sys.stderr)
        return 2
    base_url = _base_url(arguments.host, arguments.port)
    kept = "" if app.freshly_seeded else " (existing data kept"
    if kept and given_data_options:
        kept += "; --seed and --contacts apply only to a new file"
    lines = [
        f"Smart Sender Contacts API sandbox at {base_url}",
        f"  data: {config.db_path}{kept + ')' if kept else ''}",
        f"  document: {config.spec_path} (version {app.document_version}; GET {DOCUMENT_PATH} serves it)",
        "",
    ]
    for project in app.projects:
        lines += [
            f"  project {project.id} ({project.name}, {_contacts(app.store.contact_sample(project, BANNER_IDS))}):",
            f"    Authorization: Bearer {project.token}",
        ]
    limit = f"{app.rate_limit.requests_per_minute} requests a minute per token"
    lines += ["", f"  rate limit: {'off' if arguments.no_rate_limit else limit}"]
    if faults:
        lines += [
            "",
            f"  WARNING: faults injected, this sandbox breaks the contract: {', '.join(sorted(faults))}",
        ]
    print("\n".join(lines), flush=True)
    server = uvicorn.Server(
        server_config(
            app,
            log_level="info" if arguments.log_requests else "warning",
            access_log=arguments.log_requests,
            lifespan="on",
        )
    )
    server.run(sockets=[listener])
    return 0


if __name__ == "__main__":
    sys.exit(main())
