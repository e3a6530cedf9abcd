"""What a conformance run targets and how far it may go: `RunSettings`, and `SETTINGS`, the one
table of every setting.

The table is the only place a setting is described. `scripts/conform`'s options and their `--help`
(contract_tests.runner.options), the environment variables that plain `pytest` and `schemathesis run`
read (`RunSettings.from_environment`, at the edge only), and the way an error message names a
setting ("--max-rate (SMARTSENDER_MAX_RATE)") are all derived from it. The command line reads only
the base URL and the token from the environment (`from_caller_environment`): a stale variable must
never switch on writes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openapi_document

REQUEST_TIMEOUT_SECONDS = 10  # how long a request of the run waits for an answer
WRITE_METHODS = frozenset({"PUT", "POST", "DELETE", "PATCH"})
DESTRUCTIVE_OPERATIONS = frozenset({"uniteContacts", "deleteContact"})
DEFAULT_EVENT_NAME = "ConformanceCheck"  # an event no automation should listen for
# The one text a run sends as a message, to the first allow-listed contact, with --send-messages only.
MESSAGE_TEXT = "Conformance check of the Smart Sender API: please ignore this message."
TAG_OPERATIONS = frozenset({"addContactTag", "removeContactTag"})
FUNNEL_OPERATIONS = frozenset({"addContactFunnel", "removeContactFunnel"})
MESSAGE_OPERATIONS = frozenset({"sendContactMessage"})
_TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # visible ASCII: what an HTTP header carries safely


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and what to do."""


class Invalid(ValueError):
    """A value a setting cannot take; the message says what it must be ("a whole number of at least 1")."""


def caller_dir() -> Path:
    """The folder the command was started in: scripts/ run from the repository root, and say where
    they were started in SMARTSENDER_CALLER_DIR."""
    return Path(os.environ.get("SMARTSENDER_CALLER_DIR") or Path.cwd())


def default_report() -> Path:
    """reports/conformance.xml in the folder the command was started in."""
    return caller_dir() / "reports" / "conformance.xml"


def default_rule_summary() -> Path:
    """reports/rule-coverage.json in the folder the command was started in."""
    return caller_dir() / "reports" / "rule-coverage.json"


# -- how a setting's text becomes its value -------------------------------------------------------


