"""What a conformance run targets and how far it may go, read from the environment.

`scripts/conform` turns its options into these variables; they can also be set by hand to run
`pytest contract_tests` directly.

| variable | meaning |
|---|---|
| SMARTSENDER_BASE_URL | the server to check; unset: the embedded sandbox, in process |
| SMARTSENDER_TOKEN | its bearer token (required with a base URL) |
| SMARTSENDER_FOREIGN_CONTACT_ID | a contact of *another* project, for the tenancy check (optional) |
| SMARTSENDER_ALLOW_WRITES | `1`: send write operations to a non-sandbox target |
| SMARTSENDER_CONTACT_IDS | with writes: the only contact ids writes may touch (comma-separated) |
| SMARTSENDER_CHANNEL_IDS | with writes: the only channel ids creation may use |
| SMARTSENDER_EVENT_NAME | with writes: the only event a run fires (default `ConformanceCheck`) |
| SMARTSENDER_ALLOW_DESTRUCTIVE | `1`: also merge the second contact into the first, delete the third |
| SMARTSENDER_STRICT_VALIDATION | `1`: a non-sandbox target must refuse every request that breaks the document |
| SMARTSENDER_MAX_RATE | requests per minute at most (default 150 for non-sandbox targets, none for the sandbox) |
| SMARTSENDER_SEED | seed of the generated data; SMARTSENDER_DETERMINISTIC=1 for a fixed derivation |
| SMARTSENDER_MAX_EXAMPLES | generated cases per operation in the fuzzing phase |
| SMARTSENDER_STATEFUL_EXAMPLES | scenarios of the stateful phase |
| SMARTSENDER_SANDBOX_FAULTS | for measuring this suite: faults (sandbox/faults.py) for the embedded sandbox |
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SANDBOX_DEFAULTS = {"max_examples": 100, "stateful_examples": 60}
LIVE_DEFAULTS = {"max_examples": 5, "stateful_examples": 5, "max_rate": 150}
REQUEST_TIMEOUT_SECONDS = 10  # how long a request of the run waits for an answer
WRITE_METHODS = frozenset({"PUT", "POST", "DELETE", "PATCH"})
DESTRUCTIVE_OPERATIONS = frozenset({"uniteContacts", "deleteContact"})
DEFAULT_EVENT_NAME = "ConformanceCheck"  # an event no automation should listen for


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and what to do."""


@dataclass(frozen=True)
class RunSettings:
    base_url: str | None = None
    token: str | None = None
    foreign_contact_id: int | None = None
    allow_writes: bool = False
    allow_destructive: bool = False
    strict_validation: bool = False
    contact_ids: tuple[int, ...] = ()
    channel_ids: tuple[int, ...] = ()
    event_name: str = DEFAULT_EVENT_NAME
    max_rate: int | None = None
    seed: int | None = None
    deterministic: bool = False
    max_examples: int = SANDBOX_DEFAULTS["max_examples"]
    stateful_examples: int = SANDBOX_DEFAULTS["stateful_examples"]
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
        if self.is_sandbox or method.upper() not in WRITE_METHODS:
            return True
        if not self.allow_writes:
            return False
        if operation_id in DESTRUCTIVE_OPERATIONS:
            return self.allow_destructive
        if operation_id == "createChannelGate":
            return bool(self.channel_ids)
        return True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RunSettings:
        env = os.environ if environ is None else environ
        base_url = env.get("SMARTSENDER_BASE_URL") or None
        faults = frozenset(name for name in env.get("SMARTSENDER_SANDBOX_FAULTS", "").split(",") if name)
        if base_url is None:
            given = [_named(name) for name in _SERVER_ONLY if _given(env, name)]
            if given:
                raise SettingsError(
                    f"{', '.join(given)}: only for a --base-url target (the embedded sandbox is written "
                    "freely, and its tenancy check uses its own second project)"
                )
            return cls(
                seed=_integer(env, "SMARTSENDER_SEED"),
                deterministic=_flag(env, "SMARTSENDER_DETERMINISTIC"),
                max_rate=_integer(env, "SMARTSENDER_MAX_RATE", minimum=1),
                max_examples=_integer(env, "SMARTSENDER_MAX_EXAMPLES", minimum=1) or SANDBOX_DEFAULTS["max_examples"],
                stateful_examples=_integer(env, "SMARTSENDER_STATEFUL_EXAMPLES", minimum=1)
                or SANDBOX_DEFAULTS["stateful_examples"],
                sandbox_faults=faults,
            )
        if faults:
            raise SettingsError(
                f"sandbox faults apply to the embedded sandbox only, not to {base_url} (from --base-url or "
                "SMARTSENDER_BASE_URL): drop the faults, or pass --base-url '' for the embedded sandbox"
            )
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise SettingsError(f"base URL {base_url!r} is not an http(s) URL, e.g. https://api.smartsender.com")
        token = env.get("SMARTSENDER_TOKEN", "").strip()  # a line break read from a file with the token
        if not token:
            raise SettingsError(
                f"a token is needed with a base URL ({base_url}, from --base-url or SMARTSENDER_BASE_URL): pass "
                "--token or set SMARTSENDER_TOKEN; to check the embedded sandbox instead, pass --base-url ''"
            )
        if not _TOKEN_CHARACTERS.fullmatch(token):
            raise SettingsError(
                "the token (--token or SMARTSENDER_TOKEN) holds a character no bearer token has: a space or "
                "a line break inside it, or a letter outside ASCII (a Cyrillic look-alike?); copy it again "
                "from the project's Integrations tab"
            )
        allow_writes = _flag(env, "SMARTSENDER_ALLOW_WRITES")
        contact_ids = _ids(env, "SMARTSENDER_CONTACT_IDS")
        channel_ids = _ids(env, "SMARTSENDER_CHANNEL_IDS")
        allow_destructive = _flag(env, "SMARTSENDER_ALLOW_DESTRUCTIVE")
        event_name = env.get("SMARTSENDER_EVENT_NAME", "")
        if event_name and not event_name.strip():
            raise SettingsError(f"{_named('SMARTSENDER_EVENT_NAME')} must name an event, not {event_name!r}")
        if allow_writes and not contact_ids:
            raise SettingsError("--allow-writes needs --contact-ids: the contacts that writes may touch, e.g. 12,34")
        if (contact_ids or channel_ids or allow_destructive or event_name) and not allow_writes:
            raise SettingsError(
                "--contact-ids, --channel-ids, --event-name and --allow-destructive only apply with --allow-writes"
            )
        if allow_destructive and len(contact_ids) < 3:
            raise SettingsError(
                "--allow-destructive needs at least three --contact-ids (a merge removes one, a delete another)"
            )
        return cls(
            base_url=base_url.rstrip("/"),
            token=token,
            foreign_contact_id=_integer(env, "SMARTSENDER_FOREIGN_CONTACT_ID", minimum=1),
            allow_writes=allow_writes,
            allow_destructive=allow_destructive,
            strict_validation=_flag(env, "SMARTSENDER_STRICT_VALIDATION"),
            contact_ids=contact_ids,
            channel_ids=channel_ids,
            event_name=event_name or DEFAULT_EVENT_NAME,
            max_rate=_integer(env, "SMARTSENDER_MAX_RATE", minimum=1) or LIVE_DEFAULTS["max_rate"],
            seed=_integer(env, "SMARTSENDER_SEED"),
            deterministic=_flag(env, "SMARTSENDER_DETERMINISTIC"),
            max_examples=_integer(env, "SMARTSENDER_MAX_EXAMPLES", minimum=1) or LIVE_DEFAULTS["max_examples"],
            stateful_examples=_integer(env, "SMARTSENDER_STATEFUL_EXAMPLES", minimum=1)
            or LIVE_DEFAULTS["stateful_examples"],
        )


