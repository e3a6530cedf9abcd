"""The write guard: what keeps a conformance run against a real API from touching what it may not.

Three layers, each enough on its own for the rule it owns:

1. selection (contract_tests.suite.build_suite): a read-only run includes only GET operations and sends no
   probes with undeclared methods; destructive operations, tags, funnels and messages need their own
   opt-ins (RunSettings.exclusion), and on real servers no generated phase sends a message at all
   (RunSettings.generated_exclusion: only the smoke test does, inside `sending_message`);
2. `rewrite` (a `before_call` hook): a write whose path names a contact or channel outside the
   allow-lists gets an allow-listed id instead, and each pinned value (`pins`: the event name, the
   messenger identifier, the tag ids, the funnel keys, the message text, the notes the run created)
   gets an allowed one, in every phase (examples, coverage, fuzzing, stateful links, follow-ups of
   checks), unless the value as generated is one the document says a server must refuse: then the
   request goes as generated (on a conforming server it cannot reach an automation, a person or a
   tag; under --strict-validation its acceptance fails the run). "Must refuse" is the sandbox's own
   request validation (`Refusals`), the one place the document's request rules are applied;
3. `Tripwire`: wraps the HTTP session that schemathesis sends through and refuses, loudly, any
   request that breaks the rules anyway. It is the hard stop; a run that trips it fails. It also
   sees the answers: the notes a run creates are the only ones it may change, and are deleted at
   the end (contract_tests.suite.undo).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import requests

import openapi_document
from contract_tests.follow_up import ApiCase, content_type, is_operation, operation_id
from contract_tests.settings import MESSAGE_OPERATIONS, MESSAGE_TEXT, WRITE_METHODS, RunSettings
from sandbox.errors import ApiError
from sandbox.request_validation import RequestValidator

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CONTACT_PARAMETERS = ("contactId", "targetContactId")
# The only messenger user a writing run creates a contact for: a WhatsApp number (the identifier
# of that channel type) in no subscriber range, the same in every run.
CREATED_IDENTIFIER = "380000000001"
NOTE_OPERATIONS = frozenset({"updateContactNote", "deleteContactNote"})  # they name a note by its id
_MISSING = object()  # a request without the pinned value
_UNREADABLE = object()  # a request with no field a server could read it from


@dataclass(frozen=True)
class Pin:
    """A value of a write that a real server gets only from an allow-list (or invalid)."""

    location: str  # "path" or "body" (a field of a JSON object body)
    name: str
    values: tuple[Any, ...]  # the allowed values, which the guard puts in by turns
    what: str  # how a message names the allow-list: "--tag-ids", "the event name"

    def allows(self, sent: Any) -> bool:
        if self.location == "path":
            return sent in {str(value) for value in self.values}
        return any(type(sent) is type(value) and sent == value for value in self.values)


def pins(settings: RunSettings) -> dict[str, tuple[Pin, ...]]:
    """operationId -> the values a run may send it only from an allow-list (the notes are the guard's own)."""
    tags = (Pin("path", "tagId", settings.tag_ids, "--tag-ids"),)
    funnels = (Pin("path", "serviceKey", settings.funnel_keys, "--funnel-keys"),)
    # A text message of the one text: no picture, file or video from a generated URL.
    message = (
        Pin("body", "type", ("text",), "the message type"),
        Pin("body", "content", (MESSAGE_TEXT,), "the message text"),
    )
    return {
        "createChannelGate": (Pin("body", "identifier", (CREATED_IDENTIFIER,), "the messenger identifier"),),
        "fireContactEvent": (Pin("body", "name", (settings.event_name,), "the event name"),),
        "addContactTag": tags,
        "removeContactTag": tags,
        "addContactFunnel": funnels,
        "removeContactFunnel": funnels,
        **{operation: message for operation in MESSAGE_OPERATIONS},
    }


class Refusals:
    """Whether the document says a server must refuse a request: the sandbox's own request validation,
    compiled when an operation's first write is judged (an operation it cannot check is never taken
    as refused)."""

    def __init__(self, document: openapi_document.Document) -> None:
        self._operations = {operation.operation_id: operation for operation in document.operations}
        self._validators: dict[str, RequestValidator | None] = {}

    def problems(
        self, operation_id: str, path: Mapping[str, str], query: bytes, content_type: str | None, body: bytes
    ) -> tuple[str, ...]:
        """What the document refuses in the request ("body.name: "" is shorter than 1 character"), or ()."""
        if operation_id not in self._validators:
            operation = self._operations.get(operation_id)
            try:
                self._validators[operation_id] = RequestValidator(operation) if operation is not None else None
            except openapi_document.DocumentError:
                self._validators[operation_id] = None
        validator = self._validators[operation_id]
        if validator is None:
            return ()
        try:
            validator.validate(dict(path), query, content_type, body)
        except ApiError as error:
            return tuple(error.description) or (error.message,)
        return ()


@dataclass(frozen=True)
class _Request:
    """A write as it goes out: its operation, path parameters, query and body."""

    operation_id: str
    parameters: dict[str, str]
    query: bytes
    content_type: str | None
    body: object


class UnsafeRequestBlocked(RuntimeError):
    """A request broke the run's safety rules and was not sent."""


class WriteGuard:
    def __init__(self, settings: RunSettings, document: openapi_document.Document) -> None:
        self.settings = settings
        # A server behind a proxy may live under a path (https://proxy/smartsender): routes follow it.
        # As requests sends it: unreserved characters unquoted (%2D as -).
        self._prefix = requests.utils.requote_uri(urlsplit(settings.base_url or "").path.rstrip("/"))
        self._routes = [
            (op.operation_id, op.method, re.compile(_PARAMETER.sub(r"(?P<\1>[^/]+)", op.path)))
            for op in document.operations
        ]
        self._survivors: Iterator[int] = itertools.cycle(settings.surviving_contact_ids or (0,))
        self._pins = pins(settings)
        self._turns: dict[str, Iterator[Any]] = {}
        self.refusals = Refusals(document)
        # note id -> its contact: the notes this run created, the only ones it may change
        self.created_notes: dict[int, int] = {}
        self._lock = threading.Lock()
        self._messages_allowed = 0

    # -- the before_call hook -----------------------------------------------------------------

    def rewrite(self, context: Any, case: ApiCase, kwargs: dict[str, Any]) -> None:
        """`before_call` hook: points writes at allow-listed ids and values (the tripwire stops anything else)."""
        if self.settings.is_sandbox or case.method.upper() not in WRITE_METHODS or not case.path_parameters:
            return
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
        operation = operation_id(case)
        for pin in self._pins_of(operation) if is_operation(case, operation) else ():
            if self._pinned_refusal(self._request_of(case, operation), pin) is not None:
                self._put_allowed(case, pin, operation)

    def _request_of(self, case: ApiCase, operation_id: str) -> _Request:
        """The request the case makes, as the tripwire will see it."""
        sent = case.as_transport_kwargs(base_url=self.settings.base_url)
        names = ("method", "url", "headers", "params", "json", "data", "cookies")
        prepared = requests.Request(**{key: sent[key] for key in names if key in sent}).prepare()
        path = self._route_path(str(prepared.url)) or ""
        found = self._match(operation_id, str(prepared.method), path)
        return _Request(
            operation_id, found or {}, _query_of(str(prepared.url)), content_type(prepared.headers), prepared.body
        )

    def _put_allowed(self, case: ApiCase, pin: Pin, operation_id: str) -> None:
        if not pin.values:
            return  # nothing allowed (no note created yet): the tripwire refuses the request
        if pin.name == "noteId":
            value = pin.values[-1]  # the note created last
        else:
            value = next(self._turns.setdefault(f"{operation_id} {pin.name}", itertools.cycle(pin.values)))
        if pin.location == "path":
            case.path_parameters = {**case.path_parameters, pin.name: value}
        elif isinstance(case.body, dict):
            case.body = {**case.body, pin.name: value}

    # -- what may be sent ---------------------------------------------------------------------

    def refusal(self, method: str, url: str, body: object = None, content_type: str | None = None) -> str | None:
        """Why a request may not be sent, or None when it may."""
        method = method.upper()
        if self.settings.is_sandbox or method not in WRITE_METHODS:
            return None
        if not self.settings.allow_writes:
            return "this run is read-only (pass --allow-writes and --contact-ids to allow writes)"
        path = self._route_path(url)
        if path is None:
            return f"{method} {urlsplit(url).path} is outside the base URL's path {self._prefix}"
        for operation, route_method, pattern in self._routes:
            found = pattern.fullmatch(path)  # as the sandbox routes: no trailing newline
            if found and route_method == method:
                parameters = {key: unquote(value) for key, value in found.groupdict().items()}
                request = _Request(operation, parameters, _query_of(url), content_type, body)
                pinned = (self._pinned_refusal(request, pin) for pin in self._pins_of(operation))
                return self._refusal_for(operation, parameters) or next((r for r in pinned if r is not None), None)
        return f"{method} {path} is not a write operation of the document"

    def _route_path(self, url: str) -> str | None:
        path = urlsplit(url).path
        if not self._prefix:
            return path
        if not path.startswith(f"{self._prefix}/"):
            return None
        return path[len(self._prefix) :]

    def _match(self, operation_id: str, method: str, path: str) -> dict[str, str] | None:
        for route_operation, route_method, pattern in self._routes:
            found = pattern.fullmatch(path)
            if found and route_operation == operation_id and route_method == method.upper():
                return {key: unquote(value) for key, value in found.groupdict().items()}
        return None

    def _refusal_for(self, operation_id: str, parameters: dict[str, str]) -> str | None:
        if (reason := self.settings.write_exclusion(operation_id)) is not None:
            return f"{operation_id}: {reason}"
        if operation_id in MESSAGE_OPERATIONS and not self._messages_allowed:
            return f"{operation_id} reaches a real person: only the smoke test sends a message, never a generated phase"
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

    def _pins_of(self, operation_id: str) -> tuple[Pin, ...]:
        if operation_id in NOTE_OPERATIONS:
            with self._lock:
                return (Pin("path", "noteId", tuple(self.created_notes), "the notes this run created"),)
        return self._pins.get(operation_id, ())

    def _pinned_refusal(self, request: _Request, pin: Pin) -> str | None:
        """Why the request's pinned value may not be sent: it is neither allowed nor one the document
        refuses (where that alone makes the request one a server must refuse); None when it may."""
        if pin.location == "body" and request.body and not isinstance(request.body, (bytes, str)):
            return f"{request.operation_id} with a streamed body, whose {pin.name} cannot be checked"
        sent = _sent(request, pin)
        if sent is _UNREADABLE or (sent is not _MISSING and pin.allows(sent)):
            return None
        if self.refused_for(request, pin) is not None:
            return None  # invalid: a conforming server refuses it; --strict-validation judges its acceptance
        shown = "none" if sent is _MISSING else repr(sent)[:40]
        allowed = " or ".join(map(repr, pin.values)) or "none yet"
        return f"{request.operation_id} may only send the {pin.name} {allowed} ({pin.what}), not {shown}"

    def refused_for(self, request: _Request, pin: Pin) -> str | None:
        """What the document refuses in the request because of its pinned value, or None: the request
        is refused as it is, and would be accepted with an allowed value in its place."""
        if not pin.values:
            return None
        problems = self._problems(request)
        if not problems:
            return None
        if pin.location == "path":
            replaced = _Request(
                request.operation_id, {**request.parameters, pin.name: str(pin.values[0])}, request.query,
                request.content_type, request.body,
            )  # fmt: skip
        else:
            decoded = json.loads(request.body)  # type: ignore[arg-type]  # checked by the caller
            replaced = _Request(
                request.operation_id, request.parameters, request.query, request.content_type,
                json.dumps({**decoded, pin.name: pin.values[0]}).encode(),
            )  # fmt: skip
        return None if self._problems(replaced) else "; ".join(problems)

    def _problems(self, request: _Request) -> tuple[str, ...]:
        body = request.body
        raw = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else b""
        return self.refusals.problems(
            request.operation_id, request.parameters, request.query, request.content_type, raw
        )

    def let_through(self, method: str, url: str, body: object, content_type: str | None) -> str | None:
        """For a request that was sent: what the document refuses in it, when the guard let its pinned
        value through for that reason (else None). The checks judge its acceptance (--strict-validation)."""
        path = self._route_path(url)
        if self.settings.is_sandbox or path is None:
            return None
        for operation, route_method, pattern in self._routes:
            found = pattern.fullmatch(path)
            if not found or route_method != method.upper():
                continue
            parameters = {key: unquote(value) for key, value in found.groupdict().items()}
            request = _Request(operation, parameters, _query_of(url), content_type, body)
            for pin in self._pins_of(operation):
                sent = _sent(request, pin)
                if sent is not _UNREADABLE and (sent is _MISSING or not pin.allows(sent)):
                    reason = self.refused_for(request, pin)
                    if reason is not None:
                        return reason
            return None
        return None

    # -- messages and the notes of the run ----------------------------------------------------

    @contextlib.contextmanager
    def sending_message(self) -> Iterator[None]:
        """The block in which a message may go out (the smoke test's, with --send-messages only)."""
        with self._lock:
            self._messages_allowed += 1
        try:
            yield
        finally:
            with self._lock:
                self._messages_allowed -= 1

    def answered(self, request: requests.PreparedRequest, response: requests.Response) -> None:
        """Remembers the notes the run created (from the answers to createContactNote)."""
        path = self._route_path(str(request.url))
        if path is None or str(request.method).upper() != "POST" or not 200 <= response.status_code < 300:
            return
        parameters = self._match("createContactNote", "POST", path)
        contact_id = _as_int(parameters.get("contactId")) if parameters is not None else None
        if contact_id is None:
            return
        try:
            note_id = response.json().get("id")
        except (ValueError, AttributeError):
            return
        if isinstance(note_id, int) and not isinstance(note_id, bool):
            with self._lock:
                self.created_notes[note_id] = contact_id


def _sent(request: _Request, pin: Pin) -> Any:
    """The pinned value the request carries; _MISSING when it has none, _UNREADABLE when no server
    could read one (no body, a body that is not a JSON object)."""
    if pin.location == "path":
        return request.parameters.get(pin.name, _MISSING)
    if not request.body or not isinstance(request.body, (bytes, str)):
        return _UNREADABLE
    try:
        decoded = json.loads(request.body)
    except ValueError:
        return _UNREADABLE
    return decoded.get(pin.name, _MISSING) if isinstance(decoded, dict) else _UNREADABLE


def _query_of(url: str) -> bytes:
    return urlsplit(url).query.encode()


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
            sent_as = content_type(request.headers)
            reason = tripwire.guard.refusal(str(request.method), str(request.url), request.body, sent_as)
            if reason is not None:
                message = f"BLOCKED {request.method} {urlsplit(str(request.url)).path}: {reason}"
                tripwire.blocked.append(message)
                raise UnsafeRequestBlocked(message)
            response = original(session, request, **kwargs)
            tripwire.guard.answered(request, response)
            return response

        # Patching a method of the class is the point: every session schemathesis makes sends through it.
        requests.Session.send = guarded_send  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            requests.Session.send = original  # type: ignore[method-assign]