def _positive_int(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise Invalid("a whole number of at least 1")
    return int(text)


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise Invalid("a whole number") from None


def _ids(text: str) -> tuple[int, ...]:
    parts = text.strip().split(",")
    if not all(part.strip().isascii() and part.strip().isdigit() for part in parts):
        raise Invalid("comma-separated ids like 12,34,56")
    ids = tuple(int(part) for part in parts)
    if any(value < 1 for value in ids):
        raise Invalid("ids of at least 1")
    repeated = sorted({value for value in ids if ids.count(value) > 1})
    if repeated:
        # Roles go by position (a destructive run deletes the third contact): a repeat would shift them.
        raise Invalid(f"ids listed once each ({', '.join(map(str, repeated))} is repeated)")
    return ids


_KEY = re.compile(r"[A-Za-z0-9._~-]+")  # what a path segment carries as it is


def _keys(text: str) -> tuple[str, ...]:
    keys = tuple(part.strip() for part in text.strip().split(","))
    if not all(_KEY.fullmatch(key) for key in keys):
        raise Invalid("comma-separated keys of letters, digits, '.', '_', '~' or '-', like 12,ab-3")
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise Invalid(f"keys listed once each ({', '.join(repeated)} is repeated)")
    return keys


def _base_url(text: str) -> str | None:
    """None (the embedded sandbox) for an empty text, else an http(s) URL without its final slash."""
    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise Invalid("an http(s) URL, e.g. https://api.smartsender.com (or '' for the embedded sandbox)")
    return text.rstrip("/")


def _token(text: str) -> str:
    token = text.strip()  # a line break read from a file with the token
    if token and not _TOKEN_CHARACTERS.fullmatch(token):
        raise Invalid(
            "visible ASCII: it holds a space or a line break inside it, or a letter outside ASCII (a Cyrillic "
            "look-alike?); copy it again from the project's Integrations tab"
        )
    return token


def _percentage(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise Invalid("a percentage from 0 to 100, e.g. 80 or 92.5") from None
    if not 0 <= value <= 100:
        raise Invalid("a percentage from 0 to 100, e.g. 80 or 92.5")
    return value


def _event_name(text: str) -> str:
    if not text.strip():
        raise Invalid("the name of an event")
    return text


def _names(text: str) -> frozenset[str]:
    return frozenset(name.strip() for name in text.split(",") if name.strip())


def _callers_path(text: str) -> Path:
    """A path as the caller meant it: relative to the folder the command was started in."""
    return caller_dir() / Path(text.strip()).expanduser()


def _text(text: str) -> str:
    return text.strip()


# -- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str  # the field of RunSettings
    option: str  # of scripts/conform
    help: str
    group: str  # where --help lists it: target, safety, run, measure
    variable: str | None = None  # the environment variable behind it; None: a command-line option only
    parse: Callable[[str], Any] = _text  # text (of the option or the variable) to value; raises Invalid
    metavar: str | None = None
    flag: bool = False  # an option without a value; in the environment 1 or 0
    repeatable: bool = False  # the option may be given again; in the environment, comma-separated
    scope: str = "any"  # "server": only with a --base-url target
    from_caller_environment: bool = False  # the command line falls back to the variable
    secret: bool = False  # never shown in a message (the token)

    @property
    def named(self) -> str:
        """How a message names the setting: "--max-rate (SMARTSENDER_MAX_RATE)"."""
        return f"{self.option} ({self.variable})" if self.variable else self.option


SETTINGS: tuple[Setting, ...] = (
    Setting("base_url", "--base-url", "server to check (default: SMARTSENDER_BASE_URL, else the embedded sandbox; "
            "'' for the sandbox)", "target", "SMARTSENDER_BASE_URL", _base_url, "URL", from_caller_environment=True),
    Setting("token", "--token", "its bearer token (better: the SMARTSENDER_TOKEN variable)", "target",
            "SMARTSENDER_TOKEN", _token, "TOKEN", from_caller_environment=True, secret=True),
    Setting("foreign_contact_id", "--foreign-contact-id", "a contact of another project: must stay invisible",
            "target", "SMARTSENDER_FOREIGN_CONTACT_ID", _positive_int, "ID", scope="server"),
    Setting("spec", "--spec", "the OpenAPI document to check against (default: the toolkit's own, "
            "openapi/smartsender-contacts.yaml)", "target", "SMARTSENDER_SPEC", _callers_path, "PATH"),
    Setting("allow_writes", "--allow-writes", "send updates, events, notes and creations too", "safety",
            "SMARTSENDER_ALLOW_WRITES", flag=True, scope="server"),
    Setting("contact_ids", "--contact-ids", "with --allow-writes: the only contacts writes may touch, e.g. 12,34,56",
            "safety", "SMARTSENDER_CONTACT_IDS", _ids, "IDS", scope="server"),
    Setting("channel_ids", "--channel-ids", "with --allow-writes: the only channels creation may use", "safety",
            "SMARTSENDER_CHANNEL_IDS", _ids, "IDS", scope="server"),
    Setting("event_name", "--event-name", f"with --allow-writes: the only event to fire (default "
            f"{DEFAULT_EVENT_NAME}, which nothing listens for)", "safety", "SMARTSENDER_EVENT_NAME", _event_name,
            "NAME", scope="server"),
    Setting("tag_ids", "--tag-ids", "with --allow-writes: the only tags the run may add to and remove from those "
            "contacts (each contact gets its own tags back at the end); without it no tag is added or removed",
            "safety", "SMARTSENDER_TAG_IDS", _ids, "IDS", scope="server"),
    Setting("funnel_keys", "--funnel-keys", "with --allow-writes: the only funnels (by serviceKey) the run may add "
            "those contacts to and remove them from (undone at the end); without it no funnel is touched", "safety",
            "SMARTSENDER_FUNNEL_KEYS", _keys, "KEYS", scope="server"),
    Setting("send_messages", "--send-messages", f"with --allow-writes: send one message, {MESSAGE_TEXT!r}, to the "
            "first of --contact-ids (it reaches a real person; the generated phases never send one)", "safety",
            "SMARTSENDER_SEND_MESSAGES", flag=True, scope="server"),
    Setting("allow_destructive", "--allow-destructive", "also merge the second of those contacts into the first and "
            "delete the third (both are gone afterwards)", "safety", "SMARTSENDER_ALLOW_DESTRUCTIVE", flag=True,
            scope="server"),
    Setting("strict_validation", "--strict-validation", "fail when the target accepts a request that breaks the "
            "document (always so for the sandbox)", "safety", "SMARTSENDER_STRICT_VALIDATION", flag=True),
    Setting("max_rate", "--max-rate", "at most N requests a minute (default 150; none for the sandbox)", "safety",
            "SMARTSENDER_MAX_RATE", _positive_int, "N"),
    Setting("seed", "--seed", "seed of the generated data (printed by every run, to replay it)", "run",
            "SMARTSENDER_SEED", _integer),
    Setting("deterministic", "--deterministic", "the same cases on every run, whatever the seed", "run",
            "SMARTSENDER_DETERMINISTIC", flag=True),
    Setting("max_examples", "--max-examples", "fuzzing cases per operation (default 75; 5 for live targets)", "run",
            "SMARTSENDER_MAX_EXAMPLES", _positive_int, "N"),
    Setting("stateful_examples", "--stateful-examples", "stateful scenarios (default 60; 5 for live targets)", "run",
            "SMARTSENDER_STATEFUL_EXAMPLES", _positive_int, "N"),
    Setting("junit_xml", "--junit-xml", "JUnit report (default reports/conformance.xml)", "run", None,
            _callers_path, "PATH"),
    Setting("rule_summary", "--rule-summary", "the rule coverage as JSON, for CI (default reports/rule-coverage.json)",
            "run", None, _callers_path, "PATH"),
    Setting("min_rule_coverage", "--min-rule-coverage", "fail the run when it verifies less than PCT percent of "
            "the document's rules (default: report only)", "run", None, _percentage, "PCT"),
    Setting("progress_every", "--progress-every", "while one test runs long (a throttled live run), report its "
            "progress this often (default 15)", "run", None, _positive_int, "SECONDS"),
    Setting("operations", "--operation", "only this operation (an operationId of the document, e.g. getContact)",
            "run", "SMARTSENDER_OPERATIONS", _names, "ID", repeatable=True),
    Setting("keyword", "-k", "only the tests whose names match (pytest -k)", "run", None, _text, "EXPR"),
    Setting("sandbox_faults", "--sandbox-fault", "measure this suite: break the embedded sandbox (see "
            "sandbox/faults/catalogue.py)", "measure", "SMARTSENDER_SANDBOX_FAULTS", _names, "NAME", repeatable=True),
)  # fmt: skip
BY_NAME = {setting.name: setting for setting in SETTINGS}
SANDBOX_DEFAULTS: dict[str, Any] = {"max_examples": 75, "stateful_examples": 60, "max_rate": None}
LIVE_DEFAULTS: dict[str, Any] = {"max_examples": 5, "stateful_examples": 5, "max_rate": 150}


def named(name: str) -> str:
    return BY_NAME[name].named


@dataclass(frozen=True)
class RunSettings:
    base_url: str | None = None
    token: str | None = None
    foreign_contact_id: int | None = None
    spec: Path = openapi_document.DEFAULT_SPEC_PATH
    allow_writes: bool = False
    allow_destructive: bool = False
    strict_validation: bool = False
    contact_ids: tuple[int, ...] = ()
    channel_ids: tuple[int, ...] = ()
    event_name: str = DEFAULT_EVENT_NAME
    tag_ids: tuple[int, ...] = ()
    funnel_keys: tuple[str, ...] = ()
    send_messages: bool = False
    max_rate: int | None = None
    seed: int | None = None
    deterministic: bool = False
    max_examples: int = SANDBOX_DEFAULTS["max_examples"]
    stateful_examples: int = SANDBOX_DEFAULTS["stateful_examples"]
    junit_xml: Path = field(default_factory=default_report)
    rule_summary: Path = field(default_factory=default_rule_summary)
    min_rule_coverage: float | None = None
    progress_every: int = 15
    operations: frozenset[str] = field(default_factory=frozenset)  # empty: every operation
    keyword: str | None = None
    sandbox_faults: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_sandbox(self) -> bool:
        return self.base_url is None

    @property
    def merged_contact_id(self) -> int | None:
        """The allowed contact a destructive run merges into the first one: the second id."""
        return self.contact_ids[1] if self.allow_destructive else None

    @property
    def deleted_contact_id(self) -> int | None:
        """The allowed contact a destructive run deletes: the third id."""
        return self.contact_ids[2] if self.allow_destructive else None

    @property
    def surviving_contact_ids(self) -> tuple[int, ...]:
        """The allowed contacts that outlive the run, which updates and events go to: all of them,
        or in a destructive run all but the merged and the deleted one (so later writes still
        find their contact)."""
        if not self.allow_destructive:
            return self.contact_ids
        return (self.contact_ids[0], *self.contact_ids[3:])

    def may_send(self, operation_id: str, method: str) -> bool:
        """Whether an operation is part of this run at all (the write guard then checks its ids)."""
        return self.exclusion(operation_id, method) is None

    def may_generate(self, operation_id: str, method: str) -> bool:
        """Whether the generated phases (examples, coverage, fuzzing, stateful) send the operation."""
        return self.may_send(operation_id, method) and self.generated_exclusion(operation_id) is None

    def generated_exclusion(self, operation_id: str) -> str | None:
        """Why an operation of the run is left out of its generated phases: on real servers a message
        reaches a real person, so only the smoke test sends one (the fixed text, to one contact)."""
        if self.is_sandbox or operation_id not in MESSAGE_OPERATIONS:
            return None
        return "a message reaches a real person: only the smoke test sends one (--send-messages), no generated phase"

    def exclusion(self, operation_id: str, method: str) -> str | None:
        """Why an operation is not part of this run (and which option would add it), or None."""
        if self.operations and operation_id not in self.operations:
            return "its operation is not in this run (--operation)"
        if self.is_sandbox or method.upper() not in WRITE_METHODS:
            return None
        return self.write_exclusion(operation_id)

    def write_exclusion(self, operation_id: str) -> str | None:
        """Why this run may send no request of a write operation to a real server, or None."""
        if not self.allow_writes:
            return "a read-only run sends no writes (--allow-writes)"
        needs = (
            (operation_id in DESTRUCTIVE_OPERATIONS and not self.allow_destructive,
             "it removes contacts, which needs --allow-destructive"),
            (operation_id == "createChannelGate" and not self.channel_ids, "creating contacts needs --channel-ids"),
            (operation_id in TAG_OPERATIONS and not self.tag_ids,
             "adding and removing tags needs --tag-ids (the tags the run may use)"),
            (operation_id in FUNNEL_OPERATIONS and not self.funnel_keys,
             "adding and removing funnels needs --funnel-keys (the funnels the run may use)"),
            (operation_id in MESSAGE_OPERATIONS and not self.send_messages,
             "a message reaches a real person: it needs --send-messages"),
        )  # fmt: skip
        return next((reason for missing, reason in needs if missing), None)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RunSettings:
        """The settings the SMARTSENDER_* variables give (for plain `pytest` and `schemathesis run`)."""
        env = os.environ if environ is None else environ
        given: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.variable is not None and setting.variable in env:
                value = read_text(setting, env[setting.variable])
                if value is not None:
                    given[setting.name] = value
        return cls.from_values(given)

    @classmethod
    def from_values(cls, given: Mapping[str, Any]) -> RunSettings:
        """The settings made of the values given (already read by `read_text`), checked together:
        SettingsError says what does not fit."""
        base_url = given.get("base_url")
        values = {**(SANDBOX_DEFAULTS if base_url is None else LIVE_DEFAULTS), **given}
        unknown = values.keys() - {f.name for f in fields(cls)}
        if unknown:
            raise SettingsError(f"not settings of a run: {', '.join(sorted(unknown))}")
        if base_url is None:
            _check_sandbox(given)
        else:
            _check_server(base_url, given)
        return cls(**values)


def read_text(setting: Setting, text: str) -> Any:
    """The value of a setting written as text (an option's or a variable's); None for "not given"
    (an empty text, or 0 for a flag). SettingsError names the setting when the text is wrong."""
    if setting.flag:
        lowered = text.strip().lower()
        if lowered in {"", "0", "false", "no"}:
            return None
        if lowered in {"1", "true", "yes"}:
            return True
        raise SettingsError(f"{setting.named} must be 1 or 0, not {text!r}")
    if not text:
        return None
    try:
        return setting.parse(text)
    except Invalid as error:
        shown = "" if setting.secret else f", not {text!r}"
        raise SettingsError(f"{setting.named} must be {error}{shown}") from None


def _check_sandbox(given: Mapping[str, Any]) -> None:
    server_only = [BY_NAME[name].named for name in given if BY_NAME[name].scope == "server"]
    if server_only:
        raise SettingsError(
            f"{', '.join(server_only)}: only for a --base-url target (the embedded sandbox is written "
            "freely, and its tenancy check uses its own second project)"
        )


def _check_server(base_url: str, given: Mapping[str, Any]) -> None:
    if given.get("sandbox_faults"):
        raise SettingsError(
            f"sandbox faults apply to the embedded sandbox only, not to {base_url} (from --base-url or "
            "SMARTSENDER_BASE_URL): drop the faults, or pass --base-url '' for the embedded sandbox"
        )
    if not given.get("token"):
        raise SettingsError(
            f"a token is needed with a base URL ({base_url}, from --base-url or SMARTSENDER_BASE_URL): pass "
            "--token or set SMARTSENDER_TOKEN; to check the embedded sandbox instead, pass --base-url ''"
        )
    writes = given.get("allow_writes", False)
    if writes and not given.get("contact_ids"):
        raise SettingsError("--allow-writes needs --contact-ids: the contacts that writes may touch, e.g. 12,34")
    needing_writes = ("contact_ids", "channel_ids", "event_name", "tag_ids", "funnel_keys", "send_messages",
                      "allow_destructive")  # fmt: skip
    if not writes and any(name in given for name in needing_writes):
        options = [BY_NAME[name].option for name in needing_writes]
        raise SettingsError(f"{', '.join(options[:-1])} and {options[-1]} only apply with --allow-writes")
    if given.get("allow_destructive") and len(given.get("contact_ids", ())) < 3:
        raise SettingsError(
            "--allow-destructive needs at least three --contact-ids (a merge removes one, a delete another)"
        )