_SERVER_ONLY = (
    "SMARTSENDER_ALLOW_WRITES",
    "SMARTSENDER_CONTACT_IDS",
    "SMARTSENDER_CHANNEL_IDS",
    "SMARTSENDER_EVENT_NAME",
    "SMARTSENDER_ALLOW_DESTRUCTIVE",
    "SMARTSENDER_FOREIGN_CONTACT_ID",
)
_TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # visible ASCII: what an HTTP header carries safely

_OPTIONS = {
    "SMARTSENDER_FOREIGN_CONTACT_ID": "--foreign-contact-id",
    "SMARTSENDER_ALLOW_WRITES": "--allow-writes",
    "SMARTSENDER_CONTACT_IDS": "--contact-ids",
    "SMARTSENDER_CHANNEL_IDS": "--channel-ids",
    "SMARTSENDER_ALLOW_DESTRUCTIVE": "--allow-destructive",
    "SMARTSENDER_EVENT_NAME": "--event-name",
    "SMARTSENDER_STRICT_VALIDATION": "--strict-validation",
    "SMARTSENDER_MAX_RATE": "--max-rate",
    "SMARTSENDER_SEED": "--seed",
    "SMARTSENDER_DETERMINISTIC": "--deterministic",
    "SMARTSENDER_MAX_EXAMPLES": "--max-examples",
    "SMARTSENDER_STATEFUL_EXAMPLES": "--stateful-examples",
}


def _named(variable: str) -> str:
    """How a message names a setting: by the option of scripts/conform and the variable behind it."""
    option = _OPTIONS.get(variable)
    return f"{option} ({variable})" if option else variable


def _given(env: Mapping[str, str], name: str) -> bool:
    return _flag(env, name) if name.startswith("SMARTSENDER_ALLOW_") else bool(env.get(name, "").strip())


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in {"", "0", "false", "no"}:
        return False
    if value in {"1", "true", "yes"}:
        return True
    raise SettingsError(f"{_named(name)} must be 1 or 0, not {value!r}")


def _integer(env: Mapping[str, str], name: str, minimum: int | None = None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{_named(name)} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingsError(f"{_named(name)} must be at least {minimum}, not {value}")
    return value


def _ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return ()
    try:
        ids = tuple(int(part) for part in raw.split(","))
    except ValueError:
        raise SettingsError(f"{_named(name)} must be comma-separated ids like 12,34,56, not {raw!r}") from None
    if any(value < 1 for value in ids):
        raise SettingsError(f"{_named(name)} holds ids below 1: {raw!r}")
    repeated = sorted({value for value in ids if ids.count(value) > 1})
    if repeated:
        # Roles go by position (a destructive run deletes the third contact): a repeat would shift them.
        raise SettingsError(f"{_named(name)} lists {', '.join(map(str, repeated))} more than once: {raw!r}")
    return ids
