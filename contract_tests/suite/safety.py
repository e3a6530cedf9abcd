"""The write guard: what keeps a conformance run against a real API from touching what it may not.

Three layers, each enough on its own for the rule it owns:

1. selection (contract_tests.suite.build_suite): a read-only run includes only GET operations and sends no
   probes with undeclared methods; destructive operations need their own opt-in;
2. `rewrite` (a `before_call` hook): a write whose path names a contact or channel outside the
   allow-lists gets an allow-listed id instead, and the fields of `pinned_fields` get their one
   allowed value (whatever was generated, or if nothing was), in every phase (examples, coverage,
   fuzzing, stateful links, follow-ups of checks). So a writing run fires one event only, and
   creates at most one contact per allowed channel, however often it runs (a channel has one gate
   per messenger identifier);
3. `Tripwire`: wraps the HTTP session that schemathesis sends through and refuses, loudly, any
   request that breaks the rules anyway. It is the hard stop; a run that trips it fails.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import requests

from contract_tests.follow_up import ApiCase, is_operation
from contract_tests.settings import DESTRUCTIVE_OPERATIONS, UNGUARDED_WRITES, WRITE_METHODS, RunSettings

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CONTACT_PARAMETERS = ("contactId", "targetContactId")
# The only messenger user a writing run creates a contact for: a WhatsApp number (the identifier
# of that channel type) in no subscriber range, the same in every run.
CREATED_IDENTIFIER = "380000000001"


def pinned_fields(settings: RunSettings) -> dict[str, tuple[str, str]]:
    """operationId -> (body field, the only value a run may send in it)."""
    return {"createChannelGate": ("identifier", CREATED_IDENTIFIER), "fireContactEvent": ("name", settings.event_name)}


class UnsafeRequestBlocked(RuntimeError):
    """A request broke the run's safety rules and was not sent."""


class WriteGuard:
    def __init__(self, settings: RunSettings, operations: list[tuple[str, str, str]]) -> None:
        """`operations`: (operationId, METHOD, path template) of every operation in the document."""
        self.settings = settings
        # A server behind a proxy may live under a path (https://proxy/smartsender): routes follow it.
        # As requests sends it: unreserved characters unquoted (%2D as -).
        self._prefix = requests.utils.requote_uri(urlsplit(settings.base_url or "").path.rstrip("/"))
        self._routes = [
            (operation_id, method, re.compile(_PARAMETER.sub(r"(?P<\1>[^/]+)", path)))
            for operation_id, method, path in operations
        ]
        self._survivors: Iterator[int] = itertools.cycle(settings.surviving_contact_ids or (0,))
        self._pinned_fields = pinned_fields(settings)

    def rewrite(self, context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
        """`before_call` hook: points writes at allow-listed ids (the tripwire stops anything else)."""
        if self.settings.is_sandbox or case.method.upper() not in WRITE_METHODS or not case.path_parameters:
            return
        for operation, (field, allowed) in self._pinned_fields.items():
            if is_operation(case, operation):
                _pin(case, field, allowed)
        parameters = dict(case.path_parameters)
        # A destructive run removes one fixed contact each way, so the others outlive every phase.
        merged, deleted = self.settings.merged_contact_id, self.settings.deleted_contact_id
        if deleted is not None and is_operation(case, "deleteContact"):
            parameters["contactId"] = deleted
        elif merged is not None and is_operation(case, "uniteContacts"):
            parameters["targetContactId"] = merged
            if _as_int(parameters.get("contactId")) not in self.settings.surviving_contact_ids:
                parameters["contactId"] = next(self._survivors)
        elif "contactId" in parameters and _as_int(parameters["contactId"]) not in self.settings.contact_ids:
            parameters["contactId"] = next(self._survivors)
        if "channelId" in parameters and _as_int(parameters["channelId"]) not in self.settings.channel_ids:
            parameters["channelId"] = self.settings.channel_ids[0] if self.settings.channel_ids else 0
        if parameters != case.path_parameters:
            case.path_parameters = parameters

    def refusal(self, method: str, url: str, body: object = None) -> str | None:
        """Why a request may not be sent, or None when it may."""
        method = method.upper()
        if self.settings.is_sandbox or method not in WRITE_METHODS:
            return None
        if not self.settings.allow_writes:
            return "this run is read-only (pass --allow-writes and --contact-ids to allow writes)"
        path = urlsplit(url).path
        if self._prefix:
            if not path.startswith(f"{self._prefix}/"):
                return f"{method} {path} is outside the base URL's path {self._prefix}"
            path = path[len(self._prefix) :]
        for operation_id, route_method, pattern in self._routes:
            found = pattern.fullmatch(path)  # as the sandbox routes: no trailing newline
            if found and route_method == method:
                parameters = {key: unquote(value) for key, value in found.groupdict().items()}
                return self._refusal_for(operation_id, parameters) or self._pinned_refusal(operation_id, body)
        return f"{method} {path} is not a write operation of the document"

    def _refusal_for(self, operation_id: str, parameters: dict[str, str]) -> str | None:
        if operation_id in UNGUARDED_WRITES:
            return f"{operation_id} is sent to the sandbox only, for now"
        if operation_id in DESTRUCTIVE_OPERATIONS and not self.settings.allow_destructive:
            return f"{operation_id} removes contacts; it needs --allow-destructive"
        for name in CONTACT_PARAMETERS:
            if name in parameters and _as_int(parameters[name]) not in self.settings.contact_ids:
                return f"contact {parameters[name]} is not in --contact-ids"
        if refusal := self._role_refusal(operation_id, parameters):
            return refusal
        if "channelId" in parameters and _as_int(parameters["channelId"]) not in self.settings.channel_ids:
            return f"channel {parameters['channelId']} is not in --channel-ids"
        return None

    def _role_refusal(self, operation_id: str, parameters: dict[str, str]) -> str | None:
        """A destructive run removes its second contact by merging and its third by deleting, no other."""
        merged, deleted = self.settings.merged_contact_id, self.settings.deleted_contact_id
        if operation_id == "deleteContact" and _as_int(parameters["contactId"]) != deleted:
            return f"deleteContact may only remove contact {deleted}, the third of --contact-ids"
        if operation_id != "uniteContacts":
            return None
        if _as_int(parameters["targetContactId"]) != merged:
            return f"uniteContacts may only merge away contact {merged}, the second of --contact-ids"
        if _as_int(parameters["contactId"]) not in self.settings.surviving_contact_ids:
            return f"uniteContacts may only merge into a contact that outlives the run, not {parameters['contactId']}"
        return None

    def _pinned_refusal(self, operation_id: str, body: object) -> str | None:
        field, allowed = self._pinned_fields.get(operation_id, ("", ""))
        if not field or not body:
            return None
        if not isinstance(body, (bytes, str)):
            return f"{operation_id} with a streamed body, whose {field} cannot be checked"
        try:
            sent = json.loads(body)
        except ValueError:
            return None  # not JSON: no field a server could read
        if isinstance(sent, dict) and sent.get(field) != allowed:
            shown = repr(sent[field])[:40] if field in sent else "none"
            return f"{operation_id} may only send the {field} {allowed!r}, not {shown}"
        return None


def _pin(case: ApiCase, field: str, allowed: str) -> None:
    """Whatever a JSON object body holds in `field`, or if it lacks it, it gets the allowed value: a
    lenient server may read 0 as "0", or fire an event without a name. (So on live targets the
    negative cases of these two fields are lost, which only --strict-validation would judge.)"""
    body = case.body
    if isinstance(body, dict) and body.get(field) != allowed:
        case.body = {**body, field: allowed}


_PLAIN_ID = re.compile(r"[1-9][0-9]*")


def _as_int(value: Any) -> int | None:
    """The id a path segment names, only when written plainly: int() would also read "1_2", " 12"
    and non-ASCII digits, which a server may parse differently (as contact 1, say)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _PLAIN_ID.fullmatch(value):
        return int(value)
    return None


class Tripwire:
    """Wraps requests.Session.send (schemathesis' HTTP and in-process transports both use it) while armed."""

    def __init__(self, guard: WriteGuard) -> None:
        self.guard = guard
        self.blocked: list[str] = []

    @contextlib.contextmanager
    def armed(self) -> Iterator[None]:
        """Refuses every unsafe request sent in the block; afterwards requests sends as before."""
        original = requests.Session.send
        tripwire = self

        def guarded_send(
            session: requests.Session, request: requests.PreparedRequest, **kwargs: Any
        ) -> requests.Response:
            reason = tripwire.guard.refusal(str(request.method), str(request.url), request.body)
            if reason is not None:
                message = f"BLOCKED {request.method} {urlsplit(str(request.url)).path}: {reason}"
                tripwire.blocked.append(message)
                raise UnsafeRequestBlocked(message)
            return original(session, request, **kwargs)

        # Patching a method of the class is the point: every session schemathesis makes sends through it.
        requests.Session.send = guarded_send  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            requests.Session.send = original  # type: ignore[method-assign]
